// The reference index's worker threads, kept between refreshes. A new worker starts with none of its
// code compiled: on the bench tree a fresh worker took 2.7 times as long a file for its first 2,500
// files as for the rest, and every refresh (the next folder of a multi-root workspace, the rescan after
// a checkout, a Move's refresh) paid that again. A refresh done with a worker (none of its batches out)
// leaves it here, unref'd so that it keeps no process alive, for the next refresh of the same script;
// unused for IDLE_MS, it ends.
import { Worker } from 'node:worker_threads';

/** How long a worker waits for the next refresh. */
const IDLE_MS = 30_000;

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
  /** Its own end (an error, an exit) while it waits: it leaves the list. */
  onGone: () => void;
}

const idle = new Map<string, IdleWorker[]>();

/** A worker of `script` for a refresh: a waiting one (its code compiled), else a new one (which may throw). */
export function lendWorker(script: string, workerData: unknown): Worker {
  const kept = idle.get(script)?.pop();
  if (!kept) return new Worker(script, { workerData });
  clearTimeout(kept.timer);
  kept.worker.off('error', kept.onGone).off('exit', kept.onGone);
  kept.worker.ref();
  return kept.worker;
}

/** A refresh is done with `worker` (none of its batches out): it waits for the next, up to `limit` of a script. */
export function keepWorker(script: string, worker: Worker, limit: number): void {
  const waiting = idle.get(script) ?? [];
  if (waiting.length >= limit) {
    void worker.terminate();
    return;
  }
  const entry: IdleWorker = {
    worker,
    timer: setTimeout(() => {
      drop(script, entry);
      void worker.terminate();
    }, IDLE_MS).unref(),
    onGone: () => {
      clearTimeout(entry.timer);
      drop(script, entry);
    },
  };
  worker.on('error', entry.onGone).on('exit', entry.onGone);
  worker.unref();
  waiting.push(entry);
  idle.set(script, waiting);
}

/** Workers of `script` waiting (all scripts' when none is named). */
export function idleWorkers(script?: string): number {
  return script === undefined ? [...idle.values()].reduce((n, list) => n + list.length, 0) : (idle.get(script)?.length ?? 0);
}

/** Ends every waiting worker (the extension's deactivate; tests). */
export async function endIdleWorkers(): Promise<void> {
  const all = [...idle.values()].flat();
  idle.clear();
  await Promise.allSettled(
    all.map(({ worker, timer }) => {
      clearTimeout(timer);
      return worker.terminate();
    }),
  );
}

function drop(script: string, entry: IdleWorker): void {
  const waiting = idle.get(script);
  const at = waiting?.indexOf(entry) ?? -1;
  if (waiting && at !== -1) waiting.splice(at, 1);
}
