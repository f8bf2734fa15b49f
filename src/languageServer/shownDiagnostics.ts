// What the client holds of a document's diagnostics, and how an edit inside one connection changes it
// without working out, converting or sending the diagnostics of the 19,999 others. When no line break
// was added or removed, every diagnostic on the other lines is exactly where it was (LSP positions are
// lines and columns): only the edited connection's lines are worked out again and put in place of the
// ones held there. A client that pulls is told "unchanged" when that changed nothing; one that is
// pushed to is sent nothing.
import type { Diagnostic } from 'vscode-languageserver/node';

/** The diagnostics the client holds for one document. */
export interface Shown {
  /** The document version they were worked out for. */
  version: number;
  /** Sorted by start position. */
  items: Diagnostic[];
  /** Changes whenever `items` do (textDocument/diagnostic's resultId). */
  resultId: string;
  /** Both phases are in (the store-resolved diagnostics too): an edit window can start from these. */
  complete: boolean;
}

/** The lines of one edited connection, to work out again. */
export interface LineWindow {
  from: number;
  to: number;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character &&
    a.severity === b.severity &&
    a.code === b.code &&
    a.source === b.source &&
    a.message === b.message
  );
}

/** Whether two lists hold the same diagnostics in the same order. */
export function sameItems(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => sameDiagnostic(d, b[i]));
}

/** First index of a diagnostic starting on `line` or later (items sorted by start). */
function firstFrom(items: readonly Diagnostic[], line: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (items[mid].range.start.line < line) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * `items` with the diagnostics starting on the window's lines replaced by `replacement` (which must all
 * start on those lines, sorted): `unchanged` when that is what they were, `overlap` when a diagnostic
 * starting before the window reaches into it (it may have moved: work everything out again).
 */
export function replaceWindow(
  items: readonly Diagnostic[],
  window: LineWindow,
  replacement: readonly Diagnostic[],
): Diagnostic[] | 'unchanged' | 'overlap' {
  const start = firstFrom(items, window.from);
  const end = firstFrom(items, window.to + 1);
  for (let i = 0; i < start; i++) if (items[i].range.end.line >= window.from) return 'overlap';
  if (replacement.some((d) => d.range.start.line < window.from || d.range.start.line > window.to)) return 'overlap';
  if (end - start === replacement.length && replacement.every((d, i) => sameDiagnostic(d, items[start + i]))) return 'unchanged';
  return [...items.slice(0, start), ...replacement, ...items.slice(end)];
}
