// A big document's text as chunks of about CHUNK characters, for an editor's keystrokes: replacing a
// range copies the chunks it touches, not the text. A string rebuilt per keystroke (`a.slice(0, s) +
// inserted + a.slice(e)`) is copied whole by V8 when it is next read: 7–14 ms a keystroke on the
// language server's 8.3 MB bench file, most of its time after an edit. The whole string is built only
// when something asks for it (toString), once per version.
import { lastStartAtOrBefore } from './lineIndex';

/** What a text reader needs of a text: a string is one, and so is a ChunkedText. */
export interface TextLike {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start: number, end?: number): string;
  toString(): string;
}

/** Chunks are split to this size, and again when an edit makes one twice as long. */
const CHUNK = 64 * 1024;

export class ChunkedText implements TextLike {
  private whole: string | undefined;

  private constructor(
    private readonly chunks: readonly string[],
    /** Where each chunk starts in the text. */
    private readonly starts: readonly number[],
    readonly length: number,
    private readonly size: number,
  ) {}

  /** `size`: the chunks' (tests make it small). */
  static of(text: string, size = CHUNK): ChunkedText {
    const chunks = split(text, size);
    const chunked = new ChunkedText(chunks, startsOf(chunks), text.length, size);
    chunked.whole = text;
    return chunked;
  }

  charCodeAt(index: number): number {
    if (!(index >= 0 && index < this.length)) return NaN;
    const k = this.chunkAt(index);
    return this.chunks[k].charCodeAt(index - this.starts[k]);
  }

  slice(start: number, end = this.length): string {
    const from = clamp(start < 0 ? this.length + start : start, this.length);
    const to = clamp(end < 0 ? this.length + end : end, this.length);
    if (to <= from) return '';
    if (this.whole !== undefined) return this.whole.slice(from, to);
    const first = this.chunkAt(from);
    const last = this.chunkAt(to - 1);
    if (first === last) return this.chunks[first].slice(from - this.starts[first], to - this.starts[first]);
    const parts = [this.chunks[first].slice(from - this.starts[first])];
    for (let k = first + 1; k < last; k++) parts.push(this.chunks[k]);
    parts.push(this.chunks[last].slice(0, to - this.starts[last]));
    return parts.join('');
  }

  toString(): string {
    this.whole ??= this.chunks.join('');
    return this.whole;
  }

  /** The text with [start, end) replaced by `inserted` (this one unchanged: the two share their other chunks). */
  replaced(start: number, end: number, inserted: string): ChunkedText {
    start = clamp(start, this.length);
    end = Math.max(start, clamp(end, this.length));
    if (this.chunks.length === 0) return ChunkedText.of(inserted, this.size);
    const first = this.chunkAt(start);
    // An edit ending at a chunk's end stays in that chunk (and at the text's end, in the last one).
    const last = end === start ? first : this.chunkAt(end - 1);
    const base = this.starts[first];
    let touched = this.chunks[first];
    for (let k = first + 1; k <= last; k++) touched += this.chunks[k];
    const edited = touched.slice(0, start - base) + inserted + touched.slice(end - base);
    const pieces = edited.length > 2 * this.size ? split(edited, this.size) : edited.length > 0 ? [edited] : [];
    const chunks = [...this.chunks.slice(0, first), ...pieces, ...this.chunks.slice(last + 1)];
    return new ChunkedText(chunks, startsOf(chunks), this.length - (end - start) + inserted.length, this.size);
  }

  /** The chunk holding `index` (0 <= index < length). */
  private chunkAt(index: number): number {
    return lastStartAtOrBefore(this.starts, index);
  }
}

function clamp(value: number, length: number): number {
  return Math.max(0, Math.min(Number.isNaN(value) ? 0 : Math.trunc(value), length));
}

function split(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return chunks;
}

function startsOf(chunks: readonly string[]): number[] {
  const starts = new Array<number>(chunks.length);
  let at = 0;
  for (let k = 0; k < chunks.length; k++) {
    starts[k] = at;
    at += chunks[k].length;
  }
  return starts;
}
