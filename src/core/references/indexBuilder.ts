// Builds or refreshes a reference index from disk with the one repository walk (core/workspace/fileWalk):
// .gitignore, `.secretref.json` include/exclude, the editor's files.exclude. A file whose mtime and
// size match its indexed stamp is not read again (a reopened window with a persisted index reads only
// what changed); a file the walk no longer yields leaves the index. Never throws for a file: one that
// cannot be read or is too large is counted and left out.
// Reading and scanning is most of a first index: once the walk has found enough files to pay for them,
// worker threads (indexWorker.ts, one per core but this thread's, up to 4, kept between refreshes by
// indexThreads.ts) read and scan batches while this thread walks; then this thread scans batches too
// and files every batch's packed rows (packedRows.ts). A worker on every core was slower: the walk and
// the filing had no core of their own.
// For a few files, or when no worker can run, files are stat'ed and read synchronously here, a batch at
// a time with a yield to the event loop between batches: small config files read several times faster
// so than through the thread pool, and the host is never blocked for more than one batch (64 files, a
// few milliseconds).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { walkInputs } from '../workspace/fileWalk';
import type { ProjectConfig } from '../workspace/projectConfig';
import { EDITOR_STAMP, type FileStamp } from './fileStamp';
import type { PackedFile, ReferenceIndex } from './referenceIndex';
import {
  decodeResults,
  encodeBatch,
  INDEX_WORKER_IDLE,
  INDEX_WORKER_ROLE,
  scanJobs,
  type IndexBatchDone,
  type IndexJob,
  type IndexJobResult,
} from './indexWorker';
import { StringIds, StringTable, type PackedRows } from './packedRows';
import { keepWorker, lendWorker } from './indexThreads';
import { scanReferences } from './scanner';

export { endIdleWorkers } from './indexThreads';

/** Files above this are left out of the index (generated bundles, dumps): 5 MB. */
export const MAX_INDEXED_FILE_BYTES = 5 * 1024 * 1024;
/** Below this many files to look at, a worker costs more (its start) than it saves. */
const MIN_FILES_FOR_THREADS = 512;
const MAX_THREADS = 4;
/**
 * Batches sent to a worker ahead of its results: this thread answers a result only between its own
 * batches and filings, and with two out a worker sat idle for 5-13% of its time (four: the first
 * index's median 2.35 → 2.04× rg over six runs in turn; six or eight did no better).
 */
const BATCHES_IN_FLIGHT = 4;

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
  /** Called after each batch: files handled so far of the walked total (of those found so far while the walk goes on). */
  onProgress?: (done: number, total: number) => void;
  /** Checked between batches: a cancelled refresh stops and keeps what it has (still consistent). */
  isCancelled?: () => boolean;
  /** Files the caller holds newer text for (open editors): not read from disk. */
  skip?: (file: string) => boolean;
  /** Worker threads that read and scan (0: this thread only); default one per core but this thread's (up to 4) once the walk has found 512 files to look at. */
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

/** Reads and indexes one file (a watcher's change); false when it is gone, unreadable or too large (then it leaves the index). */
export function reindexFile(index: ReferenceIndex, root: string, file: string, maxFileBytes = MAX_INDEXED_FILE_BYTES): boolean {
  const { results, rows } = scanJobs(root, [{ file }], maxFileBytes);
  const [result] = results;
  if (result.outcome !== 'scanned') {
    index.deleteFile(file);
    return false;
  }
  index.setPackedFiles(rows, [{ file, stamp: result.stamp, first: result.first, count: result.count }], new StringTable());
  return true;
}

/** Indexes a text: an open editor's (stamped so that a reopen reads the disk), or one read from disk with its stamp. */
export function indexText(index: ReferenceIndex, file: string, text: string, stamp: FileStamp = EDITOR_STAMP): void {
  index.setFile(file, text, scanReferences(text).references, stamp);
}

