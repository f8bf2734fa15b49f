// The index rows of many files packed for a hop between threads: every row's numbers in one Int32Array
// (transferred to the receiving thread, not copied) and each part string once per batch. An index worker
// sends one per batch of files and the in-thread path builds the same, so both index alike. Structured-
// cloning 100,000 row tuples and interning their 700,000 strings cost the receiving thread (the editor's
// extension host) more than reading and scanning the files did.
import { LineIndex } from '../lineIndex';
import type { ReferenceKind, SecretReference } from './types';

/** Int32 slots per row: kind, offset, length, line, column, endLine, endColumn, then seven string ids (-1: null). */
export const ROW_WIDTH = 14;
export const FIRST_STRING_SLOT = 7;
const KINDS: readonly ReferenceKind[] = ['vault', 'aws', 'self-hosted', 'template'];

/** One batch of packed rows. */
export interface PackedRows {
  numbers: Int32Array;
  strings: string[];
}

/** Where one file's rows sit in a batch. */
export interface PackedSpan {
  first: number;
  count: number;
}

/** Builds a batch: add each file's references (positions worked out from its text), then finish(). */
export class RowPacker {
  private numbers = new Int32Array(ROW_WIDTH * 512);
  private rows = 0;
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();

  add(text: string, refs: readonly SecretReference[]): PackedSpan {
    const first = this.rows;
    if (refs.length === 0) return { first, count: 0 };
    this.reserve(refs.length);
    // Lines are counted only up to the last reference's end: the rest of the file is never split.
    const last = refs[refs.length - 1];
    const lines = new LineIndex(text, last.offset + last.length);
    let at = first * ROW_WIDTH;
    for (const ref of refs) {
      const start = lines.position(ref.offset);
      const end = lines.position(ref.offset + ref.length);
      const slots = this.numbers;
      slots[at] = KINDS.indexOf(ref.kind);
      slots[at + 1] = ref.offset;
      slots[at + 2] = ref.length;
      slots[at + 3] = start.line;
      slots[at + 4] = start.column;
      slots[at + 5] = end.line;
      slots[at + 6] = end.column;
      // The seven part strings, in the snapshot's IndexRow order.
      slots[at + 7] = this.id(ref.storeName);
      slots[at + 8] = this.id(ref.templateName);
      slots[at + 9] = this.id(ref.path);
      slots[at + 10] = this.id(ref.key);
      slots[at + 11] = this.id(ref.versionStage);
      slots[at + 12] = this.id(ref.versionId);
      slots[at + 13] = this.id(ref.selfHosted?.region ?? null);
      at += ROW_WIDTH;
    }
    this.rows += refs.length;
    return { first, count: refs.length };
  }

  /** The batch, its numbers trimmed to the rows added (a buffer of its own, safe to transfer). */
  finish(): PackedRows {
    return { numbers: this.numbers.slice(0, this.rows * ROW_WIDTH), strings: this.strings };
  }

  private id(value: string | null): number {
    if (value === null) return -1;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.strings.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }

  private reserve(more: number): void {
    const needed = (this.rows + more) * ROW_WIDTH;
    if (needed <= this.numbers.length) return;
    const grown = new Int32Array(Math.max(needed, this.numbers.length * 2));
    grown.set(this.numbers);
    this.numbers = grown;
  }
}

/** The kind a packed row's first slot codes. */
export function kindAt(numbers: Int32Array, row: number): ReferenceKind {
  const kind = KINDS[numbers[row * ROW_WIDTH]];
  if (kind === undefined) throw new Error(`packed row ${row}: unknown kind ${numbers[row * ROW_WIDTH]}`);
  return kind;
}
