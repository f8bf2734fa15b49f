// Which schema a document has: an explicit choice, the file name (`*.<name>.json`), the
// `secretref.credentialFiles` glob map, a connections file, or field overlap.
import { formatOf } from '../formats/types';
import { findProperty, JsoncParser, JsonNode } from './jsonc';
import { matchesGlob } from './glob';
import { JSON_NODE_TREE, JsonTree, memberValue } from './jsonTree';
import { SCHEMAS } from './definitions';
import { fieldsFor, getSchema, MODE_KEY } from './registry';
import type { CredentialSchema, FieldMap } from './schemaTypes';

/** Pseudo schema name for a file of many connections (`[{"type", "credentials"}]`). */
export const CONNECTIONS = 'connections';

/** Keys of a connection entry that name it (the first one present), as migration and the quick fix title it. */
export const CONNECTION_NAME_KEYS: readonly string[] = ['name', 'connection_name', 'connectionName'];

export type DetectionSource = 'option' | 'fileName' | 'setting' | 'content' | 'overlap' | 'none';

export interface Detection {
  /** A schema name, `connections`, or undefined when nothing fits. */
  schema: string | undefined;
  source: DetectionSource;
}

export interface DetectOptions {
  fileName?: string;
  /** A schema (or `connections`) chosen by the user (status bar pick, `--type`). */
  forcedSchema?: string;
  /** `secretref.credentialFiles`: glob -> schema name (or `connections`). */
  credentialFiles?: Readonly<Record<string, string>>;
}

export function isKnownTarget(name: string): boolean {
  return name === CONNECTIONS || getSchema(name) !== undefined;
}

/** The schema (or `connections`) a file name `*.<name>.json` / `.jsonc` names, in any case (`prod.snowflake.JSON`). */
export function schemaFromFileName(fileName: string): string | undefined {
  const path = fileName.replace(/\\/g, '/');
  const name = /\.([A-Za-z0-9_-]+)\.jsonc?$/i.exec(path.slice(path.lastIndexOf('/') + 1))?.[1].toLowerCase();
  return name && isKnownTarget(name) ? name : undefined;
}

/** Detection that needs no parsing: explicit choice, file name, settings. */
export function detectByName(options: DetectOptions): Detection | undefined {
  if (options.forcedSchema) return { schema: options.forcedSchema, source: 'option' };
  const fileName = options.fileName?.replace(/\\/g, '/');
  if (fileName) {
    const named = schemaFromFileName(fileName);
    if (named) return { schema: named, source: 'fileName' };
    for (const [glob, name] of Object.entries(options.credentialFiles ?? {})) {
      if (isKnownTarget(name) && matchesGlob(fileName, glob)) return { schema: name, source: 'setting' };
    }
  }
  return undefined;
}

/**
 * Whether a file is read as credential JSON (schema validation, the document model): a chosen schema,
 * a `.json` / `.jsonc` name, or a file of no other format that `credentialFiles` maps (`*.conf`). A
 * YAML, .env, Python... file holds references, not credential JSON, whatever a glob says.
 */
export function readsAsCredentialJson(options: DetectOptions & { fileName: string }): boolean {
  if (options.forcedSchema !== undefined) return true;
  const format = formatOf(options.fileName);
  return format === 'json' || (format === undefined && detectByName(options) !== undefined);
}

/** How many first entries (or members) of a document tell a connections file by its content. */
export const PEEK_MEMBERS = 3;

/**
 * Cheap look at the start of a document: an array or an object whose first entries or members are
 * objects with "type" or "credentials" (or an empty array) is a connections file. Parses only those.
 */
export function looksLikeConnections(text: string): boolean {
  const parser = new JsoncParser(text);
  const c = parser.skipTrivia();
  if (c === 91 /* [ */) return arrayOfConnections(parser);
  if (c !== 123 /* { */) return false;
  parser.pos++;
  for (let i = 0; i < PEEK_MEMBERS; i++) {
    const k = parser.skipTrivia();
    if (k === 44 /* , */) {
      parser.pos++;
      i--;
      continue;
    }
    if (k !== 34 /* " */) return false;
    parser.parseString();
    if (parser.skipTrivia() !== 58 /* : */) return false;
    parser.pos++;
    const value = parser.parseValue(1);
    if (value?.kind === 'object' && (findProperty(value, 'credentials') || findProperty(value, 'type'))) return true;
  }
  return false;
}

/**
 * An array root is a connections file when it is empty or one of its first entries is an object with
 * "type" or "credentials", or an empty one: an array of other things (store configs, hosts, records) is
 * some other file.
 */
