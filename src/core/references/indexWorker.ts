// An index worker thread: stats, reads and scans the files it is sent and posts back each file's rows
// (indexRows: parts and positions, never the text). The first full index of a large repository is
// reading and scanning; spread over the cores, the main thread (the editor's extension host) only walks
// and files the rows. Built as its own bundle (dist/indexWorker.js) because the extension's bundle
// imports `vscode`, which a worker cannot load; compiled by tsc, it sits next to indexBuilder.js.
import * as fs from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { splitBom } from '../bom';
import { indexRows, type FileStamp, type IndexRow } from './referenceIndex';
import { scanReferences } from './scanner';

export const INDEX_WORKER_ROLE = 'secretref-index';

/** One file to look at: its path, and the stamp the index holds for it (unchanged: not read). */
export interface IndexJob {
  file: string;
  absolute: string;
  known?: FileStamp;
}

export type IndexJobResult =
  | { file: string; outcome: 'gone' | 'unreadable' }
  | { file: string; outcome: 'same' | 'too-large'; stamp: FileStamp }
  | { file: string; outcome: 'scanned'; stamp: FileStamp; rows: IndexRow[] };

export interface IndexBatch {
  id: number;
  jobs: IndexJob[];
}

export interface IndexBatchDone {
  id: number;
  results: IndexJobResult[];
}

/** What one file is now: shared by the worker and the in-thread path, so both index alike. */
export function scanJob(job: IndexJob, maxFileBytes: number): IndexJobResult {
  // One open, then fstat and read on the descriptor: a stat by path and a read by path cost a second
  // lookup. Non-blocking, so a FIFO a watcher names is never waited on (fstat then says it is no file).
  let fd: number;
  try {
    fd = fs.openSync(job.absolute, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return { file: job.file, outcome: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable' };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { file: job.file, outcome: 'gone' };
    const stamp = { mtimeMs: stat.mtimeMs, size: stat.size };
    if (job.known && job.known.mtimeMs === stamp.mtimeMs && job.known.size === stamp.size)
      return { file: job.file, outcome: 'same', stamp };
    if (stamp.size > maxFileBytes) return { file: job.file, outcome: 'too-large', stamp };
    const text = splitBom(fs.readFileSync(fd, 'utf8')).text;
    return { file: job.file, outcome: 'scanned', stamp, rows: indexRows(text, scanReferences(text).references) };
  } catch {
    return { file: job.file, outcome: 'unreadable' };
  } finally {
    fs.closeSync(fd);
  }
}

const data = workerData as { role?: string; maxFileBytes?: number } | null;
if (!isMainThread && parentPort && data?.role === INDEX_WORKER_ROLE) {
  const port = parentPort;
  const maxFileBytes = data.maxFileBytes ?? Infinity;
  port.on('message', (batch: IndexBatch) => {
    port.postMessage({ id: batch.id, results: batch.jobs.map((job) => scanJob(job, maxFileBytes)) } satisfies IndexBatchDone);
  });
}
