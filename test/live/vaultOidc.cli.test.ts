// Issue 16, OIDC at the command line against the live OpenBao and a real OpenID provider
// (oidc-provider, test/support/oidcProvider.ts): `check --resolve` and `migrate` with an
// `auth: "oidc"` store config, the CLI on a pseudo-terminal (util-linux `script`) as a real process.
// It prints the address to open (the provider's login form is then submitted by the test's HTTP
// "browser"), waits for the callback on the configured port and resolves; device mode prints the
// device address; Ctrl+C closes the listener and ends the run; without a terminal nothing listens and
// the reference is `signed-out` with terminal words. No token reaches the output.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configureOpenBaoOidc, signInWithBrowser, startOidcProvider, type OidcProviderServer } from '../support/oidcProvider';
import { acceptsConnections, freePort } from '../support/processes';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { waitFor } from '../support/waitFor';
import { runCli } from './vaultSignInSupport';

const cli = path.join(__dirname, '../../src/cli/main.js');
/** An OpenBao token (service `s.`, batch `b.`, or the Vault-style `hvs.` prefix). */
const TOKEN_SHAPE = /\b(?:s|b|hvs)\.[A-Za-z0-9]{20,}/;

interface TerminalRun {
  output: () => string;
  /** Types into the terminal (Ctrl+C is "\u0003"). */
  type(text: string): void;
  done: Promise<number | null>;
}

/** The CLI on a pseudo-terminal; the environment has no Vault or OpenBao variable. */
function onTerminal(args: string[], cwd: string): TerminalRun {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VAULT|BAO)_/.test(key)));
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const command = ['exec', process.execPath, cli, ...args].map((a, i) => (i === 0 ? a : quote(a))).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd,
    env: { ...clean, HOME: cwd, SECRETREF_STATE_DIR: path.join(cwd, '.state') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    output: () => output,
    type: (text) => child.stdin.write(text),
    done: new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status) => resolve(status));
    }),
  };
}

/** The address the CLI printed on the line after `intro`. */
const printedAddress = (run: TerminalRun, intro: RegExp) =>
  waitFor(
    'the sign-in address on the terminal',
    () => {
      const text = run.output();
      const at = text.search(intro);
      return at < 0 ? undefined : /\n\s+(https?:\/\/\S+)/.exec(text.slice(at))?.[1];
    },
    { timeoutMs: 20_000, intervalMs: 50 },
  );

