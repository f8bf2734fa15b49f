// A crash-safe record of a migration run: which secrets it was writing, had written or removed again,
// in which store, for which file. A run cut short (the extension host killed, the machine switched
// off) leaves its journal behind, so the next start can tell the user what happened and clean up.
// Names only, never a value. Append-only JSON lines written synchronously: a line written before the
// process dies is in the kernel's hands, and a torn last line is ignored when read back.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MigrationPlan } from './types';

export type JournalState = 'writing' | 'created' | 'removed';

export interface JournalConnection {
  name: string;
  location: string;
  secretPath: string;
}

/** Who writes a journal: the editor, the CLI and the language server share the folder, so one must not
 *  take another's run in progress for an interrupted one. */
export interface JournalWriter {
  pid?: number;
  host?: string;
}

export interface JournalHeader extends JournalWriter {
  runId: string;
  /** ISO time the run started (before its first write). */
  startedAt: string;
  /** File path or URI string of the migrated document, as the plan names it. */
  source: string;
  /** URI string of the document, for an editor to reopen it. */
  sourceUri?: string;
  store: string;
  storeKind: 'vault' | 'aws';
  /** The connections the run was about to migrate. */
  connections: JournalConnection[];
}

/** What the executor records; `close` is called by whoever ran it, once the report is in hand. */
export interface MigrationJournal {
  writing(secretPath: string): void;
  created(secretPath: string): void;
  removed(secretPath: string): void;
  /** The run ended normally (its report says what happened): nothing is left to recover. */
  close(): void;
}

/** A journal that records nothing (no folder to keep one in, or a caller that wants none). */
export const NO_JOURNAL: MigrationJournal = {
  writing: () => undefined,
  created: () => undefined,
  removed: () => undefined,
  close: () => undefined,
};

/** Opens the journal of a run about to execute `plan` on the document at `source` (an absolute path or URI). */
export function openPlanJournal(dir: string, plan: MigrationPlan, source: string, sourceUri?: string): MigrationJournal & { file: string } {
  return openJournal(dir, {
    source,
    sourceUri,
    store: plan.target.store,
    storeKind: plan.target.kind,
    connections: plan.connections
      .filter((c) => c.status === 'ready')
      .map((c) => ({ name: c.name, location: c.location, secretPath: c.secretPath })),
  });
}

export interface JournalRecord {
  file: string;
  header: JournalHeader;
  /** Last recorded state per secret path. */
  states: Map<string, JournalState>;
}

const SUFFIX = '.migration.jsonl';

export function openJournal(dir: string, header: Omit<JournalHeader, 'runId' | 'startedAt'>): MigrationJournal & { file: string } {
  const journal = openLineJournal(dir, SUFFIX, header);
  const record = (state: JournalState) => (secretPath: string) => journal.append({ p: secretPath, s: state });
  return {
    file: journal.file,
    writing: record('writing'),
    created: record('created'),
    removed: record('removed'),
    close: () => journal.close(),
  };
}

/** An append-only JSON-lines journal: the header (with a run id and start time) first, then events. */
export interface LineJournal<H> {
  file: string;
  header: H & { runId: string; startedAt: string };
  append(event: object): void;
  /** Closes and removes the journal: nothing is left to recover. */
  close(): void;
}

/** Whether another process on this machine that is still running wrote the journal (its run is going on). */
function writtenByLiveProcess(header: unknown): boolean {
  const { pid, host } = (header ?? {}) as JournalWriter;
  if (typeof pid !== 'number' || host !== os.hostname() || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Opens a journal file `<time>-<run>.<suffix>` in `dir` (the migration journal and the move journal). */
export function openLineJournal<H extends object>(dir: string, suffix: string, header: H): LineJournal<H> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const writer: JournalWriter = { pid: process.pid, host: os.hostname() };
  const full = { runId: randomUUID(), startedAt: new Date().toISOString(), ...writer, ...header };
  const file = path.join(dir, `${full.startedAt.replace(/[:.]/g, '-')}-${full.runId.slice(0, 8)}${suffix}`);
  const fd = fs.openSync(file, 'a', 0o600);
  let open = true;
  const append = (line: object) => {
    if (open) fs.writeSync(fd, `${JSON.stringify(line)}\n`);
  };
  append(full);
  return {
    file,
    header: full,
    append,
    close: () => {
      if (!open) return;
      open = false;
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
    },
  };
}

/** The journals with `suffix` in `dir`, oldest first: each file's parsed header (undefined when it does not
 *  parse) and its event lines (a torn last line and empty lines are left out); unreadable files named.
 *  A journal another running process on this machine is writing is no leftover: it is left out. */
export function readLineJournals(
  dir: string,
  suffix: string,
): { journals: { file: string; header: unknown; events: unknown[] }[]; unreadable: string[] } {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith(suffix))
      .sort();
  } catch {
    return { journals: [], unreadable: [] };
  }
  const journals: { file: string; header: unknown; events: unknown[] }[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let lines: string[];
    try {
      lines = fs.readFileSync(file, 'utf8').split('\n');
    } catch {
      unreadable.push(file);
      continue;
    }
    const parse = (line: string): unknown => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        // A torn last line (the process died mid-write) or an empty one.
        return undefined;
      }
    };
    const header = parse(lines[0]);
    if (writtenByLiveProcess(header)) continue;
    const events = lines
      .slice(1)
      .map(parse)
      .filter((event) => typeof event === 'object' && event !== null);
    journals.push({ file, header, events });
  }
  return { journals, unreadable };
}

function isHeader(value: unknown): value is JournalHeader {
  const h = value as JournalHeader;
  return !!h && typeof h.runId === 'string' && typeof h.store === 'string' && typeof h.source === 'string' && Array.isArray(h.connections);
}

/** Journals left behind in `dir` by runs that did not finish; files that cannot be read are named. */
export function readJournals(dir: string): { records: JournalRecord[]; unreadable: string[] } {
  const { journals, unreadable } = readLineJournals(dir, SUFFIX);
  const records: JournalRecord[] = [];
  for (const { file, header, events } of journals) {
    if (!isHeader(header)) {
      unreadable.push(file);
      continue;
    }
    const states = new Map<string, JournalState>();
    for (const event of events as { p?: unknown; s?: unknown }[]) {
      if (typeof event.p === 'string' && (event.s === 'writing' || event.s === 'created' || event.s === 'removed'))
        states.set(event.p, event.s);
    }
    records.push({ file, header, states });
  }
  return { records, unreadable };
}

export function discardJournal(record: Pick<JournalRecord, 'file'>): void {
  fs.rmSync(record.file, { force: true });
}
