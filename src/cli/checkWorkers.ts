// `secretref check` on every core: the files are handed out in batches to worker threads, each reading
// and checking them with checkFile (the function the in-process loop runs), and the outcomes come back
// in input order, so the output is byte for byte one thread's. Used for walks of many files without
// --resolve (resolution shares one store session, in the main thread). SECRETREF_CHECK_THREADS=<n>
// sets the number of threads (1: check in the main thread).
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { checkFile, readFailure, type FileCheckOptions, type FileOutcome } from './checkFile';
import { UsageError } from './cliTypes';

const ROLE = 'secretref-check';
/** Files per message: small enough to share the work out evenly, large enough to keep messages few. */
const BATCH = 32;
/** Below this many files a thread costs more than it saves (each one loads the CLI). */
const MIN_FILES = 256;
const MAX_THREADS = 4;

/** How many threads check `files` files: SECRETREF_CHECK_THREADS, else one per core (up to 4) for a walk of many files. */
export function checkThreads(files: number, env: NodeJS.ProcessEnv): number {
  const asked = env.SECRETREF_CHECK_THREADS;
  if (asked !== undefined && asked !== '') {
    const n = Number(asked);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`SECRETREF_CHECK_THREADS must be a whole number (1 or more), not "${asked}"`);
    return n;
  }
  return files < MIN_FILES ? 1 : Math.min(os.availableParallelism(), MAX_THREADS);
}

interface Batch {
  start: number;
  /** Absolute paths to read. */
  paths: string[];
  /** The same files as check reports them. */
  files: string[];
}

interface Done {
  start: number;
  outcomes: FileOutcome[];
}

/** Checks the files on `threads` worker threads; yields each file's outcome in input order. */
export async function* checkInWorkers(
  paths: string[],
  files: string[],
  options: FileCheckOptions,
  threads: number,
): AsyncGenerator<FileOutcome> {
  const outcomes: (FileOutcome | null | undefined)[] = new Array<undefined>(paths.length);
  let next = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const send = (worker: Worker) => {
    if (next >= paths.length) return;
    const start = next;
    next = Math.min(paths.length, next + BATCH);
    worker.postMessage({ start, paths: paths.slice(start, next), files: files.slice(start, next) } satisfies Batch);
  };
  const workers: Worker[] = [];
  let finished = false;
  for (let t = 0; t < Math.min(threads, Math.ceil(paths.length / BATCH)); t++) {
    const worker = new Worker(__filename, { workerData: { role: ROLE, options } });
    worker.on('message', (done: Done) => {
      done.outcomes.forEach((outcome, i) => (outcomes[done.start + i] = outcome));
      send(worker);
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    worker.on('exit', (code) => {
      if (!finished) failure ??= new Error(`a check thread stopped (exit code ${code})`);
      wake?.();
    });
    workers.push(worker);
    // Two batches queued: the next is waiting when one is done.
    send(worker);
    send(worker);
  }
  try {
    for (let i = 0; i < paths.length; i++) {
      while (outcomes[i] === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const outcome = outcomes[i]!;
      outcomes[i] = null;
      yield outcome;
    }
  } finally {
    finished = true;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** A worker thread: checks each batch it is sent and posts the outcomes back. */
function serve(port: NonNullable<typeof parentPort>, options: FileCheckOptions): void {
  port.on('message', (batch: Batch) => {
    void (async () => {
      const outcomes: FileOutcome[] = [];
      for (let i = 0; i < batch.paths.length; i++) {
        let text: string;
        try {
          // This thread does nothing else meanwhile: a synchronous read is the cheapest.
          text = readFileSync(batch.paths[i], 'utf8');
        } catch (error) {
          outcomes.push({ error: readFailure(error) });
          continue;
        }
        outcomes.push(await checkFile(text, batch.files[i], options));
      }
      port.postMessage({ start: batch.start, outcomes } satisfies Done);
    })();
  });
}

const data = workerData as { role?: string; options?: FileCheckOptions } | null;
if (!isMainThread && parentPort && data?.role === ROLE && data.options) serve(parentPort, data.options);
