// A unified diff limited to the regions the edits touch (a whole-file LCS would be quadratic on a
// file of thousands of connections). Callers pass texts whose secret values are already masked.
import type { TextEdit } from './types';
import { LineIndex } from '../lineIndex';

const CONTEXT = 3;
/** Largest LCS table (cells) diffed in one piece; past it lines are listed as removed then added. */
const MAX_LCS_CELLS = 1_000_000;
/** Hunks up to this LCS size are diffed whole; bigger ones edit by edit (keeps the total linear). */
const WHOLE_HUNK_CELLS = 100_000;

function splitLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/\r$/, ''));
}

/** Line diff of two small arrays (LCS). */
function diffLines(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_LCS_CELLS) return [...a.map((line) => `-${line}`), ...b.map((line) => `+${line}`)];
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(` ${a[i++]}`);
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`-${a[i++]}`);
    } else {
      out.push(`+${b[j++]}`);
    }
  }
  return out;
}

interface LineRange {
  b0: number;
  b1: number;
  a0: number;
  a1: number;
}

/**
 * A hunk of many edits close together (e.g. every credentials object of a pretty-printed file): the
 * unchanged lines between edits are context, and only the lines an edit touches are diffed, so the
 * work stays linear in the hunk (a whole-hunk LCS is quadratic in its lines).
 */
function hunkByEdits(group: readonly LineRange[], b0: number, b1: number, before: readonly string[], after: readonly string[]): string[] {
  const out: string[] = [];
  let b = b0;
  let i = 0;
  while (i < group.length) {
    // Edits that share a line are diffed together.
    const first = group[i++];
    let last = first;
    let a1 = first.a1;
    let lastB1 = first.b1;
    while (i < group.length && group[i].b0 <= lastB1) {
      last = group[i++];
      lastB1 = Math.max(lastB1, last.b1);
      a1 = Math.max(a1, last.a1);
    }
    while (b < first.b0) out.push(` ${before[b++]}`);
    for (const line of diffLines(before.slice(first.b0, lastB1 + 1), after.slice(first.a0, a1 + 1))) out.push(line);
    b = lastB1 + 1;
  }
  while (b <= b1) out.push(` ${before[b++]}`);
  return out;
}

/** `edits` are against `before`; `after` is `before` with them applied. */
export function unifiedDiff(label: string, before: string, after: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return '';
  const sorted = [...edits].sort((x, y) => x.offset - y.offset);
  const beforeIndex = new LineIndex(before);
  const afterIndex = new LineIndex(after);
  const beforeLines = splitLines(before);
  const afterLines = splitLines(after);
  // Each edit as before/after line ranges.
  let delta = 0;
  const ranges = sorted.map((edit) => {
    const range = {
      b0: beforeIndex.line(edit.offset),
      b1: beforeIndex.line(edit.offset + edit.length),
      a0: afterIndex.line(edit.offset + delta),
      a1: afterIndex.line(edit.offset + delta + edit.content.length),
    };
    delta += edit.content.length - edit.length;
    return range;
  });
  const groups: (typeof ranges)[] = [];
  for (const range of ranges) {
    const last = groups[groups.length - 1];
    if (last && range.b0 - last[last.length - 1].b1 <= 2 * CONTEXT) last.push(range);
    else groups.push([range]);
  }
  const out = [`--- ${label}`, `+++ ${label} (migrated)`];
  for (const group of groups) {
    const first = group[0];
    const last = group[group.length - 1];
    const lead = Math.min(CONTEXT, first.b0);
    const trail = Math.min(CONTEXT, beforeLines.length - 1 - last.b1);
    const b0 = first.b0 - lead;
    const b1 = last.b1 + trail;
    const a0 = first.a0 - lead;
    const a1 = last.a1 + trail;
    out.push(`@@ -${b0 + 1},${b1 - b0 + 1} +${a0 + 1},${a1 - a0 + 1} @@`);
    // Small hunks keep the whole-hunk LCS (its alignment is the familiar one); big ones go edit by edit.
    const body =
      (b1 - b0 + 2) * (a1 - a0 + 2) <= WHOLE_HUNK_CELLS
        ? diffLines(beforeLines.slice(b0, b1 + 1), afterLines.slice(a0, a1 + 1))
        : hunkByEdits(group, b0, b1, beforeLines, afterLines);
    for (const line of body) out.push(line);
  }
  return out.join('\n') + '\n';
}
