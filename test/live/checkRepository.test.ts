// `secretref check` as a real process on a scratch repository, as CI runs it: the labelled inline
// secrets of every format found, exit 1 with --fail-on warning and 0 with the baseline that
// --update-baseline wrote, SARIF valid against the SARIF 2.1.0 schema, the demo checked without an
// abort, and --resolve against the real OpenBao: a store that cannot be reached fails the run unless
// --allow-unresolved.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckFinding } from '../../src/cli/policy';
import { testEnvironment } from '../support/testEnv';
import { sarifValidator } from '../support/sarif';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(__dirname, '../../src/cli/main.js');

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'check', ...args], {
      cwd,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** One labelled inline secret per format (the value says where it is), plus references and documentation that are none. */
const LABELLED: Record<string, { text: string; secret: string }> = {
  'conf/prod.snowflake.json': {
    text: '{\n  // TODO: move to vault.secret(...)\n  "user": "u", "account": "a", "warehouse": "w",\n  "password": "LABEL-json-1"\n}\n',
    secret: 'LABEL-json-1',
  },
  'connectors/pg.yaml': {
    text: '# Cloudomation-style connector\nconnector_type: SQLPG\nname: pg\nvalue:\n  host: db.internal\n  password: LABEL-yaml-1 # inline!\n  token: "vault.secret(bao:apps/db.prod.password)"\n',
    secret: 'LABEL-yaml-1',
  },
  '.env': {
    text: 'DB_HOST=db\nexport DB_PASSWORD="LABEL-env-1"\nAPI_TOKEN={{resolve:secretsmanager:s:SecretString:k}}\n',
    secret: 'LABEL-env-1',
  },
  'jobs/etl.py': {
    text: '# vault.secret(\nAPI_KEY = "LABEL-python-1"\nconn = connect(password=os.environ["PW"])\n',
    secret: 'LABEL-python-1',
  },
  'settings.toml': { text: '[database]\npassword = "LABEL-toml-1" # not a comment inside: "#"\n', secret: 'LABEL-toml-1' },
  'app.properties': { text: '! vault.secret(\nspring.datasource.password=LABEL-properties-1\n', secret: 'LABEL-properties-1' },
  'docs/README.md': { text: 'Write `vault.secret(<store>:<path>.<key>` or `{{resolve:secretsmanager:…}}`.\n', secret: '' },
};

describe('secretref check on a scratch repository (process)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-ci-'));
    for (const [name, { text }] of Object.entries(LABELLED)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    fs.writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    fs.mkdirSync(path.join(dir, 'build'));
    fs.writeFileSync(path.join(dir, 'build', 'out.env'), 'PASSWORD=ignored-by-gitignore\n');
    fs.writeFileSync(path.join(dir, 'logo.png'), 'not a config');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the labelled inline secret of every format, and nothing else; never prints a value', async () => {
    const result = await run(dir, ['--format', 'json', '.']);
    assert.equal(result.code, 1, result.stderr);
    const findings = JSON.parse(result.stdout) as CheckFinding[];
    const labelled = Object.entries(LABELLED).filter(([, l]) => l.secret);
    assert.deepEqual(findings.map((f) => `${f.file} ${f.code}`).sort(), labelled.map(([file]) => `${file} inline-secret`).sort());
    for (const f of findings) {
      const { text, secret } = LABELLED[f.file];
      const line = text.split('\n')[f.line - 1];
      assert.ok(
        line
          .slice(f.column - 1)
          .replace(/^"/, '')
          .startsWith(secret),
        `${f.file}:${f.line}:${f.column} points at its secret`,
      );
    }
    for (const [, { secret }] of labelled) assert.ok(!(result.stdout + result.stderr).includes(secret), 'no secret value in the output');
    assert.match(result.stderr, /checked 7 files, 6 findings, skipped 2 files of no format secretref reads/);
  });

  it('exits 1 with --fail-on warning, 0 with the baseline that --update-baseline wrote', async () => {
    assert.equal((await run(dir, ['--fail-on', 'warning', '.'])).code, 1);
    const update = await run(dir, ['--baseline', '.secretref-baseline.json', '--update-baseline', '.']);
    assert.equal(update.code, 0, update.stderr);
    const clean = await run(dir, ['--baseline', '.secretref-baseline.json', '--fail-on', 'warning', '.']);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stdout, '');
    assert.match(clean.stderr, /6 in the baseline/);
  });

  it('--format sarif validates against the SARIF 2.1.0 schema; --format github annotates each finding', async () => {
    const sarif = await run(dir, ['--format', 'sarif', '.']);
    assert.equal(sarif.code, 1);
    const log = JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] };
    assert.deepEqual(sarifValidator()(log), []);
    assert.equal(log.runs[0].results.length, 6);
    const github = await run(dir, ['--format', 'github', '.']);
    const lines = github.stdout.trim().split('\n');
    assert.equal(lines.length, 6);
    for (const line of lines) assert.match(line, /^::error file=[^,]+,line=\d+,col=\d+,title=secretref inline-secret::/);
  });

  it('checks every demo file without an abort', async () => {
    const result = await run(ROOT, ['demo']);
    assert.doesNotMatch(result.stderr, /cannot read|no credential schema|EISDIR/);
    assert.equal(result.code, 1, 'the demo keeps inline passwords to migrate');
    assert.match(result.stderr, /checked \d+ files/);
  });

  it('--resolve: an unreachable or signed-out store fails the run unless --allow-unresolved; a resolving reference passes', async () => {
    const env = testEnvironment();
    fs.writeFileSync(
      path.join(dir, 'stores.json'),
      JSON.stringify([
        { name: 'bao', kind: 'vault', url: env.vault.address, auth: 'token', enginePath: 'secret' },
        { name: 'down', kind: 'vault', url: 'http://127.0.0.1:9', auth: 'token' },
      ]),
    );
    const tokenEnv = { VAULT_TOKEN: env.vault.rootToken, VAULT_ADDR: env.vault.address };
    fs.writeFileSync(path.join(dir, 'ok.yaml'), 'password: "vault.secret(bao:apps/db.prod.password)"\n');
    fs.writeFileSync(path.join(dir, 'down.yaml'), 'password: "vault.secret(down:apps/db.prod.password)"\n');
    const ok = await run(dir, ['--resolve', '--stores', 'stores.json', 'ok.yaml'], tokenEnv);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    // A token for the dead server's address, so the run gets as far as the network (else: signed out).
    const downEnv = { VAULT_TOKEN: 'token-for-a-dead-server', VAULT_ADDR: 'http://127.0.0.1:9' };
    const down = await run(dir, ['--resolve', '--stores', 'stores.json', '--format', 'json', 'down.yaml'], downEnv);
    assert.equal(down.code, 1, down.stdout + down.stderr);
    assert.deepEqual(
      (JSON.parse(down.stdout) as CheckFinding[]).map((f) => `${f.code} ${f.severity}`),
      ['store-unreachable error'],
    );
    const allowed = await run(dir, ['--resolve', '--allow-unresolved', '--stores', 'stores.json', 'down.yaml'], downEnv);
    assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
    // Signed out (no token for the store): nothing could be checked, which is no pass either.
    const signedOut = await run(dir, ['--resolve', '--stores', 'stores.json', 'ok.yaml']);
    assert.equal(signedOut.code, 1, signedOut.stdout + signedOut.stderr);
    assert.match(signedOut.stdout, /error signed-out /);
    assert.equal((await run(dir, ['--resolve', '--allow-unresolved', '--stores', 'stores.json', 'ok.yaml'])).code, 0);
  });
});
