// End-to-end UI tests: packages the extension, installs the .vsix into a fresh VS Code server
// (server-main.js --install-extension), opens a copy of demo/ in the web workbench in headless
// Chromium, and runs test/e2e/*.e2e.js (mocha, TDD UI) against the live OpenBao and moto of the run.
// Every test leaves a screenshot in <runDir>/e2e/screenshots (FAILED-<test>.png when it fails).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { chromium } from 'playwright-core';
import { startFaultProxy } from '../support/faultProxy';
import { makeSeedData } from '../support/seed';
import type { TestEnvironment } from '../support/testEnv';
import { CHROMIUM_ARGS, startVsCodeServer } from '../runners/codeServer';
import { withStores } from '../runners/withStores';
import { demoServerEnv, demoStoreSettings, installVsix, QUIET_WORKBENCH, writeServerSettings } from '../runners/demoWorkbench';
import { setE2eContext } from './context';
import { Workbench } from './workbench';

const root = path.resolve(__dirname, '../../..');
export const VIEWPORT = { width: 1440, height: 900 };
/** Screenshots in VS Code 1.139's default dark theme, whatever the headless browser's colour scheme. */
const E2E_SETTINGS = { 'workbench.colorTheme': 'Dark 2026', 'window.autoDetectColorScheme': false };

function packageVsix(logFile: string): string {
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
  fs.writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  const vsix = path.join(root, 'dist-vsix/secretref.vsix');
  if (result.status !== 0 || !fs.existsSync(vsix)) throw new Error(`npm run package failed (see ${logFile})`);
  return vsix;
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

export async function runE2e(runDir: string, envFile: string): Promise<{ passed: number; failed: number }> {
  const env = JSON.parse(fs.readFileSync(envFile, 'utf8')) as TestEnvironment;
  const dir = path.join(runDir, 'e2e');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });

  // SECRETREF_E2E_VSIX: test an already packaged .vsix (e.g. a CI artefact) instead of packaging here.
  const vsix = process.env.SECRETREF_E2E_VSIX ?? packageVsix(path.join(dir, 'package.log'));
  const workspace = path.join(dir, 'demo');
  fs.cpSync(path.join(root, 'demo'), workspace, { recursive: true });
  // The demo Vault config points at a pass-through proxy, so a test can slow the store down.
  const vaultProxy = await startFaultProxy({ target: env.vault.address, lifetimeMs: 3 * 60 * 60_000, maxRequests: 1_000_000 });
  const stores = { vaultAddress: vaultProxy.url, vaultToken: env.vault.rootToken, awsEndpoint: env.aws.endpoint };
  const dirs = {
    userData: path.join(dir, 'user-data'),
    serverData: path.join(dir, 'server-data'),
    extensions: path.join(dir, 'extensions'),
  };
  writeServerSettings(dirs.userData, { ...QUIET_WORKBENCH, ...E2E_SETTINGS, ...demoStoreSettings(stores) });
  const installed = await installVsix(vsix, dirs);
  console.log(`[e2e] installed ${installed} from ${path.relative(root, vsix)}`);

  const server = await startVsCodeServer(dir, demoServerEnv(stores, { ...process.env, SECRETREF_TEST_ENV: envFile }));
  const browser = await chromium.launch({ executablePath: process.env.SECRETREF_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const log = fs.createWriteStream(path.join(dir, 'workbench.log'));
  try {
    // The default dark theme, as on a desktop whose system theme is dark.
    const browserContext = await browser.newContext({
      viewport: VIEWPORT,
      colorScheme: 'dark',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await browserContext.newPage();
    page.on('console', (message) => log.write(`[${message.type()}] ${message.text()}\n`));
    page.setDefaultTimeout(30_000);
    const url = server.url(workspace);
    const workbench = new Workbench(page, workspace, path.join(dir, 'screenshots'), path.join(root, 'demo'));
    const load = async () => {
      await page.goto(url);
      await workbench.waitReady();
      await workbench.reset();
    };
    await load();
    setE2eContext({ workbench, env, seed: makeSeedData(env.canary), vaultProxy, serverPid: server.pid, vsix, reload: load });

    const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
    const grep = process.env.SECRETREF_E2E_GREP;
    if (grep) mocha.grep(grep);
    mocha.suite.afterEach(async function () {
      const test = this.currentTest;
      if (!test) return;
      const failed = test.state === 'failed';
      await workbench.screenshot(`${failed ? 'FAILED-' : 'end-'}${slug(test.fullTitle())}`).catch(() => undefined);
      if (failed) await load().catch((error: unknown) => console.error(`[e2e] reload failed: ${String(error)}`));
      else await workbench.reset().catch(() => load());
    });
    // Only compiled files whose source still exists (out/ keeps files of renamed or deleted tests).
    const files = fs
      .readdirSync(__dirname)
      .filter((name) => name.endsWith('.e2e.js') && fs.existsSync(path.join(root, 'test/e2e', name.replace(/\.js$/, '.ts'))))
      .sort();
    for (const file of files) mocha.addFile(path.join(__dirname, file));
    const stats = await new Promise<Mocha.Stats>((resolve) => {
      const runner = mocha.run(() => resolve(runner.stats as Mocha.Stats));
    });
    console.log(
      `[e2e] ${stats.passes} passed, ${stats.failures} failed; screenshots in ${path.relative(root, path.join(dir, 'screenshots'))}`,
    );
    return { passed: stats.passes, failed: stats.failures };
  } finally {
    setE2eContext(undefined);
    log.end();
    await browser.close();
    await server.stop();
    await vaultProxy.close();
  }
}

/** Alone: node out/test/e2e/runE2e.js (after `npm run build` and tsc) starts the stores itself. */
if (require.main === module) {
  void (async () => {
    const runDir =
      process.env.SECRETREF_E2E_RUN_DIR ?? path.join(root, '.test-runs', `e2e-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    const result = await withStores(runDir, ({ envFile }) => runE2e(runDir, envFile));
    console.log(`e2e: ${result.passed} passed, ${result.failed} failed`);
    process.exit(result.failed === 0 && result.passed > 0 ? 0 : 1);
  })().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
