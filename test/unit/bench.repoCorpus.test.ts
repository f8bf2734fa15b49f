// The repository-scale bench's generator and scoring (bench/repoCorpus.ts), so the bench cannot break
// silently: the repository is the same for a seed, every label points at the line that holds it, the
// score counts what it says, and `secretref check` (in-process) finds exactly the labelled secrets.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';
import { generateCorpus, scoreFindings, writeCorpus, type CorpusLabels, type Finding } from '../../bench/repoCorpus';

const split = new Map<string, string[]>();
/** Line `line` (1-based) of `file`. */
function lineOf(files: Map<string, string>, file: string, line: number): string {
  let lines = split.get(file);
  if (!lines) split.set(file, (lines = files.get(file)!.split('\n')));
  return lines[line - 1];
}

describe('bench: the labelled repository', () => {
  const corpus = generateCorpus({ files: 300, seed: 7 });
  const { files, labels } = corpus;

  it('is the same for a seed and another for another seed', () => {
    const again = generateCorpus({ files: 300, seed: 7 });
    assert.deepEqual([...again.files], [...files]);
    assert.deepEqual(again.labels, labels);
    assert.notDeepEqual([...generateCorpus({ files: 300, seed: 8 }).files.values()], [...files.values()]);
  });

  it('holds every format, about 10 KB a file, and counts its files and bytes', () => {
    assert.equal(files.size, 300);
    assert.equal(labels.files, 300);
    for (const [format, n] of Object.entries(labels.formats)) assert.ok(n >= 20, `${format}: ${n} files`);
    const bytes = [...files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    assert.equal(labels.bytes, bytes);
    assert.ok(bytes / files.size > 7_000 && bytes / files.size < 14_000, `${bytes / files.size} bytes a file`);
    for (const format of ['credential-json', 'connections-json', 'yaml', 'env', 'python']) {
      assert.ok(
        labels.secrets.some((s) => s.format === format),
        `no inline secret in ${format}`,
      );
    }
  });

  it('labels the line that holds each secret, reference and decoy', () => {
    for (const list of ['secrets', 'references', 'decoys'] as const) {
      assert.ok(labels[list].length > 50, list);
      for (const label of labels[list]) {
        const text = lineOf(files, label.file, label.line);
        assert.ok(text !== undefined && text.includes(label.field), `${list}: ${label.file}:${label.line} does not hold ${label.field}`);
      }
    }
    const referenceSyntax = /vault\.secret\(|\{\{resolve:secretsmanager:|\{\{getSecrets\./;
    for (const label of labels.references) assert.match(lineOf(files, label.file, label.line), referenceSyntax);
    for (const label of labels.secrets) assert.doesNotMatch(lineOf(files, label.file, label.line), referenceSyntax);
    const lines = new Set([...labels.secrets, ...labels.references, ...labels.decoys].map((l) => `${l.file}:${l.line}`));
    assert.equal(lines.size, labels.secrets.length + labels.references.length + labels.decoys.length, 'a line carries two labels');
  });
});

describe('bench: scoring findings against the labels', () => {
  const at = (file: string, line: number) => ({ file, line, field: 'password', kind: 'password', format: 'env' as const });
  const labels: Pick<CorpusLabels, 'secrets' | 'references' | 'decoys'> = {
    secrets: [at('a.env', 1), at('a.env', 2), at('b.env', 1), at('b.env', 4)],
    references: [at('a.env', 3)],
    decoys: [at('b.env', 2)],
  };

  it('all found, nothing else: precision and recall 100%', () => {
    const score = scoreFindings(labels, labels.secrets);
    assert.deepEqual(
      { ...score },
      { flagged: 4, truePositives: 4, falsePositives: 0, onReferences: 0, onDecoys: 0, elsewhere: 0, missed: 0, precision: 1, recall: 1 },
    );
  });

  it('one line flagged twice counts once; a miss, a reference, a decoy and another line are told apart', () => {
    const findings: Finding[] = [
      { file: 'a.env', line: 1 },
      { file: 'a.env', line: 1 },
      { file: 'a.env', line: 2 },
      { file: 'b.env', line: 1 },
      { file: 'a.env', line: 3 },
      { file: 'b.env', line: 2 },
      { file: 'b.env', line: 9 },
    ];
    const score = scoreFindings(labels, findings);
    assert.deepEqual(
      { ...score },
      {
        flagged: 6,
        truePositives: 3,
        falsePositives: 3,
        onReferences: 1,
        onDecoys: 1,
        elsewhere: 1,
        missed: 1,
        precision: 0.5,
        recall: 0.75,
      },
    );
  });

  it('the same line number in another file is another line', () => {
    const score = scoreFindings(labels, [{ file: 'c.env', line: 1 }]);
    assert.equal(score.truePositives, 0);
    assert.equal(score.elsewhere, 1);
    assert.equal(score.recall, 0);
  });
});

/** `secretref check --format json` in-process over `cwd`, with `env` (SECRETREF_CHECK_THREADS). */
async function checkJson(cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += `${t}\n`), env, cwd };
  const code = await runCli(['check', '--format', 'json', '--fail-on', 'never', '.'], io);
  return { code, stdout, stderr };
}

describe('bench: secretref check on the written repository', () => {
  it('writes the files and the label file outside the repository; check finds exactly the labelled secrets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-corpus-'));
    try {
      const { repo, labelFile, labels } = writeCorpus(dir, { files: 120, seed: 3 });
      assert.equal(path.dirname(labelFile), dir);
      assert.ok(!labelFile.startsWith(repo));
      assert.deepEqual(JSON.parse(fs.readFileSync(labelFile, 'utf8')), labels);
      const { code, stdout, stderr } = await checkJson(repo);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /checked 120 files/);
      const findings = JSON.parse(stdout) as { file: string; line: number; code: string }[];
      assert.deepEqual(
        findings.filter((f) => f.code !== 'inline-secret'),
        [],
        'the generated configs are schema-valid',
      );
      const score = scoreFindings(labels, findings);
      assert.equal(score.missed, 0);
      assert.equal(score.falsePositives, 0);
      assert.equal(score.truePositives, labels.secrets.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on worker threads the output is byte for byte that of one thread; a bad thread count is a usage error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-corpus-'));
    try {
      const { repo } = writeCorpus(dir, { files: 300, seed: 4 });
      // A file with a syntax error, one with no schema and an ignore comment: every kind of outcome.
      fs.writeFileSync(path.join(repo, 'broken.json'), '{"host": "h",, }');
      fs.writeFileSync(path.join(repo, 'plain.json'), '{"a": 1}');
      fs.writeFileSync(path.join(repo, 'ignored.env'), '# secretref: ignore inline-secret a fixture\nDB_PASSWORD=Zx9fixture0000\n');
      const one = await checkJson(repo, { SECRETREF_CHECK_THREADS: '1' });
      const three = await checkJson(repo, { SECRETREF_CHECK_THREADS: '3' });
      assert.equal(one.code, 0, one.stderr);
      assert.match(
        one.stderr,
        /checked 303 files, \d+ findings, 2 JSON files with no credential schema .*, 1 suppressed by ignore comments/,
      );
      assert.ok(JSON.parse(one.stdout).length > 100);
      assert.equal(three.stdout, one.stdout);
      assert.equal(three.stderr, one.stderr);
      const bad = await checkJson(repo, { SECRETREF_CHECK_THREADS: 'two' });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /SECRETREF_CHECK_THREADS must be a whole number/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
