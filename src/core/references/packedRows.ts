// The index rows of many files packed for a hop between threads: every row's numbers in one Int32Array
// (transferred to the receiving thread, not copied) and each part string once per sender: a batch
// carries only the strings its sender had not sent before (StringIds), which the receiver appends to
// its table of that sender (StringTable). An index worker sends one batch per batch of files and the
// in-thread path builds the same, so both index alike. Structured-cloning 100,000 row tuples and
// interning their 700,000 strings cost the receiving thread (the editor's extension host) more than
// reading and scanning the files did.
import { LineIndex } from '../lineIndex';
import type { ReferenceKind, SecretReference } from './types';

/** Int32 slots per row: kind, offset, length, line, column, endLine, endColumn, then seven string ids (-1: null). */
export const ROW_WIDTH = 14;
/** The kind slot's codes. */
export const KIND_CODES: readonly ReferenceKind[] = ['vault', 'aws', 'self-hosted', 'template'];

/** One batch of packed rows: string ids below `base` were sent in earlier batches of the same sender. */
export interface PackedRows {
  numbers: Int32Array;
  base: number;
  strings: string[];
}

/** The sender's side: an id for each string, and which were not sent yet. */
export class StringIds {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  private sent = 0;

  id(value: string | null): number {
    if (value === null) return -1;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.strings.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }

  /** The strings added since the last call, and the id of the first. */
  takeNew(): { base: number; strings: string[] } {
    const base = this.sent;
    this.sent = this.strings.length;
    return { base, strings: this.strings.slice(base) };
  }
}

/** The receiver's side: for each of one sender's string ids, the receiver's own id of that string (`own` interns it). */
export class StringTable {
  readonly ids: number[] = [];

  receive(batch: PackedRows, own: (value: string) => number): void {
    if (batch.base !== this.ids.length) throw new Error(`packed rows out of order: strings from ${batch.base}, ${this.ids.length} held`);
    for (const value of batch.strings) this.ids.push(own(value));
  }
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

  /** `ids`: the sender's, kept across its batches. */
  constructor(private readonly ids = new StringIds()) {}

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
      slots[at] = KIND_CODES.indexOf(ref.kind);
      slots[at + 1] = ref.offset;
      slots[at + 2] = ref.length;
      slots[at + 3] = start.line;
      slots[at + 4] = start.column;
      slots[at + 5] = end.line;
      slots[at + 6] = end.column;
      // The seven part strings, in the snapshot's IndexRow order.
      const { ids } = this;
      slots[at + 7] = ids.id(ref.storeName);
      slots[at + 8] = ids.id(ref.templateName);
      slots[at + 9] = ids.id(ref.path);
      slots[at + 10] = ids.id(ref.key);
      slots[at + 11] = ids.id(ref.versionStage);
      slots[at + 12] = ids.id(ref.versionId);
      slots[at + 13] = ids.id(ref.selfHosted?.region ?? null);
      at += ROW_WIDTH;
    }
    this.rows += refs.length;
    return { first, count: refs.length };
  }

  /** The batch, its numbers trimmed to the rows added (a buffer of its own, safe to transfer). */
  finish(): PackedRows {
    return { numbers: this.numbers.slice(0, this.rows * ROW_WIDTH), ...this.ids.takeNew() };
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
  const kind = KIND_CODES[numbers[row * ROW_WIDTH]];
  if (kind === undefined) throw new Error(`packed row ${row}: unknown kind ${numbers[row * ROW_WIDTH]}`);
  return kind;
}