function arrayOfConnections(parser: JsoncParser): boolean {
  parser.pos++;
  for (let i = 0; i < PEEK_MEMBERS; i++) {
    const k = parser.skipTrivia();
    if (k === 93 /* ] */) return i === 0;
    if (k === 44 /* , */) {
      parser.pos++;
      i--;
      continue;
    }
    const value = parser.parseValue(1);
    if (!value) return false;
    // An empty entry is one being typed (`[{|}]`): completion offers "type" and "credentials".
    if (value.kind === 'object' && ((value.props ?? []).length === 0 || findProperty(value, 'credentials') || findProperty(value, 'type')))
      return true;
  }
  return false;
}

/**
 * A single connection object, `{"name", "type": "<schema>", "credentials": {...}}` (the demo's
 * configs/self-hosted.json): a string `type` and an object `credentials` at the root. Checked as a
 * connections file of one connection.
 */
export function isSingleConnection(root: JsonNode | undefined): boolean {
  if (root?.kind !== 'object') return false;
  return findProperty(root, 'type')?.value?.kind === 'string' && findProperty(root, 'credentials')?.value?.kind === 'object';
}

/** How well one field set (a schema, or one `mode` shape of hive) fits a document's keys. */
interface Fit {
  schema: string;
  fields: FieldMap;
  /** Document keys the field set has. */
  matched: number;
  /** Required fields the document lacks. */
  missing: number;
}

function fitOf(schema: string, fields: FieldMap, keys: ReadonlySet<string>): Fit {
  let matched = 0;
  let missing = 0;
  for (const key of keys) if (Object.hasOwn(fields, key)) matched++;
  for (const key in fields) if (fields[key].required && !keys.has(key)) missing++;
  return { schema, fields, matched, missing };
}

/** The field sets a document may have: a schema's fields, or each `mode` shape (only the chosen one when `mode` names one). */
function fieldSets(schema: CredentialSchema, mode: unknown): FieldMap[] {
  if (!schema.modes) return [fieldsFor(schema)];
  if (typeof mode === 'string' && Object.hasOwn(schema.modes, mode)) return [fieldsFor(schema, mode)];
  return Object.keys(schema.modes).map((name) => fieldsFor(schema, name));
}

const isSubset = (a: FieldMap, b: FieldMap) => Object.keys(a).every((key) => Object.hasOwn(b, key));

/** Negative when `a` fits worse than `b`: fewer of the document's keys, then more missing required fields. */
const compareFits = (a: Fit, b: Fit) => a.matched - b.matched || b.missing - a.missing;

/**
 * The one schema detector by content (editor, migration, Write Secret, CLI). A field set is a candidate
 * when it has at least two of the document's keys, at least half of them, and at least half as many
 * of them as the required fields the document lacks. The best has the most of the document's keys,
 * then the fewest missing required fields. A tie goes to the schema every tied field set belongs to
 * (hive's shapes), or to the one whose fields are all in every other (postgres inside redshift: nothing
 * points at the larger); any other tie is ambiguous and detects nothing (pick a schema, or name the file).
 */
export function detectByFields(keys: ReadonlySet<string>, mode?: unknown): string | undefined {
  const fits: Fit[] = [];
  for (const schema of SCHEMAS) {
    for (const fields of fieldSets(schema, mode)) {
      const fit = fitOf(schema.name, fields, keys);
      if (fit.matched >= 2 && fit.matched * 2 >= keys.size && fit.matched * 2 >= fit.missing) fits.push(fit);
    }
  }
  if (fits.length === 0) return undefined;
  const best = fits.reduce((a, b) => (compareFits(b, a) > 0 ? b : a));
  const tied = fits.filter((fit) => compareFits(fit, best) === 0);
  if (tied.every((fit) => fit.schema === best.schema)) return best.schema;
  return tied.find((fit) => tied.every((other) => isSubset(fit.fields, other.fields)))?.schema;
}

/** `detectByFields` on a parsed credential object, in either parser's tree. */
export function detectSchema<N>(credentials: N, tree: JsonTree<N>): string | undefined {
  const members = tree.members(credentials);
  if (!members || members.length === 0) return undefined;
  const mode = memberValue(tree, credentials, MODE_KEY);
  return detectByFields(new Set(members.map(([key]) => key)), mode && tree.text(mode));
}

/** `detectSchema` on the schemas layer's own tree. */
export function detectByOverlap(root: JsonNode | undefined): string | undefined {
  return root && detectSchema(root, JSON_NODE_TREE);
}
