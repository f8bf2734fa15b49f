// `npm run test:stress`: proves a test layer stable under load. Starts two busy Node processes (one per
// core, each ending by itself at a deadline), runs the requested layers again and again through the
// normal runner (stores started and stopped per run), stops the hogs, and prints one line per run.
// Usage: node out/test/runners/stress.js [e2e=5] [integration=3] [unit=N] [live=N] ...
import { spawn, ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

const LAYERS = ['unit', 'live', 'integration', 'e2e'] as const;
type Layer = (typeof LAYERS)[number];
/** The hogs stop by themselves after this long, even if this runner is killed. */
const HOG_LIMIT_MS = 3 * 60 * 60_000;

function parsePlan(args: string[]): [Layer, number][] {
  const plan = (args.length ? args : ['e2e=5', 'integration=3']).map((arg) => {
    const [layer, count] = arg.split('=');
    if (!LAYERS.includes(layer as Layer) || !/^\d+$/.test(count ?? ''))
      throw new Error(`"${arg}": use <layer>=<runs> with a layer of ${LAYERS.join(', ')}`);
    return [layer as Layer, Number(count)] as [Layer, number];
  });
  return plan;
}

/** A busy loop in its own process: keeps one core at 100% until it is killed or its deadline passes. */
function startHog(): ChildProcess {
  const script = `const end = Date.now() + ${HOG_LIMIT_MS}; let x = 0; while (Date.now() < end) { x = (x + Math.sqrt(x + 1)) % 1e9; }`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

function runLayer(layer: Layer): Promise<{ line: string; ok: boolean; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'runAll.js'), layer], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code) => {
      const summary = [...tail.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
      const failures = [...tail.matchAll(/^\s+\d+\) (.+)$/gm)].map((m) => m[1].trim());
      const line = summary ? `${summary[0]}${failures.length ? `: ${failures.join(' | ')}` : ''}` : `no summary (exit ${code})`;
      resolve({ line, ok: code === 0 && !!summary && summary[2] === '0', seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

async function main(): Promise<number> {
  const plan = parsePlan(process.argv.slice(2));
  const hogs = Array.from({ length: os.cpus().length }, startHog);
  const stopHogs = () => hogs.forEach((hog) => hog.kill('SIGKILL'));
  process.on('exit', stopHogs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));
  console.log(`[stress] ${hogs.length} busy processes keep every core busy; plan: ${plan.map(([l, n]) => `${l} ×${n}`).join(', ')}`);
  const results: string[] = [];
  let allOk = true;
  try {
    for (const [layer, runs] of plan) {
      for (let run = 1; run <= runs; run++) {
        console.log(`\n[stress] ===== ${layer} run ${run}/${runs} =====`);
        const result = await runLayer(layer);
        allOk &&= result.ok;
        results.push(`${layer} run ${run}/${runs} (${result.seconds} s): ${result.line}`);
      }
    }
  } finally {
    stopHogs();
  }
  console.log('\n===== stress summary (every core busy) =====');
  for (const line of results) console.log(line);
  const failedRuns = results.length - results.filter((line) => /: \d+ passed, 0 failed/.test(line)).length;
  console.log(`${results.length - failedRuns} passed, ${failedRuns} failed`);
  return allOk ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