describe('Vault OIDC at the command line (issue 16)', function () {
  this.timeout(90_000);
  const mount = `cli-oidc-${randomBytes(3).toString('hex')}`;
  let provider: OidcProviderServer;
  let dir: string;
  // "localhost", not the 127.0.0.1 of VAULT_ADDR: no shell session applies.
  const url = () => testEnvironment().vault.address.replace('127.0.0.1', 'localhost');
  const storesFile = (oidc: object) =>
    fs.writeFileSync(
      path.join(dir, 'stores.json'),
      JSON.stringify([{ kind: 'vault', name: 'corp', url: url(), enginePath: 'secret', auth: 'oidc', oidc: { mount, ...oidc } }]),
    );

  before(async () => {
    const { vault } = testEnvironment();
    provider = await startOidcProvider();
    await vaultApi(vault, vault.rootToken, 'PUT', `sys/policies/acl/${mount}`, {
      policy: 'path "secret/*" { capabilities = ["create", "read", "update", "list"] }\npath "sys/mounts/*" { capabilities = ["read"] }',
    });
    await configureOpenBaoOidc(vault, provider, mount, [mount]);
  });

  after(async () => {
    const { vault } = testEnvironment();
    await vaultApi(vault, vault.rootToken, 'DELETE', `sys/auth/${mount}`).catch(() => undefined);
    await provider?.close();
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-oidc-cli-'));
    fs.writeFileSync(path.join(dir, 'app.yaml'), 'user: vault.secret(corp:oracle.user)\npassword: vault.secret(corp:oracle.password)\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check --resolve prints the address, waits on the configured port, resolves after the browser login; no token printed', async () => {
    const port = await freePort();
    storesFile({ role: 'dev', port });
    const run = onTerminal(['check', '--resolve', '--stores', 'stores.json', 'app.yaml'], dir);
    const address = await printedAddress(run, /sign in to Vault store "corp" \(OIDC\): open this address/);
    assert.ok(address.startsWith(provider.issuer), address);
    assert.equal(new URL(address).searchParams.get('redirect_uri'), `http://localhost:${port}/oidc/callback`);
    assert.match(run.output(), new RegExp(`waiting for the OIDC sign-in of "corp" on 127\\.0\\.0\\.1:${port} \\(Ctrl\\+C cancels\\)`));
    assert.equal(await acceptsConnections(port), true, 'the listener waits for the callback');
    const page = await signInWithBrowser(address, 'alice');
    assert.match(page.text, /Signed in to Vault/);
    assert.equal(await run.done, 0, run.output());
    assert.doesNotMatch(run.output(), /signed-out/);
    assert.doesNotMatch(run.output(), TOKEN_SHAPE, 'no token on the terminal');
    assert.ok(!run.output().includes(String(seedData().vault.kv2.oracle.password)), 'no secret value on the terminal');
    assert.equal(await acceptsConnections(port), false, 'the listener is closed');
  });

  it('device mode prints the device address (and waits for the approval on the provider)', async () => {
    storesFile({ role: 'device', callbackMode: 'device' });
    const run = onTerminal(['check', '--resolve', '--stores', 'stores.json', 'app.yaml'], dir);
    const address = await printedAddress(run, /sign in to Vault store "corp" \(OIDC, device mode\) on any device: open/);
    assert.ok(address.startsWith(`${provider.issuer}/device`), address);
    // oidc-provider sends verification_uri_complete: the code is in the address, no separate line.
    assert.match(address, /user_code=/);
    const page = await signInWithBrowser(address, 'carol');
    assert.match(page.text, /Sign-in Success/);
    assert.equal(await run.done, 0, run.output());
    assert.doesNotMatch(run.output(), TOKEN_SHAPE);
  });

  it('Ctrl+C stops the listener at once and ends the run', async () => {
    const port = await freePort();
    storesFile({ role: 'dev', port });
    const run = onTerminal(['check', '--resolve', '--stores', 'stores.json', 'app.yaml'], dir);
    await printedAddress(run, /open this address/);
    assert.equal(await acceptsConnections(port), true, 'the listener is up while waiting');
    run.type('\u0003');
    assert.equal(await run.done, 130, run.output());
    assert.match(run.output(), /the OIDC sign-in to "corp" was cancelled \(Ctrl\+C\); the callback listener is closed/);
    assert.equal(await acceptsConnections(port), false, 'nothing listens after Ctrl+C');
  });

  it('migrate signs in with OIDC on the terminal, then writes; the references resolve through the same store', async () => {
    const port = await freePort();
    storesFile({ role: 'dev', port });
    const id = randomBytes(4).toString('hex');
    const password = `oidc-cli-${id}`;
    const file = path.join(dir, `oidc-${id}.postgres.json`);
    fs.writeFileSync(file, JSON.stringify({ host: 'db', port: 5432, db_name: 'app', user: 'loader', password }, null, 2) + '\n');
    const run = onTerminal(['migrate', path.basename(file), '--store', 'corp', '--stores', 'stores.json'], dir);
    const address = await printedAddress(run, /open this address/);
    await signInWithBrowser(address, 'dave');
    assert.equal(await run.done, 0, run.output());
    assert.ok(!run.output().includes(password), 'the migrated value is not printed');
    assert.doesNotMatch(run.output(), TOKEN_SHAPE);
    const migrated = fs.readFileSync(file, 'utf8');
    assert.ok(!migrated.includes(password), migrated);
    const reference = /vault\.secret\(corp:([^)]+)\.password\)/.exec(migrated);
    assert.ok(reference, migrated);
    const { vault } = testEnvironment();
    const read = await vaultApi(vault, vault.rootToken, 'GET', `secret/data/${reference[1]}`);
    assert.equal(read.data.data.password, password);
  });

  it('without a terminal nothing listens: the references are `signed-out` (exit 1) with terminal words', async () => {
    const port = await freePort();
    storesFile({ role: 'dev', port });
    const { status, output } = await runCli(['check', '--resolve', '--stores', 'stores.json', 'app.yaml'], dir, { HOME: dir });
    assert.equal(status, 1, output);
    assert.match(output, /signed-out/);
    assert.match(output, /Run secretref in a terminal: it prints the address to sign in at/);
    assert.doesNotMatch(output, /open this address|Sign In to Store/);
    assert.equal(await acceptsConnections(port), false);
  });
});
