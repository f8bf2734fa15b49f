// Which fields of a credentials object hold secrets, from the schema's `secret` flags (the schemas
// layer is the one source of truth), walking nested dicts (ssl_options.key) and hive's modes.
import type { Node } from 'jsonc-parser';
import { SCHEMAS } from '../schemas/definitions';
import { detectSchema } from '../schemas/detection';
import type { JsonTree } from '../schemas/jsonTree';
import { fieldsFor, getSchema } from '../schemas/registry';
import type { FieldMap } from '../schemas/schemaTypes';
import { propertyNode } from './locateConnections';

export interface SecretFieldNode {
  /** Dotted path inside the credentials. */
  path: string;
  node: Node;
}

export const SCHEMA_NAMES: readonly string[] = SCHEMAS.map((schema) => schema.name);

/** For fields outside any schema (unknown keys): names that conventionally hold secrets. */
const SECRET_NAME = /(^|_)(password|passwd|secret|token|private_key|ssh_key|api_key|access_key)($|_)/i;

/** The schemas layer's detector reads jsonc-parser's tree through this. */
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

export function fieldMapFor(schemaName: string | null, credentials: Node): FieldMap | undefined {
  const schema = schemaName ? getSchema(schemaName) : undefined;
  return schema ? fieldsFor(schema, propertyNode(credentials, 'mode')?.value) : undefined;
}

/** Secret-holding fields whose value is a string literal (other types cannot become references). */
export function secretFieldNodes(schemaName: string | null, credentials: Node): SecretFieldNode[] {
  const out: SecretFieldNode[] = [];
  const walk = (object: Node, fields: FieldMap | undefined, prefix: string) => {
    for (const member of object.children ?? []) {
      const [keyNode, valueNode] = member.children ?? [];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      const spec = fields?.[key];
      const path = prefix ? `${prefix}.${key}` : key;
      if (valueNode.type === 'object' && (spec?.type === 'dict' || !spec)) {
        walk(valueNode, spec?.schema, path);
      } else if (valueNode.type === 'string' && (spec ? spec.secret === true : SECRET_NAME.test(key))) {
        out.push({ path, node: valueNode });
      }
    }
  };
  walk(credentials, fieldMapFor(schemaName, credentials), '');
  return out;
}

/** Schema by field overlap, for a credentials object with no name hint (or null when none fits). */
export function detectSchemaByFields(credentials: Node): string | null {
  return detectSchema(credentials, JSONC_PARSER_TREE) ?? null;
}
