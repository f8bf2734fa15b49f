// The repository's .pre-commit-hooks.yaml with the real pre-commit (PyPI, installed into the cache's
// venv by scripts/setup-prereqs.sh), offline: a scratch git repository whose .pre-commit-config.yaml
// names this repository by a file:// URL and commit (pre-commit clones it from there), and `secretref`
// on PATH (the hook's `language: system`; the bundle `npm run build` made). `pre-commit run --all-files`
// fails on a committed inline password and passes once `secretref migrate` moved it into the live OpenBao.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { git, mustRun, repositorySnapshot, ROOT, runCommand, toolEnv } from '../support/packaging';
import { testEnvironment } from '../support/testEnv';

function preCommitBinary(): string {
  const binary = process.env.SECRETREF_PRE_COMMIT;
  if (!binary || !fs.existsSync(binary)) {
    throw new Error(
      `pre-commit is not installed (SECRETREF_PRE_COMMIT=${binary ?? 'unset'}): scripts/setup-prereqs.sh installs it into the cache's venv; run the tests through scripts/test.sh`,
    );
  }
  return binary;
}

describe('pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit, offline', function () {
  this.timeout(180_000);
  let scratch: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const preCommit = preCommitBinary();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-pre-commit-'));
    const bin = path.join(scratch, 'bin');
    fs.mkdirSync(bin);
    const cli = path.join(ROOT, 'dist', 'cli.js');
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built (scripts/test.sh builds it)');
    fs.writeFileSync(path.join(bin, 'secretref'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });
    const stores = testEnvironment();
    env = toolEnv({
      PATH: [bin, path.dirname(preCommit), path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      // pre-commit's clones and environments go to the scratch folder, never the user's ~/.cache/pre-commit.
      PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home'),
      VAULT_ADDR: stores.vault.address,
      VAULT_TOKEN: stores.vault.rootToken,
      SECRETREF_STATE_DIR: path.join(scratch, 'state'),
    });
    const hooks = await repositorySnapshot();
    repo = path.join(scratch, 'repo');
    fs.mkdirSync(path.join(repo, 'conf'), { recursive: true });
    await git(repo, ['init', '--quiet', '--initial-branch=main']);
    fs.writeFileSync(
      path.join(repo, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hooks.url}\n    rev: ${hooks.commit}\n    hooks:\n      - id: secretref\n`,
    );
    // The stores file is the CI job's, outside the repository (in it, `check` would read it as a broken connections file).
    fs.writeFileSync(
      path.join(scratch, 'stores.json'),
      JSON.stringify([{ name: 'bao', kind: 'vault', url: stores.vault.address, auth: 'token', enginePath: 'secret' }]),
    );
    fs.writeFileSync(
      path.join(repo, 'conf', 'warehouse.postgres.json'),
      '{\n  "host": "db.internal",\n  "port": "5432",\n  "db_name": "analytics",\n  "user": "loader",\n  "password": "Committed-Pw-7781"\n}\n',
    );
    fs.writeFileSync(path.join(repo, 'README.md'), 'Connector configs.\n');
    await git(repo, ['add', '--all']);
    await git(repo, ['commit', '--quiet', '--no-verify', '-m', 'configs with an inline password']);
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('fails on the committed inline password, without printing it', async () => {
    const ran = await runCommand(preCommitBinary(), ['run', '--all-files', '--color', 'never'], { cwd: repo, env, timeoutMs: 120_000 });
    const output = ran.stdout + ran.stderr;
    assert.equal(ran.code, 1, output);
    assert.match(output, /secretref check\.+Failed/);
    assert.match(output, /conf\/warehouse\.postgres\.json:6:\d+ error inline-secret /);
    assert.ok(!output.includes('Committed-Pw-7781'), 'the password is not in the output');
  });

  it('passes after `secretref migrate` moved the password into OpenBao', async () => {
    await mustRun(
      'secretref',
      ['migrate', 'conf/warehouse.postgres.json', '--store', 'bao', '--stores', path.join(scratch, 'stores.json')],
      {
        cwd: repo,
        env,
      },
    );
    const migrated = fs.readFileSync(path.join(repo, 'conf', 'warehouse.postgres.json'), 'utf8');
    assert.match(migrated, /"password": "vault\.secret\(bao:[^)]+\.password\)"/);
    await git(repo, ['commit', '--quiet', '--no-verify', '--all', '-m', 'password moved to OpenBao']);
    const ran = await runCommand(preCommitBinary(), ['run', '--all-files', '--color', 'never'], { cwd: repo, env, timeoutMs: 120_000 });
    assert.equal(ran.code, 0, ran.stdout + ran.stderr);
    assert.match(ran.stdout, /secretref check\.+Passed/);
  });
});
