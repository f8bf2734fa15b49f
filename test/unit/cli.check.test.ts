import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';
import { CODES, schemaNames } from '../../src/core/schemas';
import { FIXTURES } from './schemasTestSupport';
import { refreshIndex } from '../../src/core/references/indexBuilder';
import { ReferenceIndex } from '../../src/core/references/referenceIndex';
import type { StoreConfig } from '../../src/core/stores/types';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/workspace/projectConfig';

const ROOT = path.resolve(__dirname, '../../..');
const SCHEMA_CODES = new Set<string>(Object.values(CODES));

async function cli(args: string[], cwd = FIXTURES): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`), env: {}, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

interface Finding {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  path: string;
  message: string;
}

/** Schema findings only: other analyzers (references, inline secrets) plug into check as well. */
const schemaFindings = (stdout: string) => (JSON.parse(stdout) as Finding[]).filter((f) => SCHEMA_CODES.has(f.code));

const EXPECTED: Record<string, string[]> = {
  athena: ['wrong-type@catalog', 'unknown-key@region'],
  bigquery: ['missing-required@private_key'],
  s3: ['not-nullable@prefix'],
  glue: ['duplicate-key@aws_region'],
  mysql: ['wrong-type@port'],
  redshift: ['wrong-type@port', 'not-allowed@ssl_options.mechanism'],
  looker: ['wrong-type@verify_ssl'],
  'looker-git': ['missing-required@repo_url'],
  presto: ['not-allowed@ssl_options.mechanism', 'wrong-type@ssl_options.skip_verification'],
  postgres: ['wrong-type@port', 'unknown-key@sslmode'],
  snowflake: ['missing-required@password'],
  hive: ['wrong-type@databricks_cluster_id', 'unknown-key@host'],
  tableau: ['wrong-type@token_value'],
  'self-hosted': ['not-allowed@self_hosting_mechanism'],
};

describe('cli: secretref check', () => {
  it('finds no schema problem in the valid fixture of every schema; their example passwords are inline secrets, errors in check', async () => {
    const files = schemaNames().map((name) => `valid/prod.${name}.json`);
    const result = await cli(['check', '--format', 'json', ...files]);
    assert.deepEqual(schemaFindings(result.stdout), []);
    const findings = JSON.parse(result.stdout) as Finding[];
    assert.ok(findings.length > 0);
    for (const f of findings) assert.deepEqual([f.code, f.severity], ['inline-secret', 'error'], `${f.file} ${f.path}`);
    assert.equal(result.code, 1, 'a committed inline secret fails check by default');
    assert.equal((await cli(['check', '--fail-on', 'never', ...files])).code, 0);
  });

  it('finds the expected codes and paths in the invalid fixture of every schema, and exits 1', async () => {
    for (const name of schemaNames()) {
      const result = await cli(['check', '--format', 'json', `invalid/bad.${name}.json`]);
      assert.equal(result.code, 1, name);
      assert.deepEqual(
        schemaFindings(result.stdout).map((f) => `${f.code}@${f.path}`),
        EXPECTED[name],
        name,
      );
    }
  });

  it('prints file:line:col severity code message in text format', async () => {
    const result = await cli(['check', 'invalid/bad.mysql.json']);
    const line = result.stdout.split('\n').find((l) => l.includes('wrong-type'));
    assert.equal(line, 'invalid/bad.mysql.json:3:11 error wrong-type "port" must be an integer, not a string.');
  });

  it('reports connections files with [i] and named paths, 1-based lines and columns', async () => {
    const result = await cli(['check', '--format=json', 'connections.json', 'named.connections.json']);
    assert.equal(result.code, 1);
    const findings = schemaFindings(result.stdout);
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.line}:${f.column} ${f.severity} ${f.code} ${f.path}`),
      [
        'connections.json 33:20 error missing-required [3].credentials.password',
        'connections.json 36:15 error wrong-type [3].credentials.port',
        'connections.json 38:37 error not-allowed [3].credentials.ssl_options.mechanism',
        'connections.json 43:13 error unknown-schema [4].type',
        'named.connections.json 4:80 error wrong-type prod-postgres.credentials.port',
        'named.connections.json 8:20 error missing-required prod-tableau.credentials.token_value',
      ],
    );
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'file', 'fingerprint', 'line', 'message', 'path', 'severity']);
    }
  });

  it('--type forces the schema of files that do not say theirs', async () => {
    const guessed = await cli(['check', '--format', 'json', 'guessed.json']);
    assert.deepEqual(schemaFindings(guessed.stdout), []);
    const forced = await cli(['check', '--type', 'postgres', '--format', 'json', 'guessed.json']);
    assert.equal(forced.code, 1);
    assert.deepEqual(
      schemaFindings(forced.stdout).map((f) => f.code),
      ['missing-required', 'missing-required', 'missing-required', 'unknown-key'],
    );
  });

  it('reports syntax errors from the parser', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-check-'));
    fs.writeFileSync(path.join(dir, 'broken.snowflake.json'), '{\n  "user": "u",\n  "password" "p"\n}\n');
    const result = await cli(['check', 'broken.snowflake.json'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^broken\.snowflake\.json:3:14 error syntax Colon expected$/m);
  });

  it('exits 2 on bad usage and unreadable files, with a clear message', async () => {
    const missing = await cli(['check', 'does-not-exist.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read does-not-exist\.json \(ENOENT\)/);
    assert.equal((await cli(['check'])).code, 2);
    const format = await cli(['check', '--format', 'xml', 'guessed.json']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be "text" or "json"/);
    const type = await cli(['check', '--type', 'oracle', 'guessed.json']);
    assert.equal(type.code, 2);
    assert.match(type.stderr, /unknown schema "oracle"/);
    assert.equal((await cli(['check', '--bogus', 'guessed.json'])).code, 2);
    const help = await cli(['check', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: secretref check/);
  });
});

describe('cli: secretref schema', () => {
  it('prints the JSON Schema of a credential schema and of connections files', async () => {
    const result = await cli(['schema', 'redshift']);
    assert.equal(result.code, 0);
    const schema = JSON.parse(result.stdout) as { $schema: string; required: string[] };
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(schema.required, ['db_name', 'host', 'port', 'user', 'password']);
    const connections = await cli(['schema', 'connections']);
    assert.ok('$defs' in (JSON.parse(connections.stdout) as object));
  });

  it('exits 2 for an unknown or missing name', async () => {
    const unknown = await cli(['schema', 'oracle']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown schema "oracle"/);
    assert.equal((await cli(['schema'])).code, 2);
  });
});

describe('cli: the bundled dist/cli.js', () => {
  before(function () {
    this.timeout(60_000);
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('runs check and schema as a real process with the documented exit codes', async function () {
    this.timeout(30_000);
    const run = promisify(execFile);
    const cliPath = path.join(ROOT, 'dist', 'cli.js');
    const ok = await run(process.execPath, [cliPath, 'check', path.join(ROOT, 'demo', 'configs', 'self-hosted.json')], { cwd: FIXTURES });
    assert.ok(!ok.stdout.includes(' error '));
    const failed = await run(process.execPath, [cliPath, 'check', '--format', 'json', 'invalid/bad.tableau.json'], { cwd: FIXTURES }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    assert.equal((failed as { code: number }).code, 1);
    assert.deepEqual(
      schemaFindings((failed as { stdout: string }).stdout).map((f) => `${f.code}@${f.path}`),
      ['wrong-type@token_value'],
    );
    const usage = await run(process.execPath, [cliPath, 'check'], { cwd: FIXTURES }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((usage as { code: number }).code, 2);
    const version = await run(process.execPath, [cliPath, '--version']);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout, `${manifest.version}\n`, 'the bundle carries the version of package.json');
    assert.equal(version.stderr, '', 'nothing on stderr (no Node version warning from the AWS SDK either)');
    const schema = await run(process.execPath, [cliPath, 'schema', 'hive']);
    assert.equal((JSON.parse(schema.stdout) as { title: string }).title, 'hive credentials');
  });

  it('reads the store SDKs (dist/storeSdks.js) only when a store is used: not for --version, schema or check', async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-sdks-'));
    try {
      // Preloaded into the CLI's process: which of dist's files it loaded, written as it exits.
      const probe = path.join(dir, 'probe.cjs');
      const loadedFile = path.join(dir, 'loaded.json');
      fs.writeFileSync(
        probe,
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loadedFile)}, JSON.stringify(Object.keys(require.cache).map((f) => require('node:path').basename(f)))));`,
      );
      fs.writeFileSync(path.join(dir, 'app.yaml'), 'pw: vault.secret(vault:apps/db.password)\n');
      // A closed port: the reference cannot resolve, but the CLI must load node-vault to try.
      fs.writeFileSync(
        path.join(dir, 'stores.json'),
        JSON.stringify([{ kind: 'vault', name: 'vault', url: 'http://127.0.0.1:9', auth: 'token' }]),
      );
      const cliPath = path.join(ROOT, 'dist', 'cli.js');
      const loadedBy = async (args: string[]) => {
        await promisify(execFile)(process.execPath, ['--require', probe, cliPath, ...args], {
          cwd: dir,
          env: { PATH: process.env.PATH, HOME: dir, VAULT_ADDR: 'http://127.0.0.1:9', VAULT_TOKEN: 'unused-token' },
        }).catch((e: { code?: number }) => assert.ok(typeof e.code === 'number', `the CLI ran (${String(e)})`));
        return JSON.parse(fs.readFileSync(loadedFile, 'utf8')) as string[];
      };
      for (const args of [['--version'], ['schema', 'hive'], ['check', 'app.yaml']]) {
        const loaded = await loadedBy(args);
        assert.ok(loaded.includes('cli.js'), `the probe saw the bundle (${args.join(' ')})`);
        assert.ok(!loaded.includes('storeSdks.js'), `secretref ${args.join(' ')} read no store SDK: ${loaded.join(', ')}`);
      }
      const resolving = await loadedBy(['check', '--resolve', '--allow-unresolved', '--stores', 'stores.json', 'app.yaml']);
      assert.ok(resolving.includes('storeSdks.js'), `check --resolve read the store SDKs: ${resolving.join(', ')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships the reference index worker: dist/indexWorker.js reads and scans on threads', async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-index-'));
    try {
      for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, `c-${i}.yaml`), `pw: vault.secret(vault:apps/db-${i % 3}.password)\n`);
      const options = {
        configs: () => [{ kind: 'vault', name: 'vault', url: 'http://127.0.0.1:8200', auth: 'token' }] as StoreConfig[],
        settings: () => ({ templates: {} }),
      };
      const index = new ReferenceIndex(options);
      const script = path.join(ROOT, 'dist', 'indexWorker.js');
      const result = await refreshIndex(index, { root: dir, config: EMPTY_PROJECT_CONFIG, threads: 2, batch: 8, workerScript: script });
      assert.equal(result.threads, 2, 'both workers answered');
      assert.equal(result.scanned, 40);
      assert.equal(index.filesReferencing({ store: 'vault', path: 'apps/db-1' }).length, 13);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
