// Store layer throughput and request sharing against a fresh local OpenBao and moto:
// - reads per second, uncached (every read a request) and cached, per store; anchor: the same reads
//   straight through the store implementation (no manager);
// - 100 concurrent reads of one secret through the manager cost one request: counted on the client
//   (a counting hook on every HTTP request) and, for Vault, on the server (its file audit device);
//   anchor: the same 100 reads straight through the store implementation;
// - time to the first secret read from a cold start (a fresh node process: module load, SDK load,
//   sign-in, read), median of repeated runs.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createStore, createStoreManager, memoryCredentialStore, ResolvedStoreConfig, StoreCredentials } from '../src/core/stores';
import { AWS_TEST_CREDENTIALS, makeSeedData, seedMoto, seedOpenBao } from '../test/support/seed';
import { freePort, requireEnv, startProcess, waitFor } from '../test/support/processes';
import { startMoto } from '../test/support/stores';
import { median, ms, runStandalone } from './stats';

const RUNS = 5;
const READS = 200;
const COLD_RUNS = 5;

interface Target {
  config: ResolvedStoreConfig;
  credentials: StoreCredentials;
  secret: string;
}

async function readsPerSecond(target: Target, cacheTtl: number): Promise<number> {
  const manager = createStoreManager({ credentials: memoryCredentialStore(), configs: [target.config], cacheTtlSeconds: () => cacheTtl });
  await manager.signIn(target.config.name, target.credentials);
  await manager.read(target.config.name, target.secret);
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    for (let i = 0; i < READS; i++) await manager.read(target.config.name, target.secret);
    rates.push(READS / ((performance.now() - start) / 1000));
  }
  manager.dispose();
  return median(rates);
}

async function directReadsPerSecond(target: Target): Promise<number> {
  const store = createStore(target.config, target.credentials);
  await store.read(target.secret);
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    for (let i = 0; i < READS; i++) await store.read(target.secret);
    rates.push(READS / ((performance.now() - start) / 1000));
  }
  store.dispose();
  return median(rates);
}

/** Requests for 100 concurrent reads of one secret: through the manager, and straight to the store. */
async function concurrentRequests(target: Target): Promise<{ manager: number; direct: number }> {
  let requests = 0;
  const manager = createStoreManager({ credentials: memoryCredentialStore(), configs: [target.config], onRequest: () => requests++ });
  await manager.signIn(target.config.name, target.credentials);
  await manager.read(target.config.name, '__warm__').catch(() => undefined); // sign-in, KV detection
  requests = 0;
  await Promise.all(Array.from({ length: 100 }, () => manager.read(target.config.name, target.secret)));
  const viaManager = requests;
  manager.dispose();

  let direct = 0;
  const store = createStore(target.config, target.credentials, { onRequest: () => direct++ });
  await store.read('__warm__').catch(() => undefined);
  direct = 0;
  await Promise.all(Array.from({ length: 100 }, () => store.read(target.secret)));
  store.dispose();
  return { manager: viaManager, direct };
}

/** An OpenBao dev server with a file audit device (OpenBao only enables audit devices from config). */
async function startAuditedOpenBao(auditFile: string): Promise<{ address: string; rootToken: string; stop(): Promise<void> }> {
  const port = await freePort();
  const rootToken = `bench-root-${port}`;
  const hcl = path.join(path.dirname(auditFile), 'audit.hcl');
  fs.writeFileSync(hcl, `audit "file" "bench" {\n  options {\n    file_path = ${JSON.stringify(auditFile)}\n  }\n}\n`);
  const address = `http://127.0.0.1:${port}`;
  const proc = startProcess(requireEnv('SECRETREF_BAO'), [
    'server',
    '-dev',
    `-dev-root-token-id=${rootToken}`,
    `-dev-listen-address=127.0.0.1:${port}`,
    '-dev-no-store-token',
    `-config=${hcl}`,
  ]);
  await waitFor(`OpenBao on ${address}`, async () => {
    if (proc.child.exitCode !== null) throw new Error(`bao exited: ${proc.output()}`);
    return (await fetch(`${address}/v1/sys/health`)).status === 200 ? true : undefined;
  });
  return { address, rootToken, stop: () => proc.stop() };
}

