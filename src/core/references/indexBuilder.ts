// Builds or refreshes a reference index from disk with the one repository walk (core/workspace/fileWalk):
// .gitignore, `.secretref.json` include/exclude, the editor's files.exclude. A file whose mtime and
// size match its indexed stamp is not read again (a reopened window with a persisted index reads only
// what changed); a file the walk no longer yields leaves the index. Never throws for a file: one that
// cannot be read or is too large is counted and left out.
// Reading and scanning is most of a first index: for many files it runs on worker threads
// (indexWorker.ts, one per core up to 4) while this thread walks and files the rows. For a few files, or
// when no worker can run, files are stat'ed and read synchronously here, a batch at a time with a yield
// to the event loop between batches: small config files read several times faster so than through the
// thread pool, and the host is never blocked for more than one batch (64 files, a few milliseconds).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { walkInputs } from '../workspace/fileWalk';
import type { ProjectConfig } from '../workspace/projectConfig';
import type { FileStamp, ReferenceIndex } from './referenceIndex';
import { INDEX_WORKER_ROLE, scanJob, type IndexBatch, type IndexBatchDone, type IndexJob, type IndexJobResult } from './indexWorker';
import { scanReferences } from './scanner';

/** Files above this are left out of the index (generated bundles, dumps): 5 MB. */
export const MAX_INDEXED_FILE_BYTES = 5 * 1024 * 1024;
/** Below this many files to read, a worker costs more (its start) than it saves. */
const MIN_FILES_FOR_THREADS = 512;
const MAX_THREADS = 4;

export interface IndexRefreshOptions {
  /** The workspace (repository) root: index keys are paths relative to it, with `/`. */
  root: string;
  config: ProjectConfig;
  /** What to walk under root (files, folders, globs, as `secretref check` takes them); default the whole root. */
  inputs?: readonly string[];
  /** Globs of folders and files never indexed (files.exclude). */
  excludeAlso?: readonly string[];
  maxFileBytes?: number;
  /** Files handled between two yields to the event loop. */
  batch?: number;
  /** Called after each batch: files handled so far of the walked total. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between batches: a cancelled refresh stops and keeps what it has (still consistent). */
  isCancelled?: () => boolean;
  /** Files the caller holds newer text for (open editors): not read from disk. */
  skip?: (file: string) => boolean;
  /** Worker threads that read and scan (0: this thread only); default indexThreads() of the files to look at. */
  threads?: number;
  /** The worker's script; default indexWorker.js next to this module (tsc's out/ and the bundles' dist/ alike). */
  workerScript?: string;
}

export interface IndexRefreshResult {
  walked: number;
  /** Files read and scanned. */
  scanned: number;
  /** Files whose stamp matched: kept without reading. */
  reused: number;
  removed: number;
  tooLarge: string[];
  unreadable: string[];
  /** Inputs that name nothing. */
  missing: { input: string; reason: string }[];
  cancelled: boolean;
  /** Worker threads that read and scanned files (0: all of it in this thread). */
  threads: number;
}

/** The stamp of a file on disk, or undefined when it is gone. */
export function fileStamp(absolute: string): FileStamp | undefined {
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  return stat?.isFile() ? { mtimeMs: stat.mtimeMs, size: stat.size } : undefined;
}

/** Reads and indexes one file (a watcher's change); false when it is gone, unreadable or too large (then it leaves the index). */
export function reindexFile(index: ReferenceIndex, root: string, file: string, maxFileBytes = MAX_INDEXED_FILE_BYTES): boolean {
  const result = scanJob({ file, absolute: path.join(root, file) }, maxFileBytes);
  if (result.outcome !== 'scanned') {
    index.deleteFile(file);
    return false;
  }
  index.setScannedFile(file, result.rows, result.stamp);
  return true;
}

/** Indexes a text (an open editor's, or one read from disk). */
export function indexText(index: ReferenceIndex, file: string, text: string, stamp: FileStamp): void {
  index.setFile(file, text, scanReferences(text).references, stamp);
}

/** Threads for a refresh of `files` files: one per core (up to 4) when there are enough to pay for them. */
export function indexThreads(files: number): number {
  return files < MIN_FILES_FOR_THREADS ? 0 : Math.min(os.availableParallelism(), MAX_THREADS);
}

