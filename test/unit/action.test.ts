// action.yml, the composite GitHub Action: its inputs are the ones the README documents (names and
// defaults), and the shell of its check step, run verbatim with bash the way the runner runs it (inputs
// in the environment, RUNNER_TEMP, GITHUB_OUTPUT), is a valid `secretref check` invocation: against a
// fixture, with the compiled CLI as `secretref`, it writes valid SARIF and the exit code the inputs ask for.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sarifValidator } from '../support/sarif';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
// js-yaml ships no types; the one function used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  if?: string;
  with?: Record<string, unknown>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  runs: { using: string; steps: Step[] };
}

const action = yaml.load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

/** The README's table of the action's inputs: `| `name` | `default` or (empty) | meaning |` rows after "**The action**". */
function documentedInputs(): Map<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('**The action**');
  assert.ok(start >= 0, 'README has the "**The action**" paragraph');
  const rows = new Map<string, string>();
  for (const line of readme.slice(start).split('\n').slice(1)) {
    if (rows.size > 0 && !line.startsWith('|')) break;
    const row = /^\| `([a-z-]+)` \| (?:`([^`]+)`|\(empty\)) \| .+ \|$/.exec(line);
    if (row) rows.set(row[1], row[2] ?? '');
  }
  return rows;
}

function checkStep(): Step {
  const step = action.runs.steps.find((s) => s.id === 'check');
  assert.ok(step?.run, 'a step with id "check" runs a script');
  return step;
}

function runCheckStep(cwd: string, inputs: Record<string, string>): { code: number; outputs: Map<string, string>; sarif: string } {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-action-'));
  const bin = path.join(temp, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'secretref'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  const outputFile = path.join(temp, 'github-output');
  fs.writeFileSync(outputFile, '');
  const step = checkStep();
  // The step's env maps inputs with ${{ inputs.<name> }}; the runner substitutes them, as here.
  const env: NodeJS.ProcessEnv = { PATH: `${bin}${path.delimiter}${process.env.PATH}`, RUNNER_TEMP: temp, GITHUB_OUTPUT: outputFile };
  for (const [name, value] of Object.entries(step.env ?? {})) {
    const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value);
    assert.ok(input, `${name} is an input`);
    env[name] = inputs[input[1]] ?? action.inputs[input[1]].default ?? '';
  }
  assert.equal(step.shell, 'bash');
  const ran = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run!], { cwd, env, encoding: 'utf8' });
  const outputs = new Map(
    fs
      .readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const sarifFile = outputs.get('sarif-file');
  const sarif = sarifFile ? fs.readFileSync(sarifFile, 'utf8') : '';
  fs.rmSync(temp, { recursive: true, force: true });
  assert.equal(ran.status, 0, `the step itself succeeds (its exit code goes to the output): ${ran.stderr}`);
  return { code: Number(outputs.get('exit-code')), outputs, sarif };
}

describe('action.yml (composite GitHub Action)', () => {
  let fixture: string;
  before(() => {
    fixture = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-action-repo-'));
    fs.mkdirSync(path.join(fixture, 'conf'));
    fs.writeFileSync(
      path.join(fixture, 'conf', 'prod.postgres.json'),
      '{"host": "db", "port": "5432", "db_name": "d", "user": "u", "password": "Action-Pw-31"}\n',
    );
    fs.writeFileSync(
      path.join(fixture, 'conf', 'ok.postgres.json'),
      '{"host": "db", "port": "5432", "db_name": "d", "user": "u", "password": "vault.secret(bao:db.password)"}\n',
    );
    fs.writeFileSync(path.join(fixture, 'conf', 'odd.json'), '{"host": "db", "port": 5432}\n');
  });
  after(() => fs.rmSync(fixture, { recursive: true, force: true }));

  it('is a composite action whose inputs are exactly the ones the README documents, with the same defaults', () => {
    assert.equal(action.runs.using, 'composite');
    const documented = documentedInputs();
    assert.deepEqual([...documented.keys()].sort(), Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      assert.equal(documented.get(name), input.default ?? '', `default of ${name}`);
      assert.ok(input.description.length > 10, `${name} has a description`);
    }
  });

  it("uploads the check step's SARIF with github/codeql-action/upload-sarif", () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    assert.equal(upload.with?.sarif_file, '${{ steps.check.outputs.sarif-file }}');
    const steps = action.runs.steps;
    assert.ok(steps.indexOf(upload) > steps.indexOf(checkStep()), 'after the check');
    assert.match(upload.if ?? '', /always\(\)/, 'also when findings make the check fail');
  });

  it('the check step with the default inputs writes valid SARIF of the findings and exits 1 on the inline password', () => {
    const { code, sarif } = runCheckStep(fixture, {});
    assert.equal(code, 1);
    assert.ok(!sarif.includes('Action-Pw-31'), 'no value in the SARIF');
    const log = JSON.parse(sarif) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    assert.deepEqual(sarifValidator()(log), []);
    const results = log.runs[0].results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri} ${r.ruleId}`);
    assert.ok(results.includes('conf/prod.postgres.json inline-secret'), results.join('\n'));
  });

  it('fail-on, paths, baseline and config reach the CLI', () => {
    assert.equal(runCheckStep(fixture, { 'fail-on': 'never' }).code, 0, 'fail-on never');
    assert.equal(runCheckStep(fixture, { paths: 'conf/ok.postgres.json' }).code, 0, 'paths: only the clean file');
    assert.equal(runCheckStep(fixture, { paths: 'conf/ok.postgres.json conf/prod.postgres.json' }).code, 1, 'paths: two files');
    // A baseline of today's findings: nothing new, exit 0.
    const baseline = path.join(fixture, 'baseline.json');
    const written = spawnSync(process.execPath, [CLI, 'check', '--baseline', baseline, '--update-baseline', '.'], {
      cwd: fixture,
      encoding: 'utf8',
    });
    assert.equal(written.status, 0, written.stderr);
    assert.equal(runCheckStep(fixture, { baseline: 'baseline.json' }).code, 0, 'baseline');
    fs.rmSync(baseline);
    // A config that maps conf/odd.json (no schema by its name or fields) to postgres: its integer port is then an error.
    fs.writeFileSync(path.join(fixture, 'ci.secretref.json'), JSON.stringify({ credentialFiles: { 'conf/odd.json': 'postgres' } }));
    const withConfig = runCheckStep(fixture, { config: 'ci.secretref.json', paths: 'conf/odd.json' });
    assert.equal(withConfig.code, 1, 'config maps the file');
    assert.match(withConfig.sarif, /"ruleId": ?"wrong-type"/);
    assert.equal(runCheckStep(fixture, { paths: 'conf/odd.json' }).code, 0, 'without the config the file has no schema');
    fs.rmSync(path.join(fixture, 'ci.secretref.json'));
  });

  it('a bad input is bad usage (exit 2) and writes no SARIF to upload', () => {
    const { code, outputs } = runCheckStep(fixture, { 'fail-on': 'sometimes' });
    assert.equal(code, 2);
    assert.equal(outputs.get('sarif-file'), undefined);
  });
});
