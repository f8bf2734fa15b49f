// Finds the credentials a migration can move: the root object of a credential document, or the
// `credentials` object of each entry of a connections file (a JSON array, or an object of named
// entries, whose items carry `"type": "<schema>"`). Which of the two a file is, the editor's detection
// decides (name, then content). One jsonc-parser tree, exact node offsets.
import { getNodeValue, Node, parseTree, ParseError } from 'jsonc-parser';
import { CONNECTION_NAME_KEYS, CONNECTIONS, looksLikeConnections } from '../schemas/detection';
import { nestingDepth } from './nestingDepth';

/**
 * Deepest nesting parsed. jsonc-parser (and the recursive walks over its tree) overflow the stack at
 * a few thousand levels; credentials nest a handful, and the schema layer reports nesting past 200.
 */
export const MAX_NESTING = 200;

export interface LocatedConnection {
  index: number;
  /** Entry key, `name` field, or `<type>-<index>`. */
  name: string;
  location: string;
  connectionId: string | null;
  /** Schema name from `type` (connections file) or the document's schema; null when unknown. */
  schema: string | null;
  /** The credentials object node. */
  node: Node;
}

export interface LocatedDocument {
  shape: 'document' | 'connections';
  connections: LocatedConnection[];
  parseErrors: ParseError[];
  /** Nesting depth of the text; above MAX_NESTING nothing was parsed and `connections` is empty. */
  nesting: number;
}

const ID_KEYS = ['connection_id', 'connectionId', 'id', 'uuid'];

function property(node: Node, key: string): Node | undefined {
  for (const child of node.children ?? []) {
    const [keyNode, valueNode] = child.children ?? [];
    if (keyNode && keyNode.value === key) return valueNode;
  }
  return undefined;
}

function stringProperty(node: Node, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = property(node, key);
    if (value && (value.type === 'string' || value.type === 'number')) return String(value.value);
  }
  return null;
}

function isEntry(node: Node | undefined): node is Node {
  return !!node && node.type === 'object' && property(node, 'credentials')?.type === 'object';
}

function entry(node: Node, index: number, key: string | null): LocatedConnection {
  const schema = stringProperty(node, ['type']);
  const name = key ?? stringProperty(node, CONNECTION_NAME_KEYS) ?? `${schema ?? 'connection'}-${index}`;
  return {
    index,
    name,
    location: key === null ? `[${index}]` : key,
    connectionId: stringProperty(node, ID_KEYS),
    schema,
    node: property(node, 'credentials') as Node,
  };
}

/**
 * `documentSchema`: what the document's name says (schemas/detection.ts detectByName): `connections`, a
 * schema (a credential document), or null, when the content decides as in the editor (looksLikeConnections).
 */
export function locateConnections(text: string, documentSchema: string | null): LocatedDocument {
  const nesting = nestingDepth(text);
  if (nesting > MAX_NESTING) return { shape: 'document', connections: [], parseErrors: [], nesting };
  const parseErrors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    // Safety net for a stack overflow the depth scan did not foresee: report it as too deep.
    if (error instanceof RangeError) return { shape: 'document', connections: [], parseErrors: [], nesting: Infinity };
    throw error;
  }
  if (!root) return { shape: 'document', connections: [], parseErrors, nesting };
  if (documentSchema === CONNECTIONS || (documentSchema === null && looksLikeConnections(text))) {
    // Entries without a credentials object have nothing to move (the editor reports them).
    if (root.type === 'array') {
      const connections = (root.children ?? [])
        .map((item, index) => (isEntry(item) ? entry(item, index, null) : undefined))
        .filter((c): c is LocatedConnection => c !== undefined);
      return { shape: 'connections', connections, parseErrors, nesting };
    }
    const named = root.type === 'object' ? (root.children ?? []).filter((member) => isEntry(member.children?.[1])) : [];
    const connections = named.map((member, index) => entry(member.children![1], index, String(member.children![0].value)));
    return { shape: 'connections', connections, parseErrors, nesting };
  }
  if (root.type !== 'object') return { shape: 'document', connections: [], parseErrors, nesting };
  return {
    shape: 'document',
    connections: [{ index: 0, name: '', location: '', connectionId: null, schema: documentSchema, node: root }],
    parseErrors,
    nesting,
  };
}

export function nodeValue(node: Node): unknown {
  return getNodeValue(node);
}

export { property as propertyNode };
