// Lookups over the schema data: by name, by hive mode, and which of its fields the schema flags as
// secrets. Which fields of a document hold secrets (keys outside the schema too) is secretFields.ts.
import { ownValue } from '../ownKeys';
import { SCHEMAS } from './definitions';
import type { CredentialSchema, FieldMap, FieldSpec } from './schemaTypes';

const byName = new Map<string, CredentialSchema>(SCHEMAS.map((schema) => [schema.name, schema]));

/** Name of the block that references a whole secret (`self_hosting_key` etc.). */
export const SELF_HOSTED = 'self-hosted';
/** The key that chooses a shape in schemas with modes (hive). */
export const MODE_KEY = 'mode';

export function schemaNames(): string[] {
  return SCHEMAS.map((schema) => schema.name);
}

export function getSchema(name: string): CredentialSchema | undefined {
  return byName.get(name);
}

/** The `mode` field of a schema with shapes, as a field spec (for completion, hover and export). */
export function modeField(schema: CredentialSchema): FieldSpec {
  return {
    type: 'string',
    required: true,
    allowed: Object.keys(schema.modes ?? {}),
    description: `Connection mode; chooses which fields apply (${Object.keys(schema.modes ?? {}).join(', ')}).`,
  };
}

/**
 * The fields that apply to a credential: for a schema with modes, the chosen mode's fields plus
 * `mode`, or the union of all modes when the mode is missing or unknown.
 */
export function fieldsFor(schema: CredentialSchema, mode?: unknown): FieldMap {
  if (!schema.modes) return schema.fields ?? {};
  const chosen = typeof mode === 'string' && Object.hasOwn(schema.modes, mode) ? mode : '';
  const cacheKey = `${schema.name}\u0000${chosen}`;
  let fields = fieldsCache.get(cacheKey);
  if (!fields) {
    const union: Record<string, FieldSpec> = { [MODE_KEY]: modeField(schema) };
    for (const [name, shape] of Object.entries(schema.modes)) if (!chosen || name === chosen) Object.assign(union, shape);
    fields = union;
    fieldsCache.set(cacheKey, fields);
  }
  return fields;
}

/**
 * The field `key` of `fields`, if the schema defines it: an own key only, so a credential's
 * "constructor", "toString" or "__proto__" is an unknown key, not Object.prototype's. The one lookup of a field by its key.
 */
export function fieldSpec(fields: FieldMap | undefined, key: string): FieldSpec | undefined {
  return fields && ownValue(fields, key);
}

// Field maps of schemas with modes are built once per mode: validation runs per connection.
const fieldsCache = new Map<string, FieldMap>();

/** The field at a dotted path (`ssl_options.key`), looking through every mode of hive. */
export function fieldAt(schemaName: string, fieldPath: string): FieldSpec | undefined {
  const schema = byName.get(schemaName);
  if (!schema) return undefined;
  let fields: FieldMap | undefined = fieldsFor(schema);
  let spec: FieldSpec | undefined;
  for (const part of fieldPath.split('.')) {
    spec = fieldSpec(fields, part);
    if (!spec) return undefined;
    fields = spec.schema;
  }
  return spec;
}

/** True when the schema flags the field at `fieldPath` as a secret (password, private key, token, ...). */
export function isSecretField(schemaName: string, fieldPath: string): boolean {
  return fieldAt(schemaName, fieldPath)?.secret === true;
}

/** Every field path the schema flags as a secret, e.g. `password`, `ssl_options.key`. */
export function secretFieldPaths(schemaName: string): string[] {
  const schema = byName.get(schemaName);
  if (!schema) return [];
  const out: string[] = [];
  const walk = (fields: FieldMap, prefix: string) => {
    for (const [key, spec] of Object.entries(fields)) {
      if (spec.secret) out.push(prefix + key);
      if (spec.schema) walk(spec.schema, `${prefix}${key}.`);
    }
  };
  walk(fieldsFor(schema), '');
  return out;
}
