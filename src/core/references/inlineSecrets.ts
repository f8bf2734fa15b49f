// `inline-secret`: a secret-holding field (schemas/secretFields.ts: the schema's secret fields, and keys
// it does not define named like secrets: api_key, extra.token) whose value is a literal, not a reference.
// The quick fix "Move to a secret store…" (migration) moves the same fields, by the same rule; the value
// itself is never put in the diagnostic.
import type { CoreDiagnostic } from '../diagnostics';
import { CONNECTIONS, CredentialDocument, detectByOverlap, getSchema } from '../schemas';
import { deriveWhileParsing } from '../schemas/credentialDocument';
import type { DocumentEntry } from '../schemas';
import { CONNECTION_NAME_KEYS, type DetectOptions } from '../schemas/detection';
import type { JsonNode } from '../schemas/jsonc';
import { findProperty } from '../schemas/jsonc';
import { JSON_NODE_TREE, type JsonTree } from '../schemas/jsonTree';
import { secretValues } from '../schemas/secretFields';
import { holdsReference } from './scanner';

/**
 * Whether a secret field's value is a secret written as plain text: not empty, no `${ENV}`
 * interpolation or `<placeholder>`, and no reference by the scanner's grammar (`holdsReference`), so
 * `Zx9{{Q!` is a password. The one rule for `inline-secret` and for what a migration moves.
 */
export function isLiteralSecret(value: string): boolean {
  if (value.trim() === '') return false;
  if (/^\$\{[^}]+\}$/.test(value) || /^<[^>]+>$/.test(value)) return false;
  return !holdsReference(value);
}

/** "Already in the store": the reference to a stored secret whose value equals an inline one (compared
 *  by salted hash, storedValues.ts), or undefined. Names and paths only, never the value. */
export type StoredValueMatch = (value: string) => { store: string; reference: string } | undefined;

/**
 * inline-secret diagnostics of one credential object in any tree whose nodes know their span (the
 * JSON tree, the key/value tree of YAML, .env, TOML, ...). A `schema` that is none of the schemas
 * (another connection type, or null: none detected): every key counts by its name.
 */
export function checkCredential<N extends { offset: number; length: number }>(
  tree: JsonTree<N>,
  node: N | undefined,
  schema: string | null,
  base: number,
  pathPrefix: string,
  out: CoreDiagnostic[],
  match?: StoredValueMatch,
): void {
  if (!node) return;
  for (const field of secretValues(schema, node, tree)) {
    if (!isLiteralSecret(field.value)) continue;
    const existing = match?.(field.value);
    const path = pathPrefix + field.path;
    out.push({
      code: 'inline-secret',
      severity: 'warning',
      message: existing
        ? `"${field.path}" holds a secret as plain text in ${where(schema)}; it equals ${existing.reference} in store "${existing.store}". Reference the existing secret instead.`
        : plainTextMessage(schema, field.path),
      offset: base + field.node.offset,
      length: field.node.length,
      path,
      data: existing ? { schema, field: field.path, path, existing } : { schema, field: field.path, path },
    });
  }
}

/** Only a schema secretref knows is named: a `type` the file made up is one of its values. */
function where(schema: string | null): string {
  return schema && getSchema(schema) ? `this ${schema} credential` : 'this credential';
}

/** The warning's message, one string per schema and field: a file of 20,000 connections holds a few, not 20,000. */
const messages = new Map<string | null, Map<string, string>>();

function plainTextMessage(schema: string | null, field: string): string {
  let bySchema = messages.get(schema);
  if (!bySchema) {
    bySchema = new Map();
    // Bounded: types and field names come from the files (a fuzzed file could make up millions).
    if (messages.size < 200) messages.set(schema, bySchema);
  }
  let message = bySchema.get(field);
  if (message === undefined) {
    message = `"${field}" holds a secret as plain text in ${where(schema)}. Move it to a secret store and reference it (vault.secret(...) or {{resolve:secretsmanager:...}}).`;
    if (bySchema.size < 200) bySchema.set(field, message);
  }
  return message;
}

/** inline-secret diagnostics of one entry of the document (a connection, or the whole credential), unsorted. */
function entryDiagnostics(doc: CredentialDocument, entry: DocumentEntry, out: CoreDiagnostic[], match?: StoredValueMatch): void {
  if (match) {
    entryDiagnosticsAt(doc, entry, entry.start, out, match);
    return;
  }
  // Without stored values to compare with, the warnings depend on the entry's text alone: kept on it.
  const own = doc.derive(entry, INLINE_SECRETS, () => ownWarnings(doc, entry));
  for (const d of own) out.push({ ...d, offset: d.offset + entry.start });
}

const INLINE_SECRETS = 'inline-secret';

