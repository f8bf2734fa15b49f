// The journal of a move, beside the migration journals (same folder, same append-only JSON lines, see
// migration/journal.ts): what was moved where, the files whose references it rewrites, and how far it
// got. Names only, never a value. A move cut short (the store died between copy and delete, the process
// was killed) leaves it behind; the next start reads it and offers to finish or roll back.
import * as fs from 'node:fs';
import { JournalWriter, openLineJournal, readLineJournals } from '../migration/journal';
import type { MoveRequest } from './movePlan';

/** How far a move got: each state is written once the step before it is done. */
export type MoveState =
  /** The copy started: the destination may hold a partial copy (ours: it did not exist before). */
  | 'copying'
  /** The copy is complete and verified by hash against the source. */
  | 'copied'
  /** Every reference was rewritten to the destination. */
  | 'rewritten'
  /** The old secret (or key) was removed. */
  | 'deleted';

const ORDER: readonly MoveState[] = ['copying', 'copied', 'rewritten', 'deleted'];

export interface MoveJournalHeader extends JournalWriter {
  kind: 'move';
  runId: string;
  startedAt: string;
  request: MoveRequest;
  /** The workspace root the files are relative to (a path or a URI string). */
  root: string;
  /** Key moves to another secret: whether that secret did not exist before (a roll back removes it). */
  createdDestination?: boolean;
}

export interface MoveRecord {
  file: string;
  header: MoveJournalHeader;
  /** The furthest state recorded, or undefined when the move had not started copying. */
  state: MoveState | undefined;
  /** AWS: the destination's ARN, once the copy made it. */
  newArn?: string;
}

export interface MoveJournal {
  readonly file: string;
  record(state: MoveState, details?: { newArn?: string }): void;
  /** The move ended (done, or rolled back): nothing is left to recover. */
  close(): void;
}

const SUFFIX = '.move.jsonl';

export function openMoveJournal(dir: string, header: Omit<MoveJournalHeader, 'kind' | 'runId' | 'startedAt'>): MoveJournal {
  const journal = openLineJournal(dir, SUFFIX, { kind: 'move', ...header });
  return {
    file: journal.file,
    record: (state, details) => journal.append({ s: state, ...(details?.newArn ? { arn: details.newArn } : {}) }),
    close: () => journal.close(),
  };
}

/** Reopens a left-behind journal to go on recording in it (finish or roll back). */
export function continueMoveJournal(record: MoveRecord): MoveJournal {
  return {
    file: record.file,
    record: (state, details) => {
      // Appended to the same file: a second crash is found again with everything recorded so far.
      fs.appendFileSync(record.file, `${JSON.stringify({ s: state, ...(details?.newArn ? { arn: details.newArn } : {}) })}\n`);
    },
    close: () => fs.rmSync(record.file, { force: true }),
  };
}

function isHeader(value: unknown): value is MoveJournalHeader {
  const h = value as MoveJournalHeader;
  return (
    !!h &&
    h.kind === 'move' &&
    typeof h.runId === 'string' &&
    typeof h.root === 'string' &&
    !!h.request &&
    typeof h.request.store === 'string' &&
    (h.request.kind === 'vault' || h.request.kind === 'aws') &&
    typeof h.request.from?.path === 'string' &&
    typeof h.request.to?.path === 'string'
  );
}

/** Moves left unfinished in `dir`, oldest first; journals that cannot be read are named. */
export function readMoveJournals(dir: string): { records: MoveRecord[]; unreadable: string[] } {
  const { journals, unreadable } = readLineJournals(dir, SUFFIX);
  const records: MoveRecord[] = [];
  for (const { file, header, events } of journals) {
    if (!isHeader(header)) {
      unreadable.push(file);
      continue;
    }
    const record: MoveRecord = { file, header, state: undefined };
    for (const event of events as { s?: unknown; arn?: unknown }[]) {
      const state = ORDER.find((s) => s === event.s);
      if (state && (record.state === undefined || ORDER.indexOf(state) > ORDER.indexOf(record.state))) record.state = state;
      if (typeof event.arn === 'string') record.newArn = event.arn;
    }
    records.push(record);
  }
  return { records, unreadable };
}
