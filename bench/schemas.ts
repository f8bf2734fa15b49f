// Credential schemas benchmark: secretref's core against vscode-json-languageservice (VS Code's own
// JSON service, given the equivalent JSON Schema from `connectionsJsonSchema()`), side by side, on
// connections files of 1, 5,000 and 20,000 connections: full parse + validate, re-validation after
// an edit inside one connection, and completion right after an edit (p50 / p95).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { getLanguageService, JSONDocument, LanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeCompletions, connectionsJsonSchema, CredentialDocument } from '../src/core/schemas';
import { compareLine, median, ms, percentile, runStandalone, sample, timeIt } from './stats';

const SIZES = [1, 5_000, 20_000];

// Collect the previous phase's garbage (the anchor's, mostly) outside the timed regions, so one
// side's pauses do not land in the other's figures.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
// Edits per size for secretref; the anchor, ~1000× slower per edit, gets a prefix of the same list.
const EDITS = 1_000;

/** Deterministic connections file, about 400 bytes per connection (as the 2 MB per 5,000), one in 97 with a wrong type. */
export function generateConnections(count: number): string {
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(6, '0');
    const bad = i % 97 === 13;
    const description = `Connection ${n} of the data platform, owned by team ${i % 40}; rotate credentials quarterly.`;
    switch ((i + 1) % 5) {
      case 0:
        items.push({
          name: `warehouse-${n}`,
          type: 'snowflake',
          description,
          credentials: {
            user: `SVC_${n}`,
            password: `example-password-${n}`,
            account: `xy${n}.us-east-1`,
            warehouse: bad ? 7 : 'COMPUTE_WH',
          },
        });
        break;
      case 1:
        items.push({
          name: `redshift-${n}`,
          type: 'redshift',
          description,
          credentials: {
            db_name: 'analytics',
            host: `cluster-${n}.example.us-east-1.redshift.amazonaws.com`,
            port: bad ? 5439 : '5439',
            user: 'monte_carlo',
            password: `example-password-${n}`,
            ssl_options: { mechanism: 'url', ca: `https://example.com/ca-${n}.pem` },
          },
        });
        break;
      case 2:
        items.push({
          name: `mysql-${n}`,
          type: 'mysql',
          description,
          credentials: {
            host: `mysql-${n}.example.com`,
            port: bad ? '3306' : 3306,
            username: 'monte_carlo',
            database: null,
            password: `example-password-${n}`,
          },
        });
        break;
      case 3:
        items.push({
          name: `presto-${n}`,
          type: 'presto',
          description,
          credentials: {
            host: `presto-${n}.example.com`,
            port: 8080,
            user: 'monte_carlo',
            catalog: 'hive',
            schema: 'default',
            timeout: 30,
            http_scheme: 'https',
            ssl_options: { mechanism: 'dc-s3', skip_verification: false },
          },
        });
        break;
      default:
        items.push({
          name: `hive-${n}`,
          type: 'hive',
          description,
          credentials: {
            mode: 'binary',
            host: `hive-${n}.example.com`,
            port: 10000,
            username: 'monte_carlo',
            database: null,
            password: `example-password-${n}`,
          },
        });
    }
  }
  return JSON.stringify(items, null, 2);
}

interface Edit {
  offset: number;
  removed: number;
  inserted: string;
  /** Where completion is asked after the edit. */
  cursor: number;
}

/**
 * Edits spread over the file, in file order, each given in the coordinates of the text after the
 * previous ones: a character typed into a host value, or a new line typed inside credentials.
 */
function edits(text: string, count: number, kind: 'value' | 'newKey'): Edit[] {
  const needle = kind === 'value' ? '"host": "' : '"credentials": {';
  const matches: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) matches.push(at + needle.length);
  const inserted = kind === 'value' ? 'x' : '\n        ';
  const out: Edit[] = [];
  for (let i = 0; i < count; i++) {
    const offset = matches[Math.floor((i * matches.length) / count)] + i * inserted.length;
    out.push({ offset, removed: 0, inserted, cursor: offset + inserted.length });
  }
  return out;
}

class Anchor {
  private readonly service: LanguageService = getLanguageService({});

  constructor() {
    this.service.configure({
      validate: true,
      allowComments: true,
      schemas: [{ uri: 'inmemory://connections.schema.json', fileMatch: ['*.json'], schema: connectionsJsonSchema('array') }],
    });
  }

  parse(text: string): { document: TextDocument; json: JSONDocument } {
    const document = TextDocument.create('file:///bench/connections.json', 'jsonc', 1, text);
    return { document, json: this.service.parseJSONDocument(document) };
  }

  async validate(text: string): Promise<number> {
    const { document, json } = this.parse(text);
    return (await this.service.doValidation(document, json, { comments: 'ignore', schemaValidation: 'error' })).length;
  }

  async complete(text: string, offset: number): Promise<number> {
    const { document, json } = this.parse(text);
    return (await this.service.doComplete(document, document.positionAt(offset), json))?.items.length ?? 0;
  }
}

const apply = (text: string, e: Edit) => text.slice(0, e.offset) + e.inserted + text.slice(e.offset + e.removed);

interface Figures {
  full: [number, number];
  revalidate: [number, number, number, number];
  complete: [number, number, number, number];
}

