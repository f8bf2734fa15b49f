// Offset <-> line/column in O(log n) per lookup: the CLI prints thousands of positions, the migration
// diff maps every edit to its lines, and the language server converts every diagnostic of a 20,000-
// connection file. The one place line positions are computed. Lines end at \n, \r\n or a lone \r, as
// in VS Code and the Language Server Protocol.

import type { TextLike } from './chunkedText';

const LF = 10;
const CR = 13;

/** 0-based line and UTF-16 column, as the Language Server Protocol counts. */
export interface LinePosition {
  line: number;
  character: number;
}

/**
 * The offsets at which lines start, [0, ...], up to `limit`. Text with no lone \r (the common case,
 * \n or \r\n files) is split by indexOf, several times faster on a big file than a loop over every
 * character, and into a typed array: a 280,000-line file is one allocation.
 */
function lineStarts(text: string, limit: number): Uint32Array {
  let breaks = 0;
  let pairs = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < limit; i = text.indexOf('\n', i + 1)) {
    breaks++;
    if (i > 0 && text.charCodeAt(i - 1) === CR) pairs++;
  }
  let returns = 0;
  for (let i = text.indexOf('\r'); i !== -1 && i < limit; i = text.indexOf('\r', i + 1)) returns++;
  if (returns === pairs) {
    const starts = new Uint32Array(breaks + 1);
    let k = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < limit; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    return starts;
  }
  const starts = [0];
  const end = Math.min(limit, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === CR && text.charCodeAt(i + 1) === LF && i + 1 < end) i++;
    if (c === CR || c === LF) starts.push(i + 1);
  }
  return Uint32Array.from(starts);
}

/** The index of the last of ascending `starts` (starts[0] = 0) at or before `offset`: a line's, a chunk's. */
export function lastStartAtOrBefore(starts: ArrayLike<number>, offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

export class LineIndex {
  private starts: Uint32Array;
  /** A string, or the language server's chunked text: read a character at a time once split. */
  private text: TextLike;

  /** `upTo`: lines are split only up to this offset (positions past it are on its line); default the whole text. */
  constructor(
    text: string,
    private readonly upTo = Infinity,
  ) {
    this.text = text;
    this.starts = lineStarts(text, upTo);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line of an offset. */
  line(offset: number): number {
    return lastStartAtOrBefore(this.starts, offset);
  }

  /** 1-based line and column (UTF-16 units) of an offset. */
  position(offset: number): { line: number; column: number } {
    const line = this.line(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }

  /** The LSP position of an offset (clamped to the text; never between a \r and its \n). */
  positionAt(offset: number): LinePosition {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const line = this.line(at);
    const start = this.starts[line];
    return { line, character: this.beforeBreak(at, start) - start };
  }

  /** The offset of an LSP position (a column past its line's end is the end of the line, before the break). */
  offsetAt(position: LinePosition): number {
    const starts = this.starts;
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = starts[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return this.beforeBreak(Math.min(start + position.character, next), start);
  }

  /**
   * Keeps the index in step with an edit: [start, end) of the old text replaced by `inserted`, giving
   * `text`. Only the lines inside the edit are split again; later line starts shift.
   */
  edit(start: number, end: number, inserted: string, text: TextLike): void {
    const old = this.text;
    this.text = text;
    const after = start + inserted.length;
    // A \r\n joined or split at either end of the edit: the breaks around it are not the ones counted.
    const seam = (s: TextLike, at: number) => at > 0 && s.charCodeAt(at - 1) === CR && s.charCodeAt(at) === LF;
    if (this.upTo !== Infinity || seam(old, start) || seam(old, end) || seam(text, start) || seam(text, after)) {
      this.starts = lineStarts(text.toString(), this.upTo);
      return;
    }
    const first = this.line(start);
    const last = this.line(end);
    const added = lineStarts(inserted, Infinity);
    const shift = inserted.length - (end - start);
    const kept = this.starts;
    const length = kept.length - (last - first) + (added.length - 1);
    const starts = length === kept.length ? kept : new Uint32Array(length);
    if (starts !== kept) starts.set(kept.subarray(0, first + 1));
    for (let i = 1; i < added.length; i++) starts[first + i] = added[i] + start;
    const from = first + added.length;
    if (starts === kept) {
      if (shift !== 0) for (let i = from; i < length; i++) starts[i] += shift;
    } else {
      for (let i = last + 1, k = from; i < kept.length; i++, k++) starts[k] = kept[i] + shift;
    }
    this.starts = starts;
  }

  /** An offset moved back over line-break characters, not before its line's `start`. */
  private beforeBreak(offset: number, start: number): number {
    while (offset > start) {
      const c = this.text.charCodeAt(offset - 1);
      if (c !== LF && c !== CR) break;
      offset--;
    }
    return offset;
  }
}
