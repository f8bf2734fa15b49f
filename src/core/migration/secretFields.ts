// Which fields of a credentials object hold secrets, from the schema's `secret` flags (the schemas
// layer is the one source of truth), walking nested dicts (ssl_options.key) and hive's modes.
import type { Node } from 'jsonc-parser';
import { SCHEMAS } from '../schemas/definitions';
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

/** Schema by field overlap, for a credential document with no name hint. */
export function detectSchemaByFields(credentials: Node): string | null {
  const keys = new Set((credentials.children ?? []).map((member) => String(member.children?.[0]?.value)));
  let best: { name: string; score: number } | null = null;
  for (const schema of SCHEMAS) {
    const maps = schema.fields ? [schema.fields] : Object.values(schema.modes ?? {});
    for (const fields of maps) {
      const names = Object.keys(fields);
      const hits = names.filter((name) => keys.has(name)).length;
      const score = hits / Math.max(names.length, keys.size);
      if (hits > 0 && (!best || score > best.score)) best = { name: schema.name, score };
    }
  }
  return best?.name ?? null;
}
