// Exports the schemas as JSON Schema (draft 2020-12) for other tools: one credential, or a whole
// connections file (an array, or an object of named entries, of {"type", "credentials"}).
import { fieldsFor, getSchema, MODE_KEY, modeField, schemaNames } from './registry';
import type { CredentialSchema, FieldMap, FieldSpec } from './schemaTypes';

export type JsonSchema = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const JSON_TYPES = { string: 'string', integer: 'integer', boolean: 'boolean', dict: 'object' } as const;

function fieldSchema(spec: FieldSpec): JsonSchema {
  const type = JSON_TYPES[spec.type];
  const out: JsonSchema = { description: spec.description };
  if (spec.type === 'dict' && spec.schema) Object.assign(out, objectSchema(spec.schema));
  else out.type = spec.nullable ? [type, 'null'] : type;
  if (spec.allowed) out.enum = spec.nullable ? [...spec.allowed, null] : [...spec.allowed];
  if (spec.secret) out.writeOnly = true;
  return out;
}

function objectSchema(fields: FieldMap): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    properties[key] = fieldSchema(spec);
    if (spec.required) required.push(key);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

function credentialBody(schema: CredentialSchema): JsonSchema {
  if (!schema.modes) return objectSchema(fieldsFor(schema));
  // hive: the "mode" value chooses one of the shapes.
  const modes = Object.keys(schema.modes);
  return {
    type: 'object',
    properties: { [MODE_KEY]: fieldSchema(modeField(schema)) },
    required: [MODE_KEY],
    allOf: modes.map((mode) => ({
      if: { properties: { [MODE_KEY]: { const: mode } }, required: [MODE_KEY] },
      then: objectSchema(fieldsFor(schema, mode)),
    })),
  };
}

/** JSON Schema of one credential, e.g. `toJsonSchema('snowflake')`. */
export function toJsonSchema(name: string): JsonSchema | undefined {
  const schema = getSchema(name);
  if (!schema) return undefined;
  return {
    $schema: DRAFT,
    $id: `https://secretref.dev/schemas/${name}.json`,
    title: `${name} credentials`,
    description: schema.description,
    ...credentialBody(schema),
  };
}

/**
 * JSON Schema of a connections file; each entry's "type" selects the credential schema. `root`
 * narrows the file to an array or an object of named entries (default: either).
 */
export function connectionsJsonSchema(root: 'array' | 'object' | 'any' = 'any'): JsonSchema {
  const names = schemaNames();
  const $defs: Record<string, JsonSchema> = {};
  for (const name of names) $defs[name] = { description: getSchema(name)!.description, ...credentialBody(getSchema(name)!) };
  const connection: JsonSchema = {
    type: 'object',
    properties: {
      type: { type: 'string', enum: names, description: 'Name of the credential schema of this connection.' },
      credentials: { type: 'object', description: 'The credential fields, checked against the schema named by "type".' },
    },
    required: ['type', 'credentials'],
    allOf: names.map((name) => ({
      if: { properties: { type: { const: name } }, required: ['type'] },
      then: { properties: { credentials: { $ref: `#/$defs/${name}` } } },
    })),
  };
  $defs.connection = connection;
  const asArray = { type: 'array', items: { $ref: '#/$defs/connection' } };
  const asObject = { type: 'object', additionalProperties: { $ref: '#/$defs/connection' } };
  return {
    $schema: DRAFT,
    $id: 'https://secretref.dev/schemas/connections.json',
    title: 'secretref connections file',
    ...(root === 'array' ? asArray : root === 'object' ? asObject : { anyOf: [asArray, asObject] }),
    $defs,
  };
}
