// The schemas layer's one detector and one secret-field rule (schemas/detection.ts,
// schemas/secretFields.ts) on a located connection, with absolute offsets for migration's edits.
import { SCHEMAS } from '../schemas/definitions';
import { detectByOverlap } from '../schemas/detection';
import { JSON_NODE_TREE } from '../schemas/jsonTree';
import { secretValues } from '../schemas/secretFields';
import type { LocatedConnection } from './locateConnections';

export interface SecretFieldNode {
  /** Dotted path inside the credentials. */
  path: string;
  /** The string value and its node's absolute span, quotes included. */
  value: string;
  offset: number;
  length: number;
}

export const SCHEMA_NAMES: readonly string[] = SCHEMAS.map((schema) => schema.name);

/** The connection's schema: its `type` or the document's, else by field overlap (null when none fits). */
export function connectionSchema(connection: Pick<LocatedConnection, 'schema' | 'node'>): string | null {
  return connection.schema ?? detectByOverlap(connection.node) ?? null;
}

/** Secret-holding fields whose value is a string literal (other types cannot become references). */
export function secretFieldNodes(schemaName: string | null, connection: Pick<LocatedConnection, 'node' | 'base'>): SecretFieldNode[] {
  return secretValues(schemaName, connection.node, JSON_NODE_TREE).map(({ path, node, value }) => ({
    path,
    value,
    offset: connection.base + node.offset,
    length: node.length,
  }));
}
