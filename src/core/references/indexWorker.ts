// An index worker thread: stats, reads and scans the files it is sent and posts back the batch's rows
// packed (packedRows.ts: parts and positions, never the text). The first full index of a large repository is
// reading and scanning; spread over the cores, the main thread (the editor's extension host) only walks
// and files the rows. Built as its own bundle (dist/indexWorker.js) because the extension's bundle
// imports `vscode`, which a worker cannot load; compiled by tsc, it sits next to indexBuilder.js.
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { splitBom } from '../bom';
import { RowPacker, StringIds, type PackedRows, type PackedSpan } from './packedRows';
import { sameStamp, statStamp, type FileStamp } from './fileStamp';
import { scanReferences } from './scanner';

export const INDEX_WORKER_ROLE = 'secretref-index';

/** One file to look at: its path (relative to the refresh's root, with `/`), and the stamp the index holds for it (unchanged: not read). */
export interface IndexJob {
  file: string;
  known?: FileStamp;
}

export type IndexJobResult =
  | { file: string; outcome: 'gone' | 'unreadable' }
  | { file: string; outcome: 'same' | 'too-large'; stamp: FileStamp }
  | ({ file: string; outcome: 'scanned'; stamp: FileStamp } & PackedSpan);

// The wire between threads is typed arrays and one string per batch: structured-cloning tens of
// thousands of small objects cost the receiving thread more than the work they stood for.
const OUTCOMES: readonly IndexJobResult['outcome'][] = ['gone', 'unreadable', 'same', 'too-large', 'scanned'];
const SEPARATOR = '\u0000';

/**
 * What a refresh done with a worker says before it is kept for the next (indexThreads.ts): the strings
 * sent are forgotten, so a waiting worker holds nothing of the repository and the next refresh's
 * strings start afresh, as its table of this worker does.
 */
export const INDEX_WORKER_IDLE = 'idle';

/** A batch of jobs as posted to a worker: names joined by NUL (no path holds one), known stamps as STAMP_WIDTH numbers each (NaN: none). */
export interface IndexBatch {
  id: number;
  root: string;
  maxFileBytes: number;
  files: string;
  known: Float64Array;
}

/** A batch's results as posted back: per job its outcome code, stamp and row span, and the packed rows. */
export interface IndexBatchDone {
  id: number;
  outcomes: Uint8Array;
  stamps: Float64Array;
  spans: Int32Array;
  rows: PackedRows;
}

/** A stamp on the wire: mtimeMs, ctimeMs, size. */
const STAMP_WIDTH = 3;

function putStamp(into: Float64Array, i: number, stamp: FileStamp): void {
  into[STAMP_WIDTH * i] = stamp.mtimeMs;
  into[STAMP_WIDTH * i + 1] = stamp.ctimeMs;
  into[STAMP_WIDTH * i + 2] = stamp.size;
}

function getStamp(from: Float64Array, i: number): FileStamp {
  return { mtimeMs: from[STAMP_WIDTH * i], ctimeMs: from[STAMP_WIDTH * i + 1], size: from[STAMP_WIDTH * i + 2] };
}

export function encodeBatch(id: number, root: string, maxFileBytes: number, jobs: readonly IndexJob[]): IndexBatch {
  const known = new Float64Array(jobs.length * STAMP_WIDTH).fill(NaN);
  jobs.forEach((job, i) => job.known && putStamp(known, i, job.known));
  return { id, root, maxFileBytes, files: jobs.map((job) => job.file).join(SEPARATOR), known };
}

function decodeBatch(batch: IndexBatch): IndexJob[] {
  return batch.files
    .split(SEPARATOR)
    .map((file, i) => ({ file, known: Number.isNaN(batch.known[STAMP_WIDTH * i]) ? undefined : getStamp(batch.known, i) }));
}

function encodeResults(id: number, results: readonly IndexJobResult[], rows: PackedRows): IndexBatchDone {
  const outcomes = new Uint8Array(results.length);
  const stamps = new Float64Array(results.length * STAMP_WIDTH);
  const spans = new Int32Array(results.length * 2);
  results.forEach((one, i) => {
    outcomes[i] = OUTCOMES.indexOf(one.outcome);
    if ('stamp' in one) putStamp(stamps, i, one.stamp);
    if (one.outcome === 'scanned') {
      spans[2 * i] = one.first;
      spans[2 * i + 1] = one.count;
    }
  });
  return { id, outcomes, stamps, spans, rows };
}

