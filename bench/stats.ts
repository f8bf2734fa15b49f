// Small helpers every benchmark uses: timing, medians and percentiles, and aligned report lines.
import { performance } from 'node:perf_hooks';

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const median = (samples: number[]) => percentile(samples, 50);

export async function timeIt(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function sample(runs: number, fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await timeIt(fn));
  return out;
}

export function ms(value: number): string {
  return value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

/** One line: what, secretref's figure, the anchor's figure and the ratio (anchor / ours). */
export function compareLine(what: string, ours: number, anchor: number, target?: number): string {
  const ratio = anchor / ours;
  const verdict = target === undefined ? '' : ratio >= target ? `  (target ≥${target}×: met)` : `  (target ≥${target}×: NOT met)`;
  return `${what.padEnd(52)} secretref ${ms(ours).padStart(10)}   anchor ${ms(anchor).padStart(10)}   ${ratio.toFixed(1)}×${verdict}`;
}

/** Runs a benchmark file on its own (`node out/bench/<name>.js`): exit 0 when done, 1 on failure. */
export function runStandalone(mod: NodeJS.Module, run: () => Promise<void>): void {
  if (require.main !== mod) return;
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
