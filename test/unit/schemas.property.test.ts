import { cpuMs } from '../support/cpuTime';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeCompletions, computeHover, computeQuickFixes, CredentialDocument, schemaNames } from '../../src/core/schemas';

// Random and malformed JSON never makes the core throw or hang: each input gets a time budget
// of CPU time (a hang or quadratic blow-up fails it; a busy machine does not).
const BUDGET_MS = 2_000;

function exercise(text: string, schema: string | undefined): void {
  const started = cpuMs();
  const doc = new CredentialDocument(text, { forcedSchema: schema });
  const all = doc.diagnostics();
  for (const d of all) {
    assert.ok(d.offset >= 0 && d.offset + d.length <= text.length + 1, 'diagnostic inside the text');
    computeQuickFixes(text, d, all);
  }
  for (let offset = 0; offset <= text.length; offset += Math.max(1, Math.floor(text.length / 20))) {
    computeCompletions(doc, offset);
    computeHover(doc, offset);
  }
  const spent = cpuMs() - started;
  assert.ok(spent < BUDGET_MS, `took ${spent.toFixed(0)} ms of CPU`);
}

const schemaArb = fc.option(fc.constantFrom(...schemaNames(), 'connections'), { nil: undefined });
const fragments = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '"type"',
  '"credentials"',
  '"snowflake"',
  '"port"',
  ' ',
  '\n',
  '//',
  '/*',
  '*/',
  'null',
  'true',
  '1',
  '-',
  '1e',
  '\\',
  '"\\u12"',
  'x',
];

describe('schemas: property-based robustness', () => {
  it('valid JSON of any shape', () => {
    fc.assert(
      fc.property(fc.json(), schemaArb, (text, schema) => exercise(text, schema)),
      { numRuns: 500 },
    );
  });

  it('connection-like objects with random values', () => {
    const entry = fc.record({
      type: fc.oneof(fc.constantFrom(...schemaNames()), fc.jsonValue()),
      credentials: fc.dictionary(fc.constantFrom('host', 'port', 'user', 'password', 'mode', 'ssl_options', 'x'), fc.jsonValue()),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => exercise(JSON.stringify(entries, null, 1), undefined)),
      { numRuns: 300 },
    );
  });

  it('malformed text: random fragments and random strings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), schemaArb, (parts, schema) =>
        exercise(parts.join(''), schema),
      ),
      { numRuns: 800 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), schemaArb, (text, schema) => exercise(text, schema)),
      { numRuns: 500 },
    );
  });

  it('truncations of a valid connections file', () => {
    const text = JSON.stringify(
      [
        {
          type: 'redshift',
          credentials: { db_name: 'd', host: 'h', port: '1', user: 'u', password: 'p', ssl_options: { mechanism: 'url' } },
        },
      ],
      null,
      2,
    );
    for (let i = 0; i <= text.length; i++) exercise(text.slice(0, i), undefined);
  });

  it('deep nesting does not overflow the stack', () => {
    exercise('['.repeat(100000), undefined);
    exercise(`${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}`, 'snowflake');
  });
});
