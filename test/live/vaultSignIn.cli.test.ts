// Issue 16, Vault sign-in at the command line, against the live OpenBao: the session `bao login` /
// `vault login` left (~/.vault-token under HOME, or the token_helper named in ~/.vault / ~/.bao, run as
// `<helper> get` by a script written here) resolves a reference for the server of VAULT_ADDR / BAO_ADDR
// only; with no token at all `check --resolve` exits 1 with `signed-out` and terminal words; userpass
// and LDAP configs (LDAP: the run's slapd directory behind OpenBao's auth/ldap) read the password from
// --password-stdin (only the token is used, the password never printed). The CLI runs as a real process (the tsc output of src/cli/main.ts).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { enableUserpassMount, runCli, type Run } from './vaultSignInSupport';

const cli = path.join(__dirname, '../../src/cli/main.js');

/** The CLI on a pseudo-terminal (util-linux `script`): `answer` is typed once `prompt` shows. */
function runOnTerminal(args: string[], cwd: string, env: NodeJS.ProcessEnv, prompt: RegExp, answer: string): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VAULT|BAO)_/.test(key)));
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, cli, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: { ...clean, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (!typed && prompt.test(output)) {
        typed = true;
        child.stdin.write(answer);
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

async function childToken(ttl = '10m'): Promise<string> {
  const env = testEnvironment();
  const created = await vaultApi(env.vault, env.vault.rootToken, 'POST', 'auth/token/create', { policies: ['root'], ttl });
  return created.auth.client_token as string;
}

describe('Vault sign-in at the command line (issue 16)', function () {
  this.timeout(60_000);
  let dir: string;
  let home: string;
  const tokens: string[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-signin-'));
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(dir, 'app.yaml'), 'user: vault.secret(bao:oracle.user)\npassword: vault.secret(bao:oracle.password)\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stores = (configs: object[]) => fs.writeFileSync(path.join(dir, 'stores.json'), JSON.stringify(configs));
  const baoStore = (extra: object = {}) => ({ name: 'bao', kind: 'vault', url: testEnvironment().vault.address, auth: 'token', ...extra });
  const check = (env: NodeJS.ProcessEnv, extra: string[] = [], stdin?: string) =>
    runCli(['check', '--resolve', '--stores', 'stores.json', ...extra, 'app.yaml'], dir, { HOME: home, ...env }, stdin);
  /** A fresh id and password (checked for leaks) and the policy reader-<id>, which reads secret/. */
  const readerUser = async () => {
    const id = randomBytes(4).toString('hex');
    const password = `pw-${randomBytes(8).toString('hex')}`;
    tokens.push(password);
    const env = testEnvironment();
    await vaultApi(env.vault, env.vault.rootToken, 'PUT', `sys/policies/acl/reader-${id}`, {
      policy: 'path "secret/*" { capabilities = ["read", "list"] }',
    });
    return { id, password };
  };
  /** A userpass user at `mount` (enabled if need be) with the policy reader-<id>. */
  const addUser = async (mount: string, user: string, password: string, id: string) => {
    await enableUserpassMount(mount);
    const env = testEnvironment();
    await vaultApi(env.vault, env.vault.rootToken, 'POST', `auth/${mount}/users/${user}`, { password, token_policies: [`reader-${id}`] });
  };
  const noSecrets = (run: Run) => {
    for (const secret of [...tokens, seedData().canary, testEnvironment().vault.rootToken])
      assert.ok(!run.output.includes(secret), `a token or value appears in the output: ${run.output}`);
  };

  it('~/.vault-token under HOME, VAULT_ADDR set, no VAULT_TOKEN: resolves and exits 0', async () => {
    const token = await childToken();
    tokens.push(token);
    fs.writeFileSync(path.join(home, '.vault-token'), token);
    stores([baoStore()]);
    const run = await check({ VAULT_ADDR: testEnvironment().vault.address });
    assert.equal(run.status, 0, run.output);
    assert.doesNotMatch(run.output, /signed-out|store-unreachable|secret-not-found/);
    noSecrets(run);
    // Control: the same file without the address pairing is not used.
    const unpaired = await check({});
    assert.equal(unpaired.status, 1, unpaired.output);
  });

  it('no token at all: exit 1, `signed-out` as an error, what to run in terminal words, no editor command', async () => {
    stores([baoStore()]);
    const run = await check({ VAULT_ADDR: testEnvironment().vault.address });
    assert.equal(run.status, 1, run.output);
    assert.match(run.output, /app\.yaml:1:\d+ error signed-out /);
    assert.doesNotMatch(run.output, /store-unreachable/);
    assert.match(run.output, /"bao login"/);
    assert.match(run.output, /VAULT_TOKEN/);
    assert.doesNotMatch(run.output, /Secret References:|Sign In to Store/);
    // One diagnostic for the store, not one per reference.
    assert.equal(run.output.match(/signed-out/g)?.length, 1, run.output);
    assert.match(run.output, /2 references to this store were not checked/);
  });

  it('the token_helper of ~/.vault is run as `<helper> get` and its token used for VAULT_ADDR', async () => {
    const token = await childToken();
    tokens.push(token);
    const helper = path.join(dir, 'helper.sh');
    const calls = path.join(dir, 'helper-calls');
    fs.writeFileSync(helper, `#!/bin/sh\necho "$1 $VAULT_ADDR" >> '${calls}'\n[ "$1" = get ] && printf '%s\\n' '${token}'\n`, {
      mode: 0o700,
    });
    fs.writeFileSync(path.join(home, '.vault'), `# written by the test\ntoken_helper = "${helper}"\n`);
    // The default file holds a revoked token: the helper, not the file, must be what is used.
    const stale = await childToken();
    await vaultApi(testEnvironment().vault, stale, 'POST', 'auth/token/revoke-self');
    fs.writeFileSync(path.join(home, '.vault-token'), stale);
    stores([baoStore()]);
    const run = await check({ VAULT_ADDR: testEnvironment().vault.address });
    assert.equal(run.status, 0, run.output);
    assert.equal(fs.readFileSync(calls, 'utf8').trim(), `get ${testEnvironment().vault.address}`);
    noSecrets(run);
  });

  it("~/.bao's token_helper pairs with BAO_ADDR, not with VAULT_ADDR", async () => {
    const token = await childToken();
    tokens.push(token);
    const helper = path.join(dir, 'bao-helper.sh');
    fs.writeFileSync(helper, `#!/bin/sh\n[ "$1" = get ] && echo '${token}'\n`, { mode: 0o700 });
    fs.writeFileSync(path.join(home, '.bao'), `token_helper = "${helper}"\n`);
    stores([baoStore()]);
    const paired = await check({ BAO_ADDR: testEnvironment().vault.address });
    assert.equal(paired.status, 0, paired.output);
    // ~/.vault (none) and ~/.vault-token (none) are vault's: nothing for VAULT_ADDR.
    const other = await check({ VAULT_ADDR: testEnvironment().vault.address });
    assert.equal(other.status, 1, other.output);
    assert.match(other.output, /signed-out/);
  });

  it('never sends the session token to a URL the environment did not name (a recording server sees none)', async () => {
    const token = await childToken();
    tokens.push(token);
    fs.writeFileSync(path.join(home, '.vault-token'), token);
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} token=${req.headers['x-vault-token'] ? 'yes' : 'no'}`);
      res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"errors":["permission denied"]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      stores([baoStore({ url: `http://127.0.0.1:${port}` })]);
      const run = await check({ VAULT_ADDR: testEnvironment().vault.address });
      assert.equal(run.status, 1, run.output);
      assert.match(run.output, /signed-out/);
      assert.ok(!seen.some((line) => line.endsWith('token=yes')), `the token reached the other server: ${seen.join(', ')}`);
    } finally {
      server.close();
    }
  });

  it('userpass and LDAP (a real directory): --password-stdin signs in; without it, signed-out in CLI words', async () => {
    const { id, password } = await readerUser();
    await addUser(`userpass-${id}`, `cli-${id}`, password, id);
    const env = testEnvironment();
    // The directory's "cli" user: the password is the directory's; OpenBao maps the user to the policy.
    await vaultApi(env.vault, env.vault.rootToken, 'POST', 'auth/ldap/users/cli', { policies: [`reader-${id}`] });
    tokens.push(env.ldap.password);
    for (const [config, secret] of [
      [baoStore({ auth: 'userpass', authPath: `userpass-${id}`, username: `cli-${id}` }), password],
      [baoStore({ auth: 'ldap', username: 'cli' }), env.ldap.password],
    ] as const) {
      stores([config]);
      const run = await check({}, ['--password-stdin'], `${secret}\n`);
      assert.equal(run.status, 0, `${config.auth}: ${run.output}`);
      noSecrets(run);
      const wrong = await check({}, ['--password-stdin'], 'not-the-password\n');
      assert.equal(wrong.status, 1, wrong.output);
      assert.match(wrong.output, /signed-out .*wrong username or password/);
      const none = await check({});
      assert.equal(none.status, 1, none.output);
      assert.match(none.output, /signed-out .*--password-stdin/);
      assert.doesNotMatch(none.output, /Secret References:/);
    }
  });

  it('userpass on a terminal: the password is asked without echo and signs in', async () => {
    const { id, password } = await readerUser();
    await addUser(`userpass-${id}`, `tty-${id}`, password, id);
    stores([baoStore({ auth: 'userpass', authPath: `userpass-${id}`, username: `tty-${id}` })]);
    const run = await runOnTerminal(
      ['check', '--resolve', '--stores', 'stores.json', 'app.yaml'],
      dir,
      { HOME: home },
      /Password of "tty-/,
      `${password}\r`,
    );
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, new RegExp(`Password of "tty-${id}" \\(auth/userpass-${id} at `));
    noSecrets(run);
  });
});