/** Vault's own count: audit log entries for the secret's path. */
function auditedReads(auditFile: string, apiPath: string): number {
  if (!fs.existsSync(auditFile)) return NaN;
  return fs
    .readFileSync(auditFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"type":"response"') && line.includes(`"path":"${apiPath}"`)).length;
}

/** Fresh node process: load the store layer, sign in, read one secret; returns ms from before the
 *  first require to the value. */
function coldFirstRead(target: Target): number {
  const root = path.resolve(__dirname, '..', '..');
  const script = `
    const { performance } = require('node:perf_hooks');
    const t0 = performance.now();
    const stores = require('./out/src/core/stores');
    const config = JSON.parse(process.env.CONFIG);
    const m = stores.createStoreManager({ credentials: stores.memoryCredentialStore(), configs: [config] });
    m.signIn(config.name, JSON.parse(process.env.CREDS))
      .then(() => m.read(config.name, process.env.SECRET))
      .then(() => { console.log(JSON.stringify({ ms: performance.now() - t0 })); m.dispose(); process.exit(0); });
  `;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: root,
    env: {
      ...process.env,
      CONFIG: JSON.stringify(target.config),
      CREDS: JSON.stringify(target.credentials),
      SECRET: target.secret,
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms;
}

export async function run(): Promise<void> {
  const auditFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-audit-')), 'audit.log');
  const [bao, moto] = await Promise.all([startAuditedOpenBao(auditFile), startMoto()]);
  try {
    const data = makeSeedData('bench');
    await Promise.all([seedOpenBao(bao, data), seedMoto(moto, data)]);
    const targets: Target[] = [
      {
        config: { kind: 'vault', name: 'openbao', url: bao.address, auth: 'token', source: 'user' },
        credentials: { token: bao.rootToken },
        secret: 'oracle',
      },
      {
        config: { kind: 'aws', name: 'moto', region: 'us-east-1', endpoint: moto.endpoint, auth: 'accessKey', source: 'user' },
        credentials: AWS_TEST_CREDENTIALS,
        secret: 'postgresSecrets',
      },
    ];
    console.log(`reads per second (median of ${RUNS} runs of ${READS} sequential reads of one secret)`);
    for (const target of targets) {
      const direct = await directReadsPerSecond(target);
      const uncached = await readsPerSecond(target, 0);
      const cached = await readsPerSecond(target, 30);
      console.log(
        `  ${target.config.name.padEnd(8)} uncached ${uncached.toFixed(0).padStart(7)}/s   cached ${cached.toFixed(0).padStart(9)}/s   anchor (store without manager) ${direct.toFixed(0).padStart(7)}/s   uncached/anchor ${(uncached / direct).toFixed(2)}×   cached/anchor ${(cached / direct).toFixed(0)}×`,
      );
    }
    console.log('100 concurrent reads of one secret');
    for (const target of targets) {
      const auditBefore = target.config.kind === 'vault' ? auditedReads(auditFile, 'secret/data/oracle') : 0;
      const { manager, direct } = await concurrentRequests(target);
      const audited = target.config.kind === 'vault' ? auditedReads(auditFile, 'secret/data/oracle') - auditBefore : undefined;
      console.log(
        `  ${target.config.name.padEnd(8)} through the manager: ${manager} request(s)   anchor (store without manager): ${direct} requests   ${(direct / Math.max(1, manager)).toFixed(0)}× fewer` +
          (audited !== undefined ? `   (Vault audit log: ${audited} reads of secret/data/oracle = ${manager} + ${direct})` : ''),
      );
      if (manager !== 1) throw new Error(`100 concurrent reads cost ${manager} requests, expected 1`);
    }
    console.log(`time to first secret read from a cold start (fresh node process; median of ${COLD_RUNS})`);
    for (const target of targets) {
      const samples = Array.from({ length: COLD_RUNS }, () => coldFirstRead(target));
      console.log(
        `  ${target.config.name.padEnd(8)} ${ms(median(samples)).padStart(9)}   (min ${ms(Math.min(...samples))}, max ${ms(Math.max(...samples))}; includes loading ${target.config.kind === 'vault' ? 'node-vault' : 'the AWS SDK'} on first use)`,
      );
    }
  } finally {
    await Promise.all([bao.stop(), moto.stop()]);
    fs.rmSync(path.dirname(auditFile), { recursive: true, force: true });
  }
}

runStandalone(module, run);
