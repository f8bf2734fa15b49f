// Issue 15: the one parser (src/core/schemas/jsonc.ts, behind the document model that the editor and,
// since the switch, migration read) against jsonc-parser as migration read files before it (the oracle,
// a devDependency only: nothing in src/ imports it), on every fixture under test/fixtures/ and the fuzz
// corpus (test/fixtures/corpusCases.ts). What agrees: syntax errors yes/no, the top-level keys and
// connection entries, the string values of secret fields, and the nesting-limit verdict. The known
// disagreements (on broken fragments only) are recorded in test/fixtures/migration/parser-disagreements.json
// (SECRETREF_RECORD=1 rewrites it). migration.preserved.test.ts checks the migration results themselves.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, parseTree, ParseError } from 'jsonc-parser';
import { detectSchema } from '../../src/core/schemas/detection';
import { JsonNode, MAX_DEPTH, NESTING_TOO_DEEP, parseJsonc } from '../../src/core/schemas/jsonc';
import { JSON_NODE_TREE, JsonTree, memberValue } from '../../src/core/schemas/jsonTree';
import { secretValues } from '../../src/core/schemas/secretFields';
import { corpusCases, FIXTURES } from '../fixtures/corpusCases';
import { nestingDepth } from '../support/nestingDepth';

const RECORD = path.join(FIXTURES, 'migration', 'parser-disagreements.json');
const KINDS = ['syntax', 'topLevel', 'entries', 'secretValues', 'nesting'] as const;
type Kind = (typeof KINDS)[number];

/** What one parser says of a text; undefined where it did not parse (the oracle refuses past MAX_DEPTH). */
interface Reading {
  syntax?: boolean;
  topLevel?: string;
  entries?: string[];
  secretValues?: string[];
  nesting: boolean;
}

/** A parser's tree, as the shared rules read it (jsonTree.ts), plus array items. */
interface Tree<N> extends JsonTree<N> {
  items(node: N): readonly N[] | undefined;
}

const EDITOR: Tree<JsonNode> = { ...JSON_NODE_TREE, items: (node) => (node.kind === 'array' ? (node.items ?? []) : undefined) };

/** jsonc-parser's tree as the shared rules read it. */
const JSONC_PARSER_TREE: JsonTree<Node> = {
  members: (node) =>
    node.type === 'object'
      ? (node.children ?? []).flatMap((member) => {
          const [keyNode, valueNode] = member.children ?? [];
          return keyNode && valueNode ? [[String(keyNode.value), valueNode] as const] : [];
        })
      : undefined,
  text: (node) => (node.type === 'string' && typeof node.value === 'string' ? node.value : undefined),
};

const MIGRATION: Tree<Node> = { ...JSONC_PARSER_TREE, items: (node) => (node.type === 'array' ? (node.children ?? []) : undefined) };

/** Top level, connection entries (items or members with a `credentials` object) and their secret fields' string values. */
function readTree<N>(tree: Tree<N>, root: N | undefined): Pick<Reading, 'topLevel' | 'entries' | 'secretValues'> {
  if (root === undefined) return { topLevel: 'none', entries: [], secretValues: [] };
  const members = tree.members(root);
  const items = tree.items(root);
  const topLevel = members ? `{${members.map(([key]) => JSON.stringify(key)).join(',')}}` : items ? `[${items.length} items]` : 'scalar';
  const candidates: readonly (readonly [string, N])[] = items ? items.map((item, i) => [`[${i}]`, item] as const) : (members ?? []);
  const entries = candidates.filter(([, node]) => {
    const credentials = memberValue(tree, node, 'credentials');
    return credentials !== undefined && tree.members(credentials) !== undefined;
  });
  const values = (schema: string | null | undefined, credentials: N, prefix: string) =>
    secretValues(schema ?? detectSchema(credentials, tree), credentials, tree).map((f) => `${prefix}${f.path}=${JSON.stringify(f.value)}`);
  const secrets = entries.flatMap(([location, node]) => {
    const type = memberValue(tree, node, 'type');
    return values(type && tree.text(type), memberValue(tree, node, 'credentials')!, `${location}.credentials.`);
  });
  // A credential document: the root object itself.
  if (entries.length === 0 && members) secrets.push(...values(undefined, root, ''));
  return { topLevel, entries: entries.map(([location]) => location), secretValues: secrets };
}

function editorReading(text: string): Reading {
  const { root, errors } = parseJsonc(text);
  // An `invalid` root is the parser's marker for text that is no value: jsonc-parser gives no root then.
  return {
    syntax: errors.length > 0,
    ...readTree(EDITOR, root?.kind === 'invalid' ? undefined : root),
    nesting: errors.some((e) => e.message.startsWith(NESTING_TOO_DEEP)),
  };
}

/** As migration read before the switch: the depth scan first, then jsonc-parser with trailing commas and comments allowed. */
function migrationReading(text: string): Reading {
  if (nestingDepth(text) > MAX_DEPTH) return { nesting: true };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return { syntax: errors.length > 0, ...readTree(MIGRATION, root), nesting: false };
}

interface Disagreement {
  case: string;
  kind: Kind;
  editor: string;
  migration: string;
}

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

describe("migration: the editor's parser and jsonc-parser agree on what migration reads (issue 15)", function () {
  this.timeout(180_000);

  it("every fixture and the fuzz corpus: agreements by kind, and today's disagreements as recorded", () => {
    const cases = corpusCases();
    const agreed = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<Kind, number>;
    const found: Disagreement[] = [];
    /** Texts both parsers read as valid JSON(C) and still read differently: what a switch would change in a migration. */
    let onValid = 0;
    for (const [name, text] of cases) {
      const editor = editorReading(text);
      const migration = migrationReading(text);
      const before = found.length;
      for (const kind of KINDS) {
        // Past the nesting limit migration reads nothing: only the verdicts compare.
        if (migration[kind] === undefined) continue;
        if (JSON.stringify(editor[kind]) === JSON.stringify(migration[kind])) agreed[kind]++;
        else found.push({ case: name, kind, editor: shown(editor[kind]), migration: shown(migration[kind]) });
      }
      if (found.length > before && editor.syntax === false && migration.syntax === false) onValid++;
    }
    const byKind = KINDS.map((kind) => `${kind} ${agreed[kind]}/${found.filter((d) => d.kind === kind).length}`).join(', ');
    console.log(
      `parser agreement on ${cases.length} texts (agree/disagree): ${byKind}; texts both read as valid and read differently: ${onValid}`,
    );
    if (process.env.SECRETREF_RECORD === '1') fs.writeFileSync(RECORD, `${JSON.stringify(found, null, 2)}\n`);
    const recorded = JSON.parse(fs.readFileSync(RECORD, 'utf8')) as Disagreement[];
    assert.deepEqual(
      found,
      recorded,
      'the parsers disagree elsewhere than recorded: fix the difference, or record it (SECRETREF_RECORD=1) and say why',
    );
    assert.equal(onValid, 0, 'where both parsers accept a text, migration would read the same connections and secrets on either');
  });
});
