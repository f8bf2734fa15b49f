// `npm run demo`: local OpenBao and moto seeded with the sample secrets, a copy of demo/ as the
// workspace, and VS Code with the packaged extension (desktop `code` when on PATH, else the VS Code
// server with its URL printed). Ctrl-C stops every process it started and removes its temp folder.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEMO_AWS_STORE,
  DEMO_VAULT_STORE,
  demoServerEnv,
  demoStoreSettings,
  DemoStoreAddresses,
  QUIET_WORKBENCH,
  writeServerSettings,
} from './demoWorkbench';
import { copyDemoWorkspace, DemoSession, startDemoSession, startDemoStores } from './demoSession';
import { DEMO_STEPS } from './demoSteps';

/** The clone's root: the runner runs compiled by tsc (out/test/runners) or bundled (out/demo). */
function findRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'demo')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no demo/ folder above ${from}`);
}
const root = findRoot(__dirname);
const started = Date.now();
const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`[demo ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

let tempDir: string | undefined;
let stopDemo: (() => Promise<unknown>) | undefined;
let stopping: Promise<void> | undefined;

async function stopAll(): Promise<void> {
  stopping ??= (async () => {
    await stopDemo?.();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  })();
  return stopping;
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** A store the demo started went away: say so, and what still works, instead of failing silently. */
function storeStopped(store: string, detail: string): void {
  if (stopping) return;
  say('');
  step(`${store} stopped unexpectedly (${detail}). References to it no longer resolve; the editor keeps running.`);
  step('Press Ctrl-C and run "npm run demo" again to start fresh stores.');
}

function printInstructions(open: string, workspace: string, stores: DemoStoreAddresses): void {
  say('');
  say('================ secretref demo is ready ================');
  say(open);
  say('');
  say(`Workspace (a copy of demo/): ${workspace}`);
  say(`Stores (already configured in your settings, no token to type):`);
  say(`  ${DEMO_VAULT_STORE}  OpenBao  ${stores.vaultAddress}  (KV v2 at secret/: demo/snowflake, apps/db.prod, oracle)`);
  say(`  ${DEMO_AWS_STORE}    moto     ${stores.awsEndpoint}  (us-east-1: postgresSecrets, prod/snowflake, certs/client-key)`);
  say('');
  say('Try this (the same steps are in the README, demo/README.md and Help › Get Started):');
  DEMO_STEPS.forEach((demoStep, index) => say(`  ${index + 1}. ${demoStep.title}. ${demoStep.try}`));
  say('');
  say('Press Ctrl-C here to stop OpenBao, moto and VS Code and remove the temporary files.');
  say('==========================================================');
}

function packageVsix(): string {
  step('packaging the extension (npm run package)');
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
  const vsix = path.join(root, 'dist-vsix/secretref.vsix');
  if (result.status !== 0 || !fs.existsSync(vsix)) throw new Error(`npm run package failed:\n${result.stdout}${result.stderr}`);
  return vsix;
}

/** Desktop VS Code (unverified here: no `code` on this machine) with the extension from this folder. */
async function startDesktop(): Promise<void> {
  const dir = tempDir as string;
  step('starting OpenBao and moto');
  const { bao, moto, stores } = await startDemoStores(storeStopped);
  const workspace = copyDemoWorkspace(path.join(root, 'demo'), dir);
  const userData = path.join(dir, 'code-user-data');
  writeServerSettings(userData, { ...QUIET_WORKBENCH, ...demoStoreSettings(stores) });
  step('starting VS Code (desktop) with the extension from this folder');
  const desktop = spawn(
    'code',
    [
      '--new-window',
      '--wait',
      '--skip-welcome',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      path.join(dir, 'code-extensions'),
      `--extensionDevelopmentPath=${root}`,
      workspace,
    ],
    { env: demoServerEnv(stores), stdio: 'ignore' },
  );
  stopDemo = () => {
    desktop.kill('SIGTERM');
    return Promise.allSettled([bao.stop(), moto.stop()]);
  };
  desktop.on('exit', () => {
    step('VS Code window closed: stopping');
    void stopAll().then(() => process.exit(0));
  });
  printInstructions('A VS Code window opened on the demo workspace (close it or press Ctrl-C to stop).', workspace, stores);
}

async function startBrowser(): Promise<void> {
  const vsix = packageVsix();
  step('starting OpenBao and moto, installing the extension into a fresh VS Code server');
  const session: DemoSession = await startDemoSession({
    tempDir: tempDir as string,
    demoDir: path.join(root, 'demo'),
    vsix,
    onStoreStopped: storeStopped,
  });
  stopDemo = () => session.stop();
  step(`VS Code server ready; stores seeded: OpenBao ${session.stores.vaultAddress}, moto ${session.stores.awsEndpoint}`);
  printInstructions(`Open this URL in a browser on this machine:\n\n  ${session.url}\n`, session.workspace, session.stores);
}

async function main(): Promise<void> {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-demo-'));
  if (process.env.SECRETREF_DEMO_BROWSER !== '1' && onPath('code')) await startDesktop();
  else await startBrowser();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    say('');
    step(`${signal}: stopping OpenBao, moto and VS Code`);
    void stopAll().then(() => {
      step('stopped; temporary files removed');
      process.exit(0);
    });
  });
}

main().catch(async (error: unknown) => {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exit(1);
});