/** Brings the index in line with the tree under `root`. */
export async function refreshIndex(index: ReferenceIndex, options: IndexRefreshOptions): Promise<IndexRefreshResult> {
  const { root } = options;
  const maxFileBytes = options.maxFileBytes ?? MAX_INDEXED_FILE_BYTES;
  const walk = await walkInputs(options.inputs ?? ['.'], root, options.config, { excludeAlso: options.excludeAlso });
  const result: IndexRefreshResult = {
    walked: walk.files.length,
    scanned: 0,
    reused: 0,
    removed: 0,
    tooLarge: [],
    unreadable: walk.unreadable.map((u) => u.input),
    missing: walk.missing,
    cancelled: false,
    threads: 0,
  };
  const walked = new Set(walk.files);
  for (const file of index.fileNames()) {
    if (!walked.has(file) && index.deleteFile(file)) result.removed++;
  }
  const jobs: IndexJob[] = [];
  for (const file of walk.files) {
    if (!options.skip?.(file)) jobs.push({ file, absolute: path.join(root, file), known: index.stampOf(file) });
  }
  let done = walk.files.length - jobs.length;
  const apply = (results: readonly IndexJobResult[]): void => {
    for (const one of results) {
      switch (one.outcome) {
        case 'gone':
          if (index.deleteFile(one.file)) result.removed++;
          break;
        case 'same':
          result.reused++;
          break;
        case 'too-large':
          index.deleteFile(one.file);
          result.tooLarge.push(one.file);
          break;
        case 'unreadable':
          index.deleteFile(one.file);
          result.unreadable.push(one.file);
          break;
        case 'scanned':
          index.setScannedFile(one.file, one.rows, one.stamp);
          result.scanned++;
      }
    }
    done += results.length;
    options.onProgress?.(done, walk.files.length);
  };
  const batch = Math.max(1, options.batch ?? 64);
  const threads = options.threads ?? indexThreads(jobs.length);
  const isCancelled = () => options.isCancelled?.() === true;
  let left = jobs;
  if (threads > 0 && jobs.length > batch) {
    const scan = await scanInWorkers(jobs, {
      threads,
      batch,
      maxFileBytes,
      script: options.workerScript ?? defaultWorkerScript(),
      apply,
      isCancelled,
    });
    left = scan.left;
    result.threads = scan.answered;
  }
  // In this thread (few files, no worker script, or what a failed worker left): a batch at a time.
  for (let i = 0; i < left.length; i += batch) {
    if (isCancelled()) break;
    apply(left.slice(i, i + batch).map((job) => scanJob(job, maxFileBytes)));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  result.cancelled = isCancelled() && done < walk.files.length;
  return result;
}

function defaultWorkerScript(): string {
  return path.join(__dirname, 'indexWorker.js');
}

interface WorkerScan {
  threads: number;
  batch: number;
  maxFileBytes: number;
  script: string;
  apply: (results: readonly IndexJobResult[]) => void;
  isCancelled: () => boolean;
}

/**
 * Hands the jobs out in batches to worker threads (two batches queued per thread) and applies each
 * batch's results as it comes back. `left`: the jobs no worker finished (all of them when no worker
 * could start, a failed worker's batches; none when cancelled, as the caller stops too); `answered`:
 * the workers that sent results.
 */
async function scanInWorkers(jobs: readonly IndexJob[], scan: WorkerScan): Promise<{ left: IndexJob[]; answered: number }> {
  if (!fs.existsSync(scan.script)) return { left: [...jobs], answered: 0 };
  const answering = new Set<Worker>();
  const batches: IndexJob[][] = [];
  for (let i = 0; i < jobs.length; i += scan.batch) batches.push(jobs.slice(i, i + scan.batch));
  let next = 0;
  const orphaned: IndexJob[] = [];
  const workers = new Set<Worker>();
  await new Promise<void>((resolve) => {
    const pending = new Map<Worker, Map<number, IndexJob[]>>();
    const settle = () => {
      if (workers.size === 0) resolve();
    };
    const send = (worker: Worker) => {
      if (next >= batches.length || scan.isCancelled()) return;
      const id = next++;
      pending.get(worker)!.set(id, batches[id]);
      worker.postMessage({ id, jobs: batches[id] } satisfies IndexBatch);
    };
    const retire = (worker: Worker, failed: boolean) => {
      if (!workers.delete(worker)) return;
      if (failed) for (const lost of pending.get(worker)!.values()) orphaned.push(...lost);
      void worker.terminate();
      settle();
    };
    for (let t = 0; t < Math.min(scan.threads, batches.length); t++) {
      let worker: Worker;
      try {
        worker = new Worker(scan.script, { workerData: { role: INDEX_WORKER_ROLE, maxFileBytes: scan.maxFileBytes } });
      } catch {
        break;
      }
      workers.add(worker);
      pending.set(worker, new Map());
      worker.on('message', (message: IndexBatchDone) => {
        pending.get(worker)!.delete(message.id);
        answering.add(worker);
        if (!scan.isCancelled()) scan.apply(message.results);
        send(worker);
        if (pending.get(worker)!.size === 0) retire(worker, false);
      });
      worker.on('error', () => retire(worker, true));
      worker.on('exit', () => retire(worker, true));
      send(worker);
      send(worker);
    }
    settle();
  });
  // What no worker was sent (every worker failed before the end) is left for the caller too.
  if (!scan.isCancelled()) for (let id = next; id < batches.length; id++) orphaned.push(...batches[id]);
  return { left: orphaned, answered: answering.size };
}
