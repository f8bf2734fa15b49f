// Activation benchmark, in a real VS Code (the VS Code server + headless Chromium): the time
// extension.activate() takes (bundle load included), that it loads neither the AWS SDK nor node-vault,
// and the time to the first secret read from each store (SDK load included). Median of RUNS cold starts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startVsCodeServer } from '../test/runners/codeServer';
import { withStores } from '../test/runners/withStores';
import { median, ms, runStandalone } from './stats';

const RUNS = Number(process.env.SECRETREF_BENCH_ACTIVATION_RUNS ?? 5);
const root = path.resolve(__dirname, '../..');

interface ProbeResult {
  wasActive: boolean;
  activationMs: number;
  evaluateMs: number;
  activateMs: number;
  sdksAfterActivation: string[];
  sdksAfterReads: string[];
  firstReadMs: Record<string, number>;
}

async function probeOnce(runDir: string, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const resultsFile = path.join(runDir, 'probe.json');
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const server = await startVsCodeServer(runDir, { ...env, SECRETREF_BENCH_RESULTS: resultsFile });
  const browser = await chromium.launch({ executablePath: process.env.SECRETREF_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const exited = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', resolve));
    const log = fs.createWriteStream(path.join(runDir, 'workbench.log'));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => log.write(`${JSON.stringify(args)}\n`));
    const remote = (p: string) => `vscode-remote://${server.host}${p}`;
    await page.goto(
      server.url(workspace, [
        ['extensionDevelopmentPath', remote(root)],
        ['extensionTestsPath', remote(path.join(root, 'out/bench/host/activationProbe.js'))],
      ]),
    );
    const code = await exited;
    if (code !== 0 || !fs.existsSync(resultsFile)) throw new Error(`activation probe failed (exit ${code}); see ${runDir}`);
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ProbeResult;
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function run(): Promise<void> {
  const runDir = path.join(root, '.bench-runs', `activation-${Date.now()}`);
  await withStores(runDir, async ({ env }) => {
    const vaultName = 'bench-vault';
    const awsName = 'bench-aws';
    const probeStores = [
      { name: vaultName, path: 'oracle', key: 'user', token: env.vault.rootToken },
      { name: awsName, path: 'postgresSecrets', key: 'host' },
    ];
    const storeConfigs = [
      { name: vaultName, kind: 'vault', url: env.vault.address, auth: 'token', enginePath: 'secret' },
      { name: awsName, kind: 'aws', region: env.aws.region, endpoint: env.aws.endpoint, auth: 'default' },
    ];
    const results: ProbeResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = path.join(runDir, `run-${i}`);
      results.push(
        await probeOnce(dir, {
          ...process.env,
          SECRETREF_BENCH_STORES: JSON.stringify(probeStores),
          SECRETREF_BENCH_CONFIGS: JSON.stringify(storeConfigs),
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
        }),
      );
    }
    const evaluate = median(results.map((r) => r.evaluateMs));
    const activate = median(results.map((r) => r.activateMs));
    console.log(`VS Code server 1.139 (code-server), ${RUNS} cold starts, medians:`);
    console.log(`  bundle evaluation (module top level)           ${ms(evaluate).padStart(10)}`);
    console.log(`  activate()                                     ${ms(activate).padStart(10)}`);
    console.log(`  activation total                               ${ms(evaluate + activate).padStart(10)}`);
    for (const store of probeStores) {
      console.log(
        `  first secret read, ${store.name.padEnd(27)} ${ms(median(results.map((r) => r.firstReadMs[store.name]))).padStart(10)}   (includes loading its SDK)`,
      );
    }
    const loadedEarly = [...new Set(results.flatMap((r) => r.sdksAfterActivation))];
    console.log(`  store SDKs loaded by activation: ${loadedEarly.length === 0 ? 'none' : loadedEarly.join(', ')}`);
    console.log(`  store SDKs loaded after the reads: ${[...new Set(results.flatMap((r) => r.sdksAfterReads))].join(', ')}`);
    if (loadedEarly.length > 0) throw new Error('activation loaded a store SDK');
  });
}

runStandalone(module, run);