/** The results of the batch `jobs` were sent in. */
export function decodeResults(jobs: readonly IndexJob[], done: IndexBatchDone): IndexJobResult[] {
  return jobs.map(({ file }, i): IndexJobResult => {
    const outcome = OUTCOMES[done.outcomes[i]];
    const stamp = getStamp(done.stamps, i);
    switch (outcome) {
      case 'gone':
      case 'unreadable':
        return { file, outcome };
      case 'same':
      case 'too-large':
        return { file, outcome, stamp };
      case 'scanned':
        return { file, outcome, stamp, first: done.spans[2 * i], count: done.spans[2 * i + 1] };
      default:
        return { file, outcome: 'unreadable' };
    }
  });
}

/** Looks at a batch of files, packing the rows of those scanned into one batch. */
export function scanJobs(
  root: string,
  jobs: readonly IndexJob[],
  maxFileBytes: number,
  ids = new StringIds(),
): { results: IndexJobResult[]; rows: PackedRows } {
  const packer = new RowPacker(ids);
  const results = jobs.map((job) => scanJob(path.join(root, job.file), job, maxFileBytes, packer));
  return { results, rows: packer.finish() };
}

/** What one file is now (its rows added to `packer`): shared by the worker and the in-thread path, so both index alike. */
function scanJob(absolute: string, job: IndexJob, maxFileBytes: number, packer: RowPacker): IndexJobResult {
  // A file the index holds is stat'ed by path first: most are unchanged (a reopened window), and one
  // stat costs a third of an open, an fstat and a close.
  if (job.known) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absolute, { throwIfNoEntry: false });
    } catch {
      return { file: job.file, outcome: 'unreadable' };
    }
    if (!stat?.isFile()) return { file: job.file, outcome: 'gone' };
    if (sameStamp(job.known, stat)) return { file: job.file, outcome: 'same', stamp: statStamp(stat) };
  }
  // One open, then fstat and read on the descriptor: a stat by path and a read by path cost a second
  // lookup. Non-blocking, so a FIFO a watcher names is never waited on (fstat then says it is no file).
  let fd: number;
  try {
    fd = fs.openSync(absolute, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return { file: job.file, outcome: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable' };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { file: job.file, outcome: 'gone' };
    const stamp = statStamp(stat);
    if (stamp.size > maxFileBytes) return { file: job.file, outcome: 'too-large', stamp };
    const text = readText(fd, stamp.size);
    return { file: job.file, outcome: 'scanned', stamp, ...packer.add(text, scanReferences(text).references) };
  } catch {
    return { file: job.file, outcome: 'unreadable' };
  } finally {
    fs.closeSync(fd);
  }
}

// One buffer per thread that every file is read into (grown to the largest file read): a Buffer per
// file was slower than the whole text decode.
let readBuffer = Buffer.alloc(0);

/**
 * The text of the file open on `fd` (`size` bytes at its fstat), its BOM split off. Most config files
 * are ASCII: decoded as Latin-1 (a copy, the same text) they cost a third of UTF-8's decoding, and an
 * ASCII file has no BOM.
 */
function readText(fd: number, size: number): string {
  if (readBuffer.length < size) readBuffer = Buffer.allocUnsafe(Math.max(size, 2 * readBuffer.length, 64 * 1024));
  let length = 0;
  for (let read = -1; read !== 0 && length < size; length += read) read = fs.readSync(fd, readBuffer, length, size - length, length);
  const bytes = readBuffer.subarray(0, length);
  return isAscii(bytes) ? bytes.toString('latin1') : splitBom(bytes.toString('utf8')).text;
}

const data = workerData as { role?: string } | null;
if (!isMainThread && parentPort && data?.role === INDEX_WORKER_ROLE) {
  const port = parentPort;
  // Each string is sent once per refresh: the receiving side keeps one table per worker and refresh.
  let ids = new StringIds();
  port.on('message', (batch: IndexBatch | typeof INDEX_WORKER_IDLE) => {
    if (batch === INDEX_WORKER_IDLE) {
      ids = new StringIds();
      return;
    }
    const scan = scanJobs(batch.root, decodeBatch(batch), batch.maxFileBytes, ids);
    const done = encodeResults(batch.id, scan.results, scan.rows);
    port.postMessage(done, [done.rows.numbers.buffer as ArrayBuffer]);
  });
}
