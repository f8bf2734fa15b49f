// Hardening figures for the README section "Reliability and security":
//  1. the fuzz suite in full mode (SECRETREF_FUZZ=full): cases run, slowest call, worst ms per MB;
//  2. load: 50 documents holding 20,000 connections in total in the schema feature's incremental
//     document model, edited round-robin like typing, with completion after each keystroke:
//     completion p50/p95 against the schema issue's target (< 5 ms), and heap used.
// SECRETREF_BENCH_QUICK=1 runs the fuzz suite in quick mode (a few thousand cases, under a minute).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { computeCompletions, CredentialDocument } from '../src/core/schemas';
import { ms, percentile, runStandalone } from './stats';
import { loadConnectionsFile } from '../test/fixtures/loadConnections';

const DOCUMENTS = 50;
const CONNECTIONS = 20_000;
const KEYSTROKES = 5_000;
const COMPLETION_TARGET_MS = 5;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

function fuzzFigures(): void {
  const quick = process.env.SECRETREF_BENCH_QUICK === '1';
  const suite = path.join(__dirname, '..', 'test', 'unit', 'hardening.fuzz.test.js');
  const mocha = path.join(__dirname, '..', '..', 'node_modules', 'mocha', 'bin', 'mocha.js');
  console.log(`fuzz suite (${quick ? 'quick' : 'full'} mode): ${path.relative(process.cwd(), suite)}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [mocha, '--timeout', '3600000', suite], {
    env: { ...process.env, SECRETREF_FUZZ: quick ? 'quick' : 'full' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const line = output.split('\n').find((l) => l.startsWith('fuzz: '));
  const passing = /(\d+) passing/.exec(output)?.[1] ?? '0';
  const failing = /(\d+) failing/.exec(output)?.[1] ?? '0';
  console.log(`   ${line ?? 'fuzz: (no summary line: the suite did not finish)'}`);
  console.log(`   tests: ${passing} passing, ${failing} failing, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (failing !== '0') {
    // The failure titles and the first line of each error, shortened.
    const failures = output.split('\n').filter((l) => /^\s+\d+\) \S/.test(l) || /^\s+\w*Error\b/.test(l));
    console.log([...new Set(failures.map((l) => `   ${l.trim().slice(0, 220)}`))].slice(0, 12).join('\n'));
  }
}

async function loadFigures(): Promise<void> {
  console.log(
    `load: ${DOCUMENTS} documents, ${CONNECTIONS.toLocaleString('en-US')} connections in total, ${KEYSTROKES.toLocaleString('en-US')} keystrokes round-robin`,
  );
  const before = heapMb();
  const perDocument = CONNECTIONS / DOCUMENTS;
  let totalChars = 0;
  const openStart = performance.now();
  const documents = Array.from({ length: DOCUMENTS }, (_, d) => {
    const text = loadConnectionsFile(d * perDocument, perDocument);
    totalChars += text.length;
    return new CredentialDocument(text, { fileName: `load-${d}.connections.json` });
  });
  const openMs = performance.now() - openStart;
  const held = heapMb();
  console.log(
    `   opened in ${ms(openMs)} (${(totalChars / 1e6).toFixed(1)} MB of text); heap held by the documents ${(held - before).toFixed(1)} MB`,
  );

  // Typing: each keystroke inserts one character into a `user`/`host` value of some connection of
  // the next document, then asks for completion at the cursor (as VS Code does while typing).
  const editMs: number[] = [];
  const completionMs: number[] = [];
  let incremental = 0;
  for (let k = 0; k < KEYSTROKES; k++) {
    const doc = documents[k % DOCUMENTS];
    const entry = doc.entries[(k * 7919) % doc.entries.length];
    const entryText = doc.entryText(entry);
    const at = entry.start + entryText.indexOf('"u') + 2;
    let t = performance.now();
    if (doc.applyEdit(at, 0, 'x')) incremental++;
    editMs.push(performance.now() - t);
    t = performance.now();
    computeCompletions(doc, at + 1);
    completionMs.push(performance.now() - t);
    // Keep diagnostics current like the extension does (debounced there; every 10th keystroke here).
    if (k % 10 === 0) doc.diagnostics();
  }
  const p95 = percentile(completionMs, 95);
  console.log(
    `   keystroke (incremental edit) p50 ${ms(percentile(editMs, 50))}, p95 ${ms(percentile(editMs, 95))}; ${incremental}/${KEYSTROKES} incremental`,
  );
  console.log(
    `   completion after a keystroke p50 ${ms(percentile(completionMs, 50))}, p95 ${ms(p95)} (target < ${COMPLETION_TARGET_MS} ms: ${p95 < COMPLETION_TARGET_MS ? 'met' : 'NOT met'})`,
  );
  const after = heapMb();
  console.log(
    `   heap after typing ${(after - before).toFixed(1)} MB above the start (${(global as { gc?: unknown }).gc ? 'after GC' : 'run with --expose-gc for exact figures'})`,
  );
  // Keep the documents alive until measured.
  if (documents.length !== DOCUMENTS) throw new Error('unreachable');
}

export async function run(): Promise<void> {
  await loadFigures();
  fuzzFigures();
}

runStandalone(module, run);
