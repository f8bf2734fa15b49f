// Finds the credentials a migration can move: the root object of a credential document, or the
// `credentials` object of each entry of a connections file (a JSON array, or an object of named
// entries, whose items carry `"type": "<schema>"`). It reads the editor's document model
// (schemas/credentialDocument.ts): the same detection (name, then content), the same entries, the
// same parser (schemas/jsonc.ts) and nesting limit (MAX_DEPTH). Node offsets are relative to `base`.
import type { CoreDiagnostic } from '../diagnostics';
import { CONNECTION_NAME_KEYS } from '../schemas/detection';
import type { CredentialDocument } from '../schemas/credentialDocument';
import { findProperty, JsonNode, NESTING_TOO_DEEP, TRAILING_COMMA } from '../schemas/jsonc';
import { CODES } from '../schemas/validator';

export interface LocatedConnection {
  index: number;
  /** Entry key, `name` field, or `<type>-<index>`. */
  name: string;
  location: string;
  connectionId: string | null;
  /** Schema name from `type` (connections file) or the document's schema; null when unknown. */
  schema: string | null;
  /** The credentials object node, offsets relative to `base`. */
  node: JsonNode;
  /** Absolute offset of the document entry the node was parsed in (0 for a credential document). */
  base: number;
}

export interface LocatedDocument {
  shape: 'document' | 'connections';
  connections: LocatedConnection[];
  /** Syntax errors, absolute offsets; a trailing comma is not one (VS Code's JSONC accepts it). */
  syntaxErrors: CoreDiagnostic[];
  /** Objects or arrays nest deeper than the parser reads (MAX_DEPTH). */
  tooDeep: boolean;
}

const ID_KEYS = ['connection_id', 'connectionId', 'id', 'uuid'];

function stringProperty(node: JsonNode, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = findProperty(node, key)?.value;
    if (value && (value.kind === 'string' || value.kind === 'number')) return String(value.value);
  }
  return null;
}

function credentialsOf(node: JsonNode | undefined): JsonNode | undefined {
  const credentials = node?.kind === 'object' ? findProperty(node, 'credentials')?.value : undefined;
  return credentials?.kind === 'object' ? credentials : undefined;
}

/** The connections of a document model (its detection says which shape it has). */
export function locateConnections(document: CredentialDocument): LocatedDocument {
  const syntaxErrors = document.diagnostics().filter((d) => d.code === CODES.syntax && d.message !== TRAILING_COMMA);
  const tooDeep = syntaxErrors.some((d) => d.message.startsWith(NESTING_TOO_DEEP));
  if (document.isConnections) {
    const connections: LocatedConnection[] = [];
    let item = 0;
    for (const entry of document.entries) {
      if (entry.kind !== 'connection') continue;
      const index = entry.key === undefined ? item++ : connections.length;
      // Connection entries keep their tree only while used: nodeOf() re-parses on demand.
      const node = document.nodeOf(entry);
      const credentials = credentialsOf(node);
      // Entries without a credentials object have nothing to move (the editor reports them).
      if (!node || !credentials) continue;
      const schema = stringProperty(node, ['type']);
      const key = entry.key ?? null;
      connections.push({
        index,
        name: key ?? stringProperty(node, CONNECTION_NAME_KEYS) ?? `${schema ?? 'connection'}-${index}`,
        location: key === null ? `[${index}]` : key,
        connectionId: stringProperty(node, ID_KEYS),
        schema,
        node: credentials,
        base: entry.start,
      });
    }
    return { shape: 'connections', connections, syntaxErrors, tooDeep };
  }
  const root = document.entries[0]?.node;
  if (root?.kind !== 'object') return { shape: 'document', connections: [], syntaxErrors, tooDeep };
  const connection = {
    index: 0,
    name: '',
    location: '',
    connectionId: null,
    schema: document.detection.schema ?? null,
    node: root,
    base: 0,
  };
  return { shape: 'document', connections: [connection], syntaxErrors, tooDeep };
}

/** Every string value under a node (property keys are not values), in document order. */
export function stringValues(node: JsonNode, out: JsonNode[] = []): JsonNode[] {
  if (node.kind === 'string') out.push(node);
  for (const prop of node.props ?? []) if (prop.value) stringValues(prop.value, out);
  for (const item of node.items ?? []) stringValues(item, out);
  return out;
}
