// Runs the integration suite inside VS Code's real extension host, using the VS Code server shipped in
// the code-server npm package and the web workbench in headless Chromium (see shared TESTING-NOTES).
// Resolves with the suite's exit code, as reported by the workbench through codeAutomationExit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort, requireEnv, startProcess, waitFor } from '../support/processes';
import { writeServerSettings } from './demoWorkbench';

export interface CodeServerRunOptions {
  extensionPath: string;
  testsPath: string;
  workspacePath: string;
  runDir: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Workspace Trust on (the trust layer): the workspace opens untrusted, in Restricted Mode. */
  workspaceTrust?: boolean;
}

export interface VsCodeServer {
  readonly host: string;
  /** The server process (its extension hosts are child processes). */
  readonly pid: number;
  readonly url: (workspacePath: string, payload?: [string, string][]) => string;
  stop(): Promise<void>;
}

export interface VsCodeServerOptions {
  /**
   * `--enable-smoke-test-driver` (default on): the workbench honours the URL payload
   * (extensionDevelopmentPath, extensionTestsPath) only with it, and it also suppresses every
   * notification toast. The demo runs without it, as VS Code is for its users.
   */
  smokeTestDriver?: boolean;
  extraArgs?: string[];
  /** Keep Workspace Trust on (default off: the test and bench workspaces are our own). */
  workspaceTrust?: boolean;
}

export async function startVsCodeServer(runDir: string, env: NodeJS.ProcessEnv, options: VsCodeServerOptions = {}): Promise<VsCodeServer> {
  const node24 = requireEnv('SECRETREF_NODE24');
  const codeServer = requireEnv('SECRETREF_CODE_SERVER');
  const port = await freePort();
  const dirs = ['user-data', 'server-data', 'extensions'].map((name) => path.join(runDir, name));
  for (const dir of dirs) fs.mkdirSync(dir, { recursive: true });
  const server = startProcess(
    node24,
    [
      path.join(codeServer, 'lib/vscode/out/server-main.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      ...(options.smokeTestDriver === false ? [] : ['--enable-smoke-test-driver', '--enable-proposed-api']),
      // The test and bench workspaces are our own: trust them, or no store may be contacted (by design).
      // The trust layer keeps trust on, so its workspace opens in Restricted Mode.
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--user-data-dir',
      dirs[0],
      '--server-data-dir',
      dirs[1],
      '--extensions-dir',
      dirs[2],
      ...(options.extraArgs ?? []),
    ],
    // Journals of migrations and moves (the CLI's folder in real use) stay in the run folder, where the
    // leak scan reads them, and out of the developer's home.
    { ...env, SECRETREF_STATE_DIR: path.join(runDir, 'state') },
  );
  await waitFor(
    'the VS Code server',
    async () => {
      if (server.child.exitCode !== null) throw new Error(`VS Code server exited: ${server.output()}`);
      return server.output().includes('Web UI available at') ? true : undefined;
    },
    { timeoutMs: 60_000 },
  );
  const host = `127.0.0.1:${port}`;
  return {
    host,
    pid: server.child.pid ?? 0,
    url: (workspacePath, payload = []) => {
      const folder = `vscode-remote://${host}${workspacePath}`;
      // Without the smoke-test driver the payload is not read: the plain URL a user would open.
      if (options.smokeTestDriver === false) return `http://${host}/?folder=${encodeURIComponent(folder)}`;
      const fullPayload: [string, string][] = [...payload, ['skipWelcome', 'true']];
      return `http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(fullPayload))}`;
    },
    stop: async () => {
      fs.writeFileSync(path.join(runDir, 'server.log'), server.output());
      await server.stop();
    },
  };
}

// Lines the workbench itself logs (no network, no accounts, stack frames): kept in workbench.log only.
const NOISE = [
  /^\s+at /,
  /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /ENOTFOUND/,
  /^Updating additional builtin/,
  /^Canceled/,
  /^%s/,
];
function isWorkbenchNoise(text: string): boolean {
  return NOISE.some((pattern) => pattern.test(text));
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function runTestsInCodeServer(options: CodeServerRunOptions): Promise<number> {
  if (options.workspaceTrust) {
    // A fresh profile trusts nothing; no startup prompt, so the window stays in Restricted Mode.
    writeServerSettings(path.join(options.runDir, 'user-data'), {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
    });
  }
  const server = await startVsCodeServer(options.runDir, options.env, { workspaceTrust: options.workspaceTrust });
  const browser = await chromium.launch({
    executablePath: process.env.SECRETREF_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    // Everything the workbench logs goes to a file; the terminal shows the suite's own output.
    const logFile = fs.createWriteStream(path.join(options.runDir, 'workbench.log'));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const list = Array.isArray(args) ? args : [args];
      const text = typeof list[0] === 'string' ? format(...(list as [string, ...unknown[]])) : list.map((a) => JSON.stringify(a)).join(' ');
      logFile.write(`${text}\n`);
      if (!isWorkbenchNoise(text)) process.stdout.write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    const remote = (p: string) => `vscode-remote://${server.host}${p}`;
    await page.goto(
      server.url(options.workspacePath, [
        ['extensionDevelopmentPath', remote(options.extensionPath)],
        ['extensionTestsPath', remote(options.testsPath)],
        ['enableProposedApi', ''],
      ]),
    );
    const timeoutMs = options.timeoutMs ?? 40 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`[integration] no result after ${timeoutMs} ms: failing the run`);
        resolve(1);
      }, timeoutMs);
    });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}