/** An entry's warnings, offsets relative to it. */
function ownWarnings(doc: CredentialDocument, entry: DocumentEntry): CoreDiagnostic[] {
  const relative: CoreDiagnostic[] = [];
  entryDiagnosticsAt(doc, entry, 0, relative);
  return relative;
}

// Worked out as each connection is parsed: afterwards its tree is gone and would be parsed again.
deriveWhileParsing(INLINE_SECRETS, ownWarnings);

function entryDiagnosticsAt(
  doc: CredentialDocument,
  entry: DocumentEntry,
  base: number,
  out: CoreDiagnostic[],
  match?: StoredValueMatch,
): void {
  const schema = doc.detection.schema;
  if (!schema) return;
  // Connection entries keep their parsed node only while used: nodeOf() re-parses on demand.
  const node = doc.nodeOf(entry);
  if (schema === CONNECTIONS) {
    if (node?.kind !== 'object') return;
    // As migration reads a connection: its `type`, else the schema its fields show.
    const type = findProperty(node, 'type')?.value?.value;
    const credentials = findProperty(node, 'credentials')?.value;
    const connectionSchema = typeof type === 'string' ? type : detectByOverlap(credentials);
    checkCredential(JSON_NODE_TREE, credentials, connectionSchema ?? null, base, `${entry.prefix}credentials.`, out, match);
  } else {
    checkCredential(JSON_NODE_TREE, node, schema, base, entry.prefix, out, match);
  }
}

/** inline-secret diagnostics of one entry of the document (absolute offsets, unsorted). */
export function entryInlineSecretDiagnostics(doc: CredentialDocument, entry: DocumentEntry): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  entryDiagnostics(doc, entry, out);
  return out;
}

/** inline-secret diagnostics of a credential or connections document (none for other files); with
 *  `match`, a value equal to a stored one says which secret holds it. */
export function inlineSecretDiagnostics(
  docOrText: CredentialDocument | string,
  options: DetectOptions = {},
  match?: StoredValueMatch,
): CoreDiagnostic[] {
  const doc = typeof docOrText === 'string' ? new CredentialDocument(docOrText, options) : docOrText;
  const out: CoreDiagnostic[] = [];
  for (const entry of doc.entries) entryDiagnostics(doc, entry, out, match);
  return out.sort((a, b) => a.offset - b.offset);
}

/** What the quick fix "Move to a secret store…" at one inline-secret warning migrates. */
export interface InlineSecretFix {
  /** The connection to migrate (`[3]`, or the key of a named entry); undefined for a credential document (all of it). */
  connection?: string;
  /** The connection's name, for the action's title ('' for a credential document). */
  name: string;
  /** The entry's span, start inclusive, end exclusive: the warnings inside it are the ones the fix covers. */
  start: number;
  end: number;
  /** The entry's inline-secret warnings, in document order: the fields the migration moves. */
  diagnostics: CoreDiagnostic[];
}

/**
 * The quick fix at an inline-secret warning, from the document model already held: only the entry
 * under `offset` is read (one connection of a connections file), never the whole text. The plan is
 * made when the fix runs (Migrate Connection with `connection`), by the same rule as the warnings.
 */
export function inlineSecretFixAt(doc: CredentialDocument, offset: number): InlineSecretFix | undefined {
  const entry = doc.entryAt(offset);
  if (!entry || offset >= entry.end) return undefined;
  const diagnostics: CoreDiagnostic[] = [];
  entryDiagnostics(doc, entry, diagnostics);
  if (diagnostics.length === 0) return undefined;
  diagnostics.sort((a, b) => a.offset - b.offset);
  const fix = { start: entry.start, end: entry.end, diagnostics };
  if (entry.kind === 'credential') return { ...fix, name: '' };
  // A document that is one connection object (prefix ''): migrated as the whole document.
  if (entry.prefix === '') return { ...fix, name: connectionName(doc.nodeOf(entry), '[0]') };
  // The planner's location and name of a connection (migration/locateConnections.ts): key or `[index]`; key, name field or `<type>-<index>`.
  const connection = entry.key ?? entry.prefix.slice(0, -1);
  return { ...fix, connection, name: entry.key ?? connectionName(doc.nodeOf(entry), connection) };
}

function connectionName(node: JsonNode | undefined, location: string): string {
  for (const key of CONNECTION_NAME_KEYS) {
    const value = findProperty(node, key)?.value;
    if (value && (value.kind === 'string' || value.kind === 'number')) return String(value.value);
  }
  const type = findProperty(node, 'type')?.value;
  return `${type && (type.kind === 'string' || type.kind === 'number') ? String(type.value) : 'connection'}-${location.slice(1, -1)}`;
}
