// Offset-based text edits (offsets from the document model, schemas/jsonc.ts) and the document fingerprint the
// executor checks before it touches anything.
import { createHash } from 'node:crypto';
import type { TextEdit } from './types';

/** Applies non-overlapping edits given against the same original text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.offset < cursor) throw new Error(`overlapping edits at offset ${edit.offset}`);
    parts.push(text.slice(cursor, edit.offset), edit.content);
    cursor = edit.offset + edit.length;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
