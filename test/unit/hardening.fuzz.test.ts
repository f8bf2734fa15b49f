// Bad input against every text-facing part of the core: the credential parser, validator, detection
// and completion, the reference scanner and `check` analyzers, and the migration planner. Random
// (fast-check) and real-world broken files (test/fixtures/broken plus big ones generated here):
// no exception escapes, every call finishes within a bound proportional to its input, and malformed
// input always yields a diagnostic. SECRETREF_FUZZ=full runs ten times the cases (npm run bench).
import { cpuMs } from '../support/cpuTime';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzeText } from '../../src/cli/commands/check';
import type { CoreDiagnostic } from '../../src/core/diagnostics';
import { planMigration, PlanError } from '../../src/core/migration/planner';
import type { MigrationTarget } from '../../src/core/migration/types';
import { completionSiteAt } from '../../src/core/references/completionSite';
import { inlineSecretDiagnostics } from '../../src/core/references/inlineSecrets';
import { scanReferences } from '../../src/core/references/scanner';
import { computeCompletions, computeHover, CredentialDocument, parseJsonc } from '../../src/core/schemas';
import { connectionEntries, DEEP, fragmentTexts, fuzzConnections, GENERATED, truncationSource } from '../fixtures/fuzzCorpus';

const FULL = process.env.SECRETREF_FUZZ === 'full';
const SCALE = FULL ? 10 : 1;
const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'broken');

// Time bound per call, in CPU time of this process (not wall time, which other processes on a busy
// 2-core machine stretch: a wall-clock bound failed once at load average 20): BASE_MS for any input
// (GC pauses, first-call compilation) plus PER_MB_MS per megabyte. Linear code runs at 1-500 ms/MB here (the worst: an edit
// that turns a 10 MB single line into an error cascade); a quadratic step on a 10 MB input takes
// minutes, so it breaks the bound by orders of magnitude.
const BASE_MS = 1_000;
const PER_MB_MS = 1_000;
/** The planner builds a jsonc-parser tree, masked copies and a diff: ~0.5-1 s/MB measured under load. */
const PLANNER_PER_MB_MS = 2_500;
/** Quick mode plans inputs up to 3 MB (a 10 MB single-line file takes over a minute: see the report). */
const PLANNER_MAX_CHARS = FULL ? Infinity : 3_000_000;

let cases = 0;
/** Exceptions other than PlanError that escaped the planner, collected so one case does not hide the rest. */
let escaped: string[] = [];

function assertNothingEscaped(): void {
  const found = escaped;
  escaped = [];
  assert.deepEqual(found, [], `exceptions escaped: ${found.join(' | ')}`);
}
let worstMsPerMb = 0;
let worstWhat = '';
let slowestMs = 0;

function checkTime(what: string, text: string, elapsed: number, perMbMs = PER_MB_MS): void {
  const mb = text.length / 1e6;
  if (mb >= 0.5 && elapsed / mb > worstMsPerMb) {
    worstMsPerMb = elapsed / mb;
    worstWhat = what;
  }
  slowestMs = Math.max(slowestMs, elapsed);
  const bound = BASE_MS + perMbMs * mb;
  assert.ok(elapsed < bound, `${what} took ${elapsed.toFixed(0)} ms on ${text.length} chars (bound ${bound.toFixed(0)} ms)`);
}

function timed<T>(what: string, text: string, work: () => T): T {
  const started = cpuMs();
  const result = work();
  checkTime(what, text, cpuMs() - started);
  return result;
}

function checkDiagnostics(text: string, diagnostics: readonly CoreDiagnostic[], what: string): void {
  for (const d of diagnostics) {
    assert.ok(
      Number.isInteger(d.offset) && d.offset >= 0 && d.length >= 0 && d.offset + d.length <= text.length + 1,
      `${what}: diagnostic ${d.code} out of range`,
    );
    assert.ok(typeof d.message === 'string' && d.message.length > 0, `${what}: diagnostic ${d.code} has no message`);
  }
}

const TARGETS: MigrationTarget[] = [
  { kind: 'vault', store: 'vault-dev', enginePath: 'secret', kvVersion: 2 },
  {
    kind: 'aws',
    store: 'aws-gov',
    region: 'us-gov-west-1',
    assumableRole: 'arn:aws-us-gov:iam::123456789012:role/mc',
    trustedAccountId: '590183797493',
  },
];

interface Outcome {
  schemaDiagnostics: CoreDiagnostic[];
  referenceDiagnostics: CoreDiagnostic[];
  checkDiagnostics: CoreDiagnostic[];
  planErrors: string[];
}

