// `npm run demo`: local OpenBao and moto seeded with the sample secrets, a copy of demo/ as the
// workspace, and VS Code with the extension loaded (desktop `code` when on PATH, else the VS Code
// server with its URL printed). Ctrl-C stops every process it started and removes its temp folder.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeSeedData, seedMoto, seedOpenBao } from '../support/seed';
import { MotoServer, OpenBaoServer, startMoto, startOpenBao } from '../support/stores';
import { startVsCodeServer, VsCodeServer } from './codeServer';
import { DEMO_AWS_STORE, DEMO_VAULT_STORE, demoServerEnv, demoStoreSettings, DemoStoreAddresses, QUIET_WORKBENCH, writeServerSettings } from './demoWorkbench';

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

interface Running {
  bao?: OpenBaoServer;
  moto?: MotoServer;
  server?: VsCodeServer;
  desktop?: ReturnType<typeof spawn>;
  tempDir?: string;
}
const running: Running = {};
let stopping: Promise<void> | undefined;

async function stopAll(): Promise<void> {
  stopping ??= (async () => {
    running.desktop?.kill('SIGTERM');
    await Promise.allSettled([running.server?.stop(), running.bao?.stop(), running.moto?.stop()]);
    if (running.tempDir) fs.rmSync(running.tempDir, { recursive: true, force: true });
  })();
  return stopping;
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** The demo works on a copy, so migrating a connection never edits the committed demo/ files. */
function prepareWorkspace(tempDir: string): string {
  const workspace = path.join(tempDir, 'demo');
  fs.cpSync(path.join(root, 'demo'), workspace, { recursive: true });
  return workspace;
}

function printInstructions(open: string, workspace: string, stores: DemoStoreAddresses): void {
  const vaultRef = `vault.secret(${DEMO_VAULT_STORE}:demo/snowflake.password)`;
  say('');
  say('================ secretref demo is ready ================');
  say(open);
  say('');
  say(`Workspace (a copy of demo/): ${workspace}`);
  say(`Stores (already configured in your settings, no token to type):`);
  say(`  ${DEMO_VAULT_STORE}  OpenBao  ${stores.vaultAddress}  (KV v2 at secret/: demo/snowflake, apps/db.prod, oracle)`);
  say(`  ${DEMO_AWS_STORE}    moto     ${stores.awsEndpoint}  (us-east-1: postgresSecrets, prod/snowflake, certs/client-key)`);
  say('');
  say('Try this (demo/README.md says more):');
  say(`  1. prod.snowflake.json: hover ${vaultRef}: a masked preview; click "Reveal".`);
  say('  2. warehouse.redshift.json: hover {{resolve:secretsmanager:postgresSecrets:SecretString:password}} (AWS).');
  say('  3. events.mysql.json: start a new line after "host" and press Ctrl+Space: the missing mysql fields');
  say('     are suggested (required first); accepting "port" inserts an integer.');
  say('  4. warehouse.redshift.json: change "5439" to 5439: the Problems panel (Ctrl+Shift+M) says redshift wants a string.');
  say('  5. Activity bar > Secret References: the Secret Stores view and the Secrets view (expand, filter, load more).');
  say('  6. analytics.postgres.json (inline password): F1 > "Secret References: Migrate Connection", pick');
  say(`     ${DEMO_VAULT_STORE}, accept the preview: the password moves to OpenBao, the file keeps a reference.`);
  say('  7. connections.json holds several connections; configs/ has Python, YAML and .env files with references.');
  say('');
  say('Press Ctrl-C here to stop OpenBao, moto and VS Code and remove the temporary files.');
  say('==========================================================');
}

async function main(): Promise<void> {
  running.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-demo-'));
  step('starting OpenBao and moto');
  [running.bao, running.moto] = await Promise.all([startOpenBao(), startMoto()]);
  const data = makeSeedData('demo');
  await Promise.all([seedOpenBao(running.bao, data), seedMoto(running.moto, data)]);
  const stores: DemoStoreAddresses = {
    vaultAddress: running.bao.address,
    vaultToken: running.bao.rootToken,
    awsEndpoint: running.moto.endpoint,
  };
  step(`stores seeded: OpenBao ${stores.vaultAddress}, moto ${stores.awsEndpoint}`);
  const workspace = prepareWorkspace(running.tempDir);
  const settings = { ...QUIET_WORKBENCH, ...demoStoreSettings(stores) };
  const env = demoServerEnv(stores);
  const forceBrowser = process.env.SECRETREF_DEMO_BROWSER === '1';

  if (!forceBrowser && onPath('code')) {
    const userData = path.join(running.tempDir, 'code-user-data');
    writeServerSettings(userData, settings);
    step('starting VS Code (desktop) with the extension from this folder');
    running.desktop = spawn('code', [
      '--new-window', '--wait', '--skip-welcome', '--disable-workspace-trust',
      '--user-data-dir', userData,
      '--extensions-dir', path.join(running.tempDir, 'code-extensions'),
      `--extensionDevelopmentPath=${root}`,
      workspace,
    ], { env, stdio: 'ignore' });
    running.desktop.on('exit', () => {
      step('VS Code window closed: stopping');
      void stopAll().then(() => process.exit(0));
    });
    printInstructions('A VS Code window opened on the demo workspace (close it or press Ctrl-C to stop).', workspace, stores);
    return;
  }

  const serverDir = path.join(running.tempDir, 'server');
  writeServerSettings(path.join(serverDir, 'user-data'), settings);
  step('starting the VS Code server (code-server package) with the extension from this folder');
  running.server = await startVsCodeServer(serverDir, env);
  const remote = (p: string) => `vscode-remote://${running.server?.host}${p}`;
  const url = running.server.url(workspace, [['extensionDevelopmentPath', remote(root)]]);
  step('VS Code server ready');
  printInstructions(`Open this URL in a browser on this machine:\n\n  ${url}\n`, workspace, stores);
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