async function measure(count: number): Promise<Figures> {
  const text = generateConnections(count);
  const anchor = new Anchor();
  const anchorRuns = count >= 20_000 ? 5 : count >= 5_000 ? 10 : 50;
  const anchorEdits = count >= 20_000 ? 20 : count >= 5_000 ? 40 : 200;
  console.log(`\n-- ${count} connection(s), ${(text.length / 1e6).toFixed(2)} MB`);

  // Both sides must agree that the file has problems (one connection in 97 is wrong).
  const ours = new CredentialDocument(text).diagnostics().filter((d) => d.severity === 'error').length;
  const theirs = await anchor.validate(text);
  console.log(`   errors found: secretref ${ours}, anchor ${theirs}`);

  await sample(3, () => new CredentialDocument(text).diagnostics()); // warm-up
  collectGarbage();
  const fullOurs = median(await sample(count >= 5_000 ? 15 : 200, () => new CredentialDocument(text).diagnostics()));
  collectGarbage();
  const fullAnchor = median(await sample(anchorRuns, () => anchor.validate(text)));
  console.log(compareLine('full parse + validate (median)', fullOurs, fullAnchor, count >= 20_000 ? 5 : undefined));
  // The anchor's cost depends on the schema; its bare parse (no schema at all) is a floor.
  collectGarbage();
  const parseAnchor = median(await sample(anchorRuns, () => anchor.parse(text)));
  console.log(compareLine('  ours (parse + validate) vs anchor parse alone', fullOurs, parseAnchor));

  // Re-validation after typing one character into a value of one connection.
  const valueEdits = edits(text, EDITS, 'value');
  const doc = new CredentialDocument(text);
  let current = text;
  const revalOurs: number[] = [];
  collectGarbage();
  for (const e of valueEdits) {
    revalOurs.push(
      await timeIt(() => {
        doc.applyEdit(e.offset, e.removed, e.inserted);
        return doc.diagnostics();
      }),
    );
    current = apply(current, e);
  }
  if (doc.text !== current) throw new Error('secretref document diverged from the edited text');
  const revalAnchor: number[] = [];
  collectGarbage();
  let anchorText = text;
  for (const e of valueEdits.slice(0, anchorEdits)) {
    anchorText = apply(anchorText, e);
    revalAnchor.push(await timeIt(() => anchor.validate(anchorText)));
  }
  const revalidate: Figures['revalidate'] = [
    median(revalOurs),
    percentile(revalOurs, 95),
    median(revalAnchor),
    percentile(revalAnchor, 95),
  ];
  console.log(compareLine('re-validate after an edit, p50', revalidate[0], revalidate[2], count >= 20_000 ? 10 : undefined));
  console.log(compareLine('re-validate after an edit, p95', revalidate[1], revalidate[3]));

  // Completion right after an edit: a new line typed inside one connection's credentials.
  const keyEdits = edits(text, EDITS, 'newKey');
  const completionDoc = new CredentialDocument(text);
  const compOurs: number[] = [];
  collectGarbage();
  let items = 0;
  for (const e of keyEdits) {
    compOurs.push(
      await timeIt(() => {
        completionDoc.applyEdit(e.offset, e.removed, e.inserted);
        items += computeCompletions(completionDoc, e.cursor).length;
      }),
    );
  }
  if (items === 0) throw new Error('secretref offered no completion');
  const compAnchor: number[] = [];
  collectGarbage();
  anchorText = text;
  for (const e of keyEdits.slice(0, anchorEdits)) {
    anchorText = apply(anchorText, e);
    compAnchor.push(await timeIt(() => anchor.complete(anchorText, e.cursor)));
  }
  const complete: Figures['complete'] = [median(compOurs), percentile(compOurs, 95), median(compAnchor), percentile(compAnchor, 95)];
  console.log(compareLine('complete right after an edit, p50', complete[0], complete[2], count >= 20_000 ? 10 : undefined));
  console.log(compareLine('complete right after an edit, p95', complete[1], complete[3]));
  if (count >= 20_000) console.log(`   completion p95 ${ms(complete[1])} (target < 5 ms: ${complete[1] < 5 ? 'met' : 'NOT met'})`);
  return { full: [fullOurs, fullAnchor], revalidate, complete };
}

export async function run(): Promise<void> {
  console.log('secretref schemas vs vscode-json-languageservice (same JSON Schema), times per operation');
  const results = new Map<number, Figures>();
  for (const count of SIZES) results.set(count, await measure(count));
  const mid = results.get(5_000)!;
  const big = results.get(20_000)!;
  console.log(
    `\nlinearity: full validation 20,000 / 5,000 connections = ${(big.full[0] / mid.full[0]).toFixed(1)}× for 4× the size (anchor ${(big.full[1] / mid.full[1]).toFixed(1)}×)`,
  );
  // Back to back, same heap state: the cost per MB should not grow with the file.
  const perMb: string[] = [];
  for (const count of [5_000, 20_000]) {
    const text = generateConnections(count);
    collectGarbage();
    const time = median(await sample(9, () => new CredentialDocument(text).diagnostics()));
    perMb.push(`${count}: ${ms(time / (text.length / 1e6))}/MB`);
  }
  console.log(`linearity, back to back: full validation ${perMb.join(', ')}`);
}

runStandalone(module, run);