/** Runs every text-facing entry point on one input; returns what they said. */
function exercise(text: string, fileName = 'fuzz.json', probes = 8): Outcome {
  cases++;
  const doc = timed('CredentialDocument', text, () => new CredentialDocument(text, { fileName }));
  const schemaDiagnostics = timed('diagnostics', text, () => doc.diagnostics());
  checkDiagnostics(text, schemaDiagnostics, 'schema');
  const step = Math.max(1, Math.floor(text.length / probes));
  for (let offset = 0; offset <= text.length; offset += step) {
    timed('completion', text, () => computeCompletions(doc, offset));
    timed('hover', text, () => computeHover(doc, offset));
    timed('completionSite', text, () => completionSiteAt(text, offset));
  }
  if (text.length > 0) {
    // An edit in the middle keeps the incremental model consistent (or falls back to a full parse).
    const at = Math.floor(text.length / 2);
    timed('applyEdit', text, () => doc.applyEdit(at, 0, '"x'));
    timed('diagnostics after edit', text, () => doc.diagnostics());
  }
  timed('parseJsonc', text, () => parseJsonc(text));
  const scan = timed('scanReferences', text, () => scanReferences(text));
  checkDiagnostics(text, scan.diagnostics, 'references');
  timed('inlineSecretDiagnostics', text, () => inlineSecretDiagnostics(text, { fileName }));
  const check = timed('check analyzers', text, () => analyzeText(text, fileName, {}));
  checkDiagnostics(text, check.diagnostics, 'check');
  const planErrors: string[] = [];
  for (const target of text.length <= PLANNER_MAX_CHARS ? TARGETS : []) {
    const started = cpuMs();
    try {
      const plan = planMigration({ source: fileName, text, target });
      assert.equal(typeof plan.diff, 'string');
    } catch (error) {
      // A plan refusal is the planner's diagnostic; anything else is an escaped exception.
      if (!(error instanceof PlanError)) {
        escaped.push(
          `planMigration(${target.kind}) on ${fileName} (${text.length} chars): ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        );
        continue;
      }
      assert.ok(error.message.length > 0);
      planErrors.push(error.message);
    }
    checkTime(`planMigration (${target.kind}) on ${fileName}`, text, cpuMs() - started, PLANNER_PER_MB_MS);
  }
  return { schemaDiagnostics, referenceDiagnostics: scan.diagnostics, checkDiagnostics: check.diagnostics, planErrors };
}

const hasSyntax = (o: Outcome) =>
  o.schemaDiagnostics.some((d) => d.code === 'syntax') && o.checkDiagnostics.some((d) => d.code === 'syntax');

describe('hardening: fuzz (bad input never throws, hangs or goes unreported)', function () {
  this.timeout(FULL ? 1_800_000 : 120_000);

  after(() => {
    console.log(
      `fuzz: ${cases} cases (${FULL ? 'full' : 'quick'} mode), slowest call ${slowestMs.toFixed(1)} ms, worst ${worstMsPerMb.toFixed(1)} ms/MB (${worstWhat}) on inputs ≥ 0.5 MB, bound ${BASE_MS} ms + ${PER_MB_MS} ms/MB (planner ${PLANNER_PER_MB_MS} ms/MB)`,
    );
  });

  it('corpus: real-world broken files in test/fixtures/broken', () => {
    const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    assert.ok(hasSyntax(exercise(read('truncated.json'), 'truncated.json')), 'truncated JSON is a syntax error');
    const bom = exercise(read('bom.connections.json'), 'bom.connections.json');
    // A BOM is either skipped like whitespace or reported; the connections behind it are still found.
    assert.ok(
      bom.schemaDiagnostics.every((d) => d.code !== 'syntax' || d.offset === 0),
      'a BOM breaks nothing after it',
    );
    const crlf = read('crlf.connections.json');
    const crlfOutcome = exercise(crlf, 'crlf.connections.json');
    const lf = exercise(crlf.replace(/\r\n/g, '\n'), 'lf.connections.json');
    assert.deepEqual(
      crlfOutcome.schemaDiagnostics.map((d) => d.code),
      lf.schemaDiagnostics.map((d) => d.code),
      'CRLF reads like LF',
    );
    assert.ok(
      hasSyntax(exercise('{"type": "snowflake",\u0000\u0000 "credentials": {"user": "u"}}', 'nul-outside.json')),
      'NUL bytes outside strings are a syntax error',
    );
    exercise(read('nul-bytes.json'), 'nul-bytes.json');

    const unbalanced = exercise(read('unbalanced-references.json'), 'unbalanced.snowflake.json');
    assert.ok(
      unbalanced.referenceDiagnostics.length >= 2,
      `unbalanced references: ${unbalanced.referenceDiagnostics.map((d) => d.code).join(', ')}`,
    );
    assert.ok(unbalanced.checkDiagnostics.length >= unbalanced.referenceDiagnostics.length, 'check reports the reference diagnostics too');

    const arnText = read('arn-partitions.json');
    const arns = scanReferences(arnText);
    const partitions = arns.references.map((r) => r.arn?.partition);
    assert.ok(partitions.includes('aws-us-gov') && partitions.includes('aws-cn'), `ARN partitions: ${partitions.join(', ')}`);
    const gov = arns.references.find((r) => r.arn?.partition === 'aws-us-gov');
    assert.equal(gov?.arn?.region, 'us-gov-west-1');
    assert.equal(gov?.arn?.secretName, 'prod/db');
    assert.equal(
      arns.diagnostics.length,
      2,
      `azure partition and short ARN are reported: ${arns.diagnostics.map((d) => d.message).join(' | ')}`,
    );
    assert.ok(arns.diagnostics.some((d) => /partition/.test(d.message)));
    exercise(arnText, 'arn-partitions.json');

    const nonAscii = exercise(read('non-ascii-keys.json'), 'non-ascii.snowflake.json');
    assert.ok(!hasSyntax(nonAscii), 'non-ASCII keys are valid JSON');
    assert.ok(
      nonAscii.schemaDiagnostics.some((d) => d.message.includes('パスワード') || d.message.includes('usér')),
      'unknown non-ASCII keys are named in diagnostics',
    );
    assertNothingEscaped();
  });

  it('corpus: raw NUL bytes inside a string are a syntax error (JSON.parse and jsonc-parser reject them)', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'nul-bytes.json'), 'utf8');
    assert.throws(() => JSON.parse(text));
    assert.ok(hasSyntax(exercise(text, 'nul-bytes.json')), 'secretref check passes a file that every JSON consumer rejects');
    assertNothingEscaped();
  });

  it('corpus: big and deep inputs generated at test time', () => {
    // A 10 MB single-line connections file (valid), then the same truncated mid-way.
    const big = GENERATED['big.json']();
    assert.ok(big.length >= 10_000_000 && !big.includes('\n'));
    const whole = exercise(big, 'big.json', 4);
    assert.ok(!hasSyntax(whole));
    assert.ok(hasSyntax(exercise(GENERATED['big-truncated.json'](), 'big-truncated.json', 4)), 'a truncated 10 MB file is a syntax error');
    // 10 MB of one string with no closing quote, and 1 MB of NULs.
    assert.ok(hasSyntax(exercise(GENERATED['long-string.json'](), 'long-string.json', 4)));
    assert.ok(hasSyntax(exercise(GENERATED['nul.json'](), 'nul.json', 4)));
    // 10,000 levels of nesting, objects and arrays, closed and unclosed.
    assert.equal(DEEP, 10_000);
    exercise(GENERATED['deep.snowflake.json'](), 'deep.snowflake.json');
    exercise(GENERATED['deep.connections.json'](), 'deep.connections.json');
    assert.ok(hasSyntax(exercise(GENERATED['deep-open.json'](), 'deep-open.json')));
    assert.ok(hasSyntax(exercise(GENERATED['deep-open-credentials.json'](), 'deep-open.json')));
    // 100,000 references on one line, half of them unterminated.
    const refs = Array.from({ length: 100_000 }, (_, i) =>
      i % 2 ? `vault.secret(vault-dev:p${i}.k)` : `{{resolve:secretsmanager:s${i}`,
    ).join(' ');
    const scanned = timed('scan 100k refs', refs, () => scanReferences(refs));
    assert.equal(scanned.references.length + scanned.diagnostics.length, 100_000);
    cases++;
    assertNothingEscaped();
  });

  it('planner: a 5 MB connections file (24,000 connections) plans within the bound', () => {
    const text = fuzzConnections(24_000);
    const started = cpuMs();
    const plan = planMigration({ source: 'big.connections.json', text, target: TARGETS[0] });
    checkTime('planMigration (vault, 24,000 connections)', text, cpuMs() - started, PLANNER_PER_MB_MS);
    assert.equal(plan.connections.length, 24_000);
    cases++;
  });

  it('property: truncations of valid connections files always report a syntax error', () => {
    const text = truncationSource();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: text.length - 1 }), (cut) => {
        const truncated = text.slice(0, cut);
        fc.pre(truncated.trim().length > 0);
        assert.ok(hasSyntax(exercise(truncated, 'truncated.json', 3)), `no syntax diagnostic for a cut at ${cut}`);
      }),
      { numRuns: 300 * SCALE },
    );
    assertNothingEscaped();
  });

  it('property: random fragments (brackets, references, ARNs, NULs, BOMs, surrogates)', () => {
    fc.assert(
      fc.property(fragmentTexts, fc.constantFrom('x.json', 'x.snowflake.json', 'x.connections.json', 'x.yaml'), (text, name) => {
        exercise(text, name, 4);
      }),
      { numRuns: 1500 * SCALE },
    );
    assertNothingEscaped();
  });

  it('property: arbitrary unicode strings and JSON values', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void exercise(text, 'x.json', 3)),
      { numRuns: 500 * SCALE },
    );
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => void exercise(text, 'x.json', 3)),
      { numRuns: 300 * SCALE },
    );
    assertNothingEscaped();
  });

  it('property: connection-shaped objects with random values and non-ASCII keys', () => {
    fc.assert(
      fc.property(connectionEntries, fc.boolean(), (entries, crlf) => {
        let text = JSON.stringify(entries, null, 2);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const outcome = exercise(text, 'x.connections.json', 4);
        assert.ok(!hasSyntax(outcome), 'valid JSON never gets a syntax diagnostic');
      }),
      { numRuns: 400 * SCALE },
    );
    assertNothingEscaped();
  });

  it('property: references with unbalanced brackets and odd ARNs are reported, never thrown', () => {
    const seg = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', '/', '.', ':', '-', '_', '(', ')', '{', '}', '[', ']', ' ', 'é', '\u0000'),
      maxLength: 20,
    });
    const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b', 'AWS', 'aws-', '', 'azure');
    const arn = fc
      .tuple(
        partition,
        fc.constantFrom('us-gov-west-1', 'cn-north-1', 'us-east-1', 'nowhere', ''),
        fc.constantFrom('123456789012', '12', ''),
        seg,
      )
      .map(([p, r, a, name]) => `arn:${p}:secretsmanager:${r}:${a}:secret:${name}`);
    const ref = fc.oneof(
      seg.map((s) => `vault.secret(${s}`),
      seg.map((s) => `vault.secret(${s})`),
      fc.tuple(arn, seg).map(([a, s]) => `{{resolve:secretsmanager:${a}:SecretString:${s}`),
      fc.tuple(arn, seg).map(([a, s]) => `{{resolve:secretsmanager:${a}:SecretString:${s}}}`),
      seg.map((s) => `{{${s}`),
    );
    fc.assert(
      fc.property(fc.array(ref, { minLength: 1, maxLength: 5 }), (refs) => {
        const text = JSON.stringify({ type: 'snowflake', credentials: { user: 'u', account: 'a', password: refs.join(' ') } });
        const outcome = exercise(text, 'refs.snowflake.json', 3);
        // An unclosed vault reference is always reported (it cannot be a placeholder without < or >).
        const unclosed = refs.filter((r) => r.startsWith('vault.secret(') && !/[<>()[\]{},;]/.test(r.slice('vault.secret('.length)));
        if (unclosed.length > 0) assert.ok(outcome.referenceDiagnostics.length > 0, `no diagnostic for ${JSON.stringify(refs)}`);
        for (const found of scanReferences(text).references) {
          if (found.arn) assert.match(found.arn.partition, /^aws(-[a-z]+)*$/);
        }
      }),
      { numRuns: 800 * SCALE },
    );
    assertNothingEscaped();
  });

  it('property: random edits on a big document stay within the time bound and match a fresh parse', () => {
    const base = fuzzConnections(2_000);
    const doc = new CredentialDocument(base);
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('"', '{', '}', ',', 'x', '\n', '/*', ''), fc.nat({ max: 3 }), (pos, insert, removed) => {
        cases++;
        const offset = pos % doc.text.length;
        timed('incremental edit (2,000 connections)', base, () =>
          doc.applyEdit(offset, Math.min(removed, doc.text.length - offset), insert),
        );
        timed('completion after edit', base, () => computeCompletions(doc, offset));
      }),
      { numRuns: 200 * SCALE },
    );
    const strip = (d: CredentialDocument) => d.diagnostics().map((x) => `${x.code}@${x.offset}`);
    assert.deepEqual(strip(doc), strip(new CredentialDocument(doc.text)));
    assertNothingEscaped();
  });
});