/** Brings the index in line with the tree under `root`. */
export async function refreshIndex(index: ReferenceIndex, options: IndexRefreshOptions): Promise<IndexRefreshResult> {
  const { root } = options;
  const maxFileBytes = options.maxFileBytes ?? MAX_INDEXED_FILE_BYTES;
  const batch = Math.max(1, options.batch ?? 64);
  const isCancelled = () => options.isCancelled?.() === true;
  const result: IndexRefreshResult = {
    walked: 0,
    scanned: 0,
    reused: 0,
    removed: 0,
    tooLarge: [],
    unreadable: [],
    missing: [],
    cancelled: false,
    threads: 0,
  };
  let done = 0;
  const apply = (results: readonly IndexJobResult[], rows: PackedRows, table: StringTable): void => {
    const scanned: PackedFile[] = [];
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
          scanned.push({ file: one.file, stamp: one.stamp, first: one.first, count: one.count });
          result.scanned++;
      }
    }
    index.setPackedFiles(rows, scanned, table);
    done += results.length;
    options.onProgress?.(done, result.walked || jobs.length);
  };

  // Files are handed to the workers as the walk finds them: reading and scanning overlap the walk.
  const threads = options.threads ?? Math.min(os.availableParallelism() - 1, MAX_THREADS);
  const startAt = options.threads === undefined ? MIN_FILES_FOR_THREADS : batch + 1;
  // What this thread scans: its strings go across batches too, as a worker's do.
  const local: LocalStrings = { ids: new StringIds(), table: new StringTable() };
  const pool =
    threads > 0
      ? new ScanPool({
          root,
          threads,
          batch,
          maxFileBytes,
          script: options.workerScript ?? defaultWorkerScript(),
          apply,
          isCancelled,
          local,
        })
      : undefined;
  const jobs: IndexJob[] = [];
  let handed = 0;
  const onFile = (file: string) => {
    if (options.skip?.(file)) return;
    jobs.push({ file, known: index.stampOf(file) });
    if (!pool || jobs.length < startAt || isCancelled()) return;
    if (!pool.started && pool.start()) pool.hold();
    if (pool.started) for (; handed < jobs.length; handed++) pool.push(jobs[handed]);
  };
  const walk = await walkInputs(options.inputs ?? ['.'], root, options.config, { excludeAlso: options.excludeAlso, onFile });
  result.walked = walk.files.length;
  result.unreadable.push(...walk.unreadable.map((u) => u.input));
  result.missing = walk.missing;
  done += walk.files.length - jobs.length;
  const walked = new Set(walk.files);
  for (const file of index.fileNames()) {
    if (!walked.has(file) && index.deleteFile(file)) result.removed++;
  }
  let left: IndexJob[] = jobs.slice(handed);
  if (pool?.started) {
    for (const job of left) pool.push(job);
    const scan = await pool.finish();
    left = scan.left;
    result.threads = scan.answered;
  }
  // In this thread (few files, no worker script, or what a failed worker left): a batch at a time.
  for (let i = 0; i < left.length; i += batch) {
    if (isCancelled()) break;
    const scan = scanJobs(root, left.slice(i, i + batch), maxFileBytes, local.ids);
    apply(scan.results, scan.rows, local.table);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  result.cancelled = isCancelled() && done < walk.files.length;
  return result;
}

function defaultWorkerScript(): string {
  return path.join(__dirname, 'indexWorker.js');
}

interface LocalStrings {
  ids: StringIds;
  table: StringTable;
}

interface PoolOptions {
  root: string;
  threads: number;
  batch: number;
  maxFileBytes: number;
  script: string;
  apply: (results: readonly IndexJobResult[], rows: PackedRows, table: StringTable) => void;
  /** The strings of what this thread scans (shared with the in-thread path after the pool). */
  local: LocalStrings;
  isCancelled: () => boolean;
}

/**
 * Worker threads that read and scan batches of jobs pushed while the walk goes on (BATCHES_IN_FLIGHT
 * sent to each thread), each batch's results applied as it comes back. finish() sends the last partial batch and
 * waits: `left` are the jobs no worker finished (a failed worker's batches, or all of them when every
 * worker failed; none when cancelled, as the caller stops too), `answered` the workers that sent results.
 */
class ScanPool {
  started = false;
  private readonly workers = new Set<Worker>();
  private readonly answering = new Set<Worker>();
  private readonly pending = new Map<Worker, Map<number, IndexJob[]>>();
  /** Per worker: takes this refresh's listeners off it (before it is kept for the next). */
  private readonly listeners = new Map<Worker, () => void>();
  private readonly queue: IndexJob[][] = [];
  private filling: IndexJob[] = [];
  private nextId = 0;
  private readonly orphaned: IndexJob[] = [];
  private finished?: () => void;
  /** Results that came back while the walk was going on (hold()), filed by finish() in turn with its own batches. */
  private held?: [IndexJobResult[], PackedRows, StringTable][];

  constructor(private readonly options: PoolOptions) {}

  /**
   * Keeps results back until finish(): the walk and the filing of rows share this thread, and the
   * walk comes first, as it is what keeps the workers fed.
   */
  hold(): void {
    this.held ??= [];
  }

