// `secretref check` on whole repositories, in-process: the walker (.gitignore, globs, the project
// config), policy (fail-on, fingerprints, baseline, ignore comments, unresolved references), and the
// SARIF and GitHub outputs, the SARIF validated against the official SARIF 2.1.0 JSON schema.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkInputs } from '../../src/core/workspace/fileWalk';
import { githubAnnotations } from '../../src/cli/output/github';
import { cliSeverity, fails, fingerprintFindings, type CheckFinding } from '../../src/cli/policy';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/workspace/projectConfig';
import { checkCli } from '../support/checkCli';
import { sarifValidator } from '../support/sarif';
import { writeTree } from '../support/fileTree';

const ROOT = path.resolve(__dirname, '../../..');

const check = checkCli;

describe('cli: check on a repository', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-repo-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('walks folders honouring the root and nested .gitignore, skips .git and node_modules, counts unknown files', async () => {
    writeTree(dir, {
      '.gitignore': 'secret/\n*.log.json\n',
      'a.json': '{}',
      'x.log.json': '{}',
      'secret/hidden.yaml': 'a: 1',
      'sub/.gitignore': 'ignored.yaml\n',
      'sub/b.yaml': 'a: 1',
      'sub/ignored.yaml': 'a: 1',
      'sub/deeper/c.env': 'A=1',
      'node_modules/m/p.json': '{}',
      '.git/config.json': '{}',
      'notes.txt': 'x',
      'image.png': 'x',
    });
    const walked = await walkInputs(['.'], dir, EMPTY_PROJECT_CONFIG);
    assert.deepEqual(walked.files, ['a.json', 'sub/b.yaml', 'sub/deeper/c.env']);
    assert.equal(walked.skipped, 4, 'notes.txt, image.png and the two .gitignore files');
    const globbed = await walkInputs(['sub/**/*.{yaml,env}', 'missing.json', 'none/*.json'], dir, EMPTY_PROJECT_CONFIG);
    assert.deepEqual(globbed.files, ['sub/b.yaml', 'sub/deeper/c.env']);
    assert.deepEqual(
      globbed.missing.map((m) => `${m.input} ${m.reason}`),
      ['missing.json ENOENT', 'none/*.json no file matches'],
    );
    assert.deepEqual(globbed.unreadable, []);
    // A file named on the command line is checked even when ignored or of no known format.
    assert.deepEqual((await walkInputs(['notes.txt', 'x.log.json'], dir, EMPTY_PROJECT_CONFIG)).files, ['notes.txt', 'x.log.json']);
  });

  it('a .gitignore of folder patterns only ignores those folders, never a file of the same name', async () => {
    writeTree(dir, {
      '.gitignore': '# build output\nbuild/\n  \nout/\n',
      'build/gen.json': '{}',
      'pkg/out/gen.yaml': 'a: 1',
      'pkg/build.json': '{}',
      'out.yaml': 'a: 1',
      'nested/.gitignore': 'cache/\n',
      'nested/cache/x.json': '{}',
      'nested/cache.json': '{}',
    });
    const walked = await walkInputs(['.'], dir, EMPTY_PROJECT_CONFIG);
    assert.deepEqual(walked.files, ['nested/cache.json', 'out.yaml', 'pkg/build.json']);
  });

  it('.secretref.json: include/exclude globs and credentialFiles; a bad config exits 2', async () => {
    writeTree(dir, {
      '.secretref.json': JSON.stringify({ include: ['conf/**'], exclude: ['**/skip.*'], credentialFiles: { 'conf/*.cred': 'postgres' } }),
      'conf/db.cred': '{"host": "h", "port": "5432", "user": "u", "password": "pw-literal"}',
      'conf/skip.yaml': 'password: x-literal',
      'other.yaml': 'password: y-literal',
    });
    const result = await check(dir, ['--format', 'json']);
    const findings = JSON.parse(result.stdout) as CheckFinding[];
    assert.deepEqual(
      findings.map((f) => `${f.file} ${f.code} ${f.path}`),
      // The mapping makes the .cred file credential JSON: its schema is checked (it was not), not only its secrets.
      ['conf/db.cred missing-required db_name', 'conf/db.cred inline-secret password'],
    );
    assert.equal(result.code, 1);
    fs.writeFileSync(path.join(dir, '.secretref.json'), '{"credentialFiles": {"*.x": "oracle"}}');
    const bad = await check(dir, ['.']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /credentialFiles\["\*\.x"\] must name a schema/);
  });

  it('an unreadable file is reported and the others are still checked (exit 2)', async () => {
    writeTree(dir, { 'app.env': 'DB_PASSWORD=hunter2hunter2\n' });
    // /proc/self/mem stats as a file and fails every read (EIO), even for root.
    const result = await check(dir, ['/proc/self/mem', 'app.env', 'gone.yaml']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot read \S*proc\/self\/mem \(EIO\)/);
    assert.match(result.stderr, /cannot read gone\.yaml \(ENOENT\)/);
    assert.match(result.stdout, /^app\.env:1:13 error inline-secret/m);
  });

  it('exit codes: fail-on error (inline secrets are errors), warning, never', async () => {
    writeTree(dir, { 'app.env': 'DB_PASSWORD=hunter2hunter2\n', 'ok.yaml': 'key: "vault.secret(s:p.k)"\n' });
    assert.equal((await check(dir, ['.'])).code, 1);
    assert.equal((await check(dir, ['--fail-on', 'never', '.'])).code, 0);
    assert.equal((await check(dir, ['ok.yaml'])).code, 0);
    assert.equal((await check(dir, ['--fail-on', 'loud', '.'])).code, 2);
    assert.equal((await check(dir, ['--update-baseline', '.'])).code, 2);
    assert.ok(fails('warning', 'warning') && fails('error', 'warning') && !fails('information', 'warning'));
    assert.ok(!fails('warning', 'error') && !fails('error', 'never'));
  });

  it('--resolve: a reference that could not be checked is an error unless --allow-unresolved', () => {
    const d = { code: 'store-unreachable', severity: 'information' as const, message: '', offset: 0, length: 1, path: '' };
    assert.equal(cliSeverity(d, { resolve: true }), 'error');
    assert.equal(cliSeverity({ ...d, code: 'signed-out' }, { resolve: true }), 'error');
    assert.equal(cliSeverity(d, { resolve: true, allowUnresolved: true }), 'information');
    assert.equal(cliSeverity({ ...d, code: 'secret-not-found', severity: 'error' }, { resolve: true, allowUnresolved: true }), 'error');
  });

  it('ignore comments suppress their code: alone on a line, the next line; trailing, their own line; with a reason', async () => {
    writeTree(dir, {
      'a.yaml': [
        '# secretref: ignore inline-secret a test fixture',
        'password: one-literal',
        'token: two-literal # secretref: ignore inline-secret fixture too',
        'api_key: three-literal',
      ].join('\n'),
      'b.py': '# secretref: ignore wrong-type not this code\nPASSWORD = "four-literal"\n',
    });
    const result = await check(dir, ['--format', 'json', '.']);
    assert.deepEqual(
      (JSON.parse(result.stdout) as CheckFinding[]).map((f) => `${f.file}:${f.line} ${f.path}`),
      ['a.yaml:4 api_key', 'b.py:2 PASSWORD'],
    );
    assert.match(result.stderr, /2 suppressed by ignore comments/);
  });

  it('baseline: --update-baseline writes the findings, then only new ones are reported; fingerprints ignore line moves', async () => {
    writeTree(dir, { 'c.yaml': 'db:\n  password: old-literal\n' });
    const update = await check(dir, ['--baseline', 'baseline.json', '--update-baseline', '.']);
    assert.equal(update.code, 0, update.stderr);
    const baseline = fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8');
    assert.ok(!baseline.includes('old-literal'), 'the baseline holds no secret value');
    assert.equal((await check(dir, ['--baseline', 'baseline.json', '--fail-on', 'warning', '.'])).code, 0);
    // Lines added above: same fingerprint. A new secret: reported.
    fs.writeFileSync(path.join(dir, 'c.yaml'), '# moved\n\ndb:\n  password: old-literal\n  token: new-literal\n');
    const after = await check(dir, ['--baseline', 'baseline.json', '--format', 'json', '.']);
    assert.equal(after.code, 1);
    assert.deepEqual(
      (JSON.parse(after.stdout) as CheckFinding[]).map((f) => f.path),
      ['db.token'],
    );
    const missing = await check(dir, ['--baseline', 'nope.json', '.']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the baseline nope\.json/);
  });

  it('fingerprints: file + path + code + ordinal, not the line', () => {
    const base = { file: 'a.yaml', column: 1, severity: 'error' as const, code: 'inline-secret', path: 'p', message: 'm' };
    const [a, b] = fingerprintFindings([
      { ...base, line: 1 },
      { ...base, line: 9 },
    ]);
    const [moved] = fingerprintFindings([{ ...base, line: 40 }]);
    assert.equal(a.fingerprint, moved.fingerprint);
    assert.notEqual(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, fingerprintFindings([{ ...base, line: 1, file: 'b.yaml' }])[0].fingerprint);
  });

  it('--format sarif validates against the SARIF 2.1.0 schema: ruleId = code, rules with help, partial fingerprints', async () => {
    writeTree(dir, { 'app.env': 'DB_PASSWORD=hunter2hunter2\n', 'x.yaml': 'k: "vault.secret(store"\n' });
    const result = await check(dir, ['--format', 'sarif', '.']);
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; help: { text: string } }[] } };
        results: { ruleId: string; partialFingerprints: Record<string, string> }[];
      }[];
    };
    assert.deepEqual(sarifValidator()(log), []);
    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    assert.deepEqual(
      run.results.map((r) => r.ruleId),
      ['inline-secret', 'unterminated-reference'],
    );
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      ['inline-secret', 'unterminated-reference'],
    );
    for (const rule of run.tool.driver.rules) assert.ok(rule.help.text.length > 20, rule.id);
    for (const r of run.results) assert.match(Object.values(r.partialFingerprints)[0], /^[0-9a-f]{32}$/);
    assert.ok(!result.stdout.includes('hunter2hunter2'));
    // The validator can fail: a log without runs is no SARIF.
    assert.notDeepEqual(sarifValidator()({ version: '2.1.0' }), []);
  });

  it('--format github prints workflow commands with escaped properties and data', async () => {
    const [finding] = fingerprintFindings([
      { file: 'a,b:c.yaml', line: 3, column: 5, severity: 'warning', code: 'x', path: '', message: '50% done\nnext' },
    ]);
    assert.equal(githubAnnotations([finding]), '::warning file=a%2Cb%3Ac.yaml,line=3,col=5,title=secretref x::50%25 done%0Anext');
    writeTree(dir, { 'app.env': 'DB_PASSWORD=hunter2hunter2\n' });
    const result = await check(dir, ['--format', 'github', '.']);
    assert.match(result.stdout, /^::error file=app\.env,line=1,col=13,title=secretref inline-secret::"DB_PASSWORD" holds a secret/);
  });

  it('--stdin-filename checks standard input as that file', async () => {
    const result = await check(dir, ['--stdin-filename', 'conf/app.env', '--format', 'json'], 'API_KEY=abc-literal\n');
    assert.equal(result.code, 1);
    assert.deepEqual(
      (JSON.parse(result.stdout) as CheckFinding[]).map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`),
      ['conf/app.env:1:9 inline-secret'],
    );
    assert.equal((await check(dir, ['--stdin-filename', 'a.env', 'b.env'], '')).code, 2);
  });

  it('checks every demo file without an abort', async () => {
    const result = await check(ROOT, ['--format', 'json', 'demo']);
    const findings = JSON.parse(result.stdout) as CheckFinding[];
    assert.equal(result.code, 1, 'the demo has inline passwords to migrate');
    assert.doesNotMatch(result.stderr, /cannot read|no credential schema/);
    const demoFiles = fs.readdirSync(path.join(ROOT, 'demo'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    assert.match(result.stderr, new RegExp(`checked ${demoFiles} files`));
    assert.ok(findings.every((f) => f.file.startsWith('demo/')));
    assert.ok(!findings.some((f) => f.file === 'demo/configs/self-hosted.json'), 'the single connection object is valid');
  });
});