  /** Starts the workers (ones a refresh before kept, when there are); false when none can run (no script, or the platform refuses threads). */
  start(): boolean {
    if (this.started || !fs.existsSync(this.options.script)) return this.started;
    for (let t = 0; t < this.options.threads; t++) {
      let worker: Worker;
      try {
        worker = lendWorker(this.options.script, { role: INDEX_WORKER_ROLE });
      } catch {
        break;
      }
      this.workers.add(worker);
      this.pending.set(worker, new Map());
      const table = new StringTable();
      const onMessage = (message: IndexBatchDone) => {
        const jobs = this.pending.get(worker)!.get(message.id) ?? [];
        this.pending.get(worker)!.delete(message.id);
        this.answering.add(worker);
        if (!this.options.isCancelled()) {
          const results = decodeResults(jobs, message);
          if (this.held) this.held.push([results, message.rows, table]);
          else this.options.apply(results, message.rows, table);
        }
        this.feed(worker);
        this.settle();
      };
      const onGone = () => this.retire(worker);
      worker.on('message', onMessage).on('error', onGone).on('exit', onGone);
      this.listeners.set(worker, () => worker.off('message', onMessage).off('error', onGone).off('exit', onGone));
    }
    this.started = this.workers.size > 0;
    return this.started;
  }

  push(job: IndexJob): void {
    this.filling.push(job);
    if (this.filling.length < this.options.batch) return;
    this.queue.push(this.filling);
    this.filling = [];
    for (const worker of this.workers) this.feed(worker);
  }

  async finish(): Promise<{ left: IndexJob[]; answered: number }> {
    if (this.filling.length > 0) this.queue.push(this.filling);
    this.filling = [];
    for (const worker of this.workers) this.feed(worker);
    // This thread files the results held during the walk and takes batches off the queue too, one at
    // a time with a yield between: the workers are answered and fed in those yields (filing all that
    // was held in one go left a worker idle for up to 50 ms). A worker's results are filed in the order
    // it sent them (its strings come in that order), so what comes back meanwhile is held too.
    const held = this.held ?? [];
    while ((held.length > 0 || this.queue.length > 0) && !this.options.isCancelled()) {
      if (held.length > 0) this.options.apply(...held.shift()!);
      else {
        const { local } = this.options;
        const scan = scanJobs(this.options.root, this.queue.shift()!, this.options.maxFileBytes, local.ids);
        this.options.apply(scan.results, scan.rows, local.table);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Filed in order: from here on a worker's results are filed as they come.
    this.held = undefined;
    await new Promise<void>((resolve) => {
      this.finished = resolve;
      this.settle();
    });
    // What no worker was sent (every worker failed before the end) is left for the caller too.
    if (!this.options.isCancelled()) for (const batch of this.queue) this.orphaned.push(...batch);
    return { left: this.orphaned, answered: this.answering.size };
  }

  private feed(worker: Worker): void {
    const pending = this.pending.get(worker);
    if (!this.workers.has(worker) || !pending) return;
    while (pending.size < BATCHES_IN_FLIGHT && this.queue.length > 0 && !this.options.isCancelled()) {
      const jobs = this.queue.shift()!;
      const id = this.nextId++;
      pending.set(id, jobs);
      worker.postMessage(encodeBatch(id, this.options.root, this.options.maxFileBytes, jobs));
    }
  }

  /** Done once finish() was called and no batch is queued or out (or no worker is left). */
  private settle(): void {
    if (!this.finished) return;
    const idle = [...this.workers].every((worker) => this.pending.get(worker)!.size === 0);
    const drained = this.queue.length === 0 || this.options.isCancelled();
    if (this.workers.size === 0 || (idle && drained)) {
      // No batch is out: each worker is kept for the next refresh (indexThreads.ts), this one's
      // listeners taken off and its strings dropped, so a refresh that has returned holds nothing.
      for (const worker of this.workers) {
        this.listeners.get(worker)!();
        worker.postMessage(INDEX_WORKER_IDLE);
        keepWorker(this.options.script, worker, MAX_THREADS);
      }
      this.workers.clear();
      const finished = this.finished;
      this.finished = undefined;
      finished();
    }
  }

  /** A worker that failed (an error, an exit): its batches out are left for this thread. */
  private retire(worker: Worker): void {
    if (!this.workers.delete(worker)) return;
    this.listeners.get(worker)!();
    worker.on('error', () => undefined); // a dying worker's last word is not the host's crash
    for (const lost of this.pending.get(worker)!.values()) this.orphaned.push(...lost);
    void worker.terminate();
    this.settle();
  }
}
