// Validates a parsed credential against a schema's fields, in the Cerberus-like vocabulary of the
// seed: type, required, nullable, allowed, nested schema, and hive's shapes chosen by "mode".
// Messages name keys and expected types, never values (values may be secrets).
import type { CoreDiagnostic } from '../diagnostics';
import { findProperty, JsonNode, JsonProperty } from './jsonc';
import { fieldSpec, fieldsFor, getSchema, MODE_KEY, schemaNames, SELF_HOSTED } from './registry';
import { holdsSecret } from './secretFields';

/** The key that marks an object as a self-hosted credentials block. */
const SELF_HOSTING_KEY_MARKER = 'self_hosting_mechanism';
import type { CredentialSchema, FieldMap, FieldSpec } from './schemaTypes';

export const CODES = {
  syntax: 'syntax',
  missingRequired: 'missing-required',
  wrongType: 'wrong-type',
  notNullable: 'not-nullable',
  notAllowed: 'not-allowed',
  unknownKey: 'unknown-key',
  duplicateKey: 'duplicate-key',
  unknownSchema: 'unknown-schema',
} as const;

/** The JSON type a node has, in the schema vocabulary. */
export function jsonTypeOf(node: JsonNode): string {
  switch (node.kind) {
    case 'number':
      return node.integer ? 'integer' : 'number';
    case 'object':
      return 'dict';
    default:
      return node.kind;
  }
}

function matchesType(spec: FieldSpec, node: JsonNode): boolean {
  switch (spec.type) {
    case 'string':
      return node.kind === 'string';
    case 'integer':
      return node.kind === 'number' && node.integer === true;
    case 'boolean':
      return node.kind === 'boolean';
    case 'dict':
      return node.kind === 'object';
  }
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function duplicateKey(prop: JsonProperty, path: string): CoreDiagnostic {
  return {
    code: CODES.duplicateKey,
    severity: 'error',
    message: `Duplicate key "${prop.key}".`,
    offset: prop.keyOffset,
    length: prop.keyLength,
    path,
    data: { key: prop.key },
  };
}

/**
 * `duplicate-key` in every object under `node`, for a credential no schema validates (no schema
 * detected, an unknown `type`): JSON keeps the last value, and a migration must not lose the other.
 */
export function validateDuplicateKeys(node: JsonNode, prefix: string, out: CoreDiagnostic[]): void {
  // The parser stops nesting at 200 levels, so the walk is shallow; a Set keeps wide objects linear.
  const seen = new Set<string>();
  for (const prop of node.props ?? []) {
    if (seen.has(prop.key)) out.push(duplicateKey(prop, prefix + prop.key));
    else {
      seen.add(prop.key);
      if (prop.value) validateDuplicateKeys(prop.value, `${prefix}${prop.key}.`, out);
    }
  }
  (node.items ?? []).forEach((item, index) => validateDuplicateKeys(item, `${prefix}[${index}].`, out));
}

/**
 * Validates `node` (a credential object) against `fields`; diagnostics get `prefix` on their path
 * and keep the node's offsets. `label` names the object in messages.
 */
export function validateFields(node: JsonNode, fields: FieldMap, prefix: string, out: CoreDiagnostic[], label = 'credential'): void {
  if (node.kind !== 'object') {
    if (node.kind !== 'invalid') {
      out.push({
        code: CODES.wrongType,
        severity: 'error',
        message: `The ${label} must be an object, not ${article(jsonTypeOf(node))}.`,
        offset: node.offset,
        length: node.length,
        path: prefix.replace(/\.$/, ''),
        data: { expected: 'dict', actual: jsonTypeOf(node) },
      });
    }
    return;
  }
  const props = node.props!;
  for (let i = 0; i < props.length; i++) {
    const prop = props[i];
    const key = prop.key;
    if (hasKeyBefore(props, i, key)) {
      out.push(duplicateKey(prop, prefix + key));
      continue;
    }
    const spec = fieldSpec(fields, key);
    if (!spec) {
      const path = prefix + key;
      out.push({
        code: CODES.unknownKey,
        severity: 'warning',
        message: `Unknown key "${key}" for this ${label}; expected one of ${quoteList(Object.keys(fields))}.`,
        offset: prop.keyOffset,
        length: prop.keyLength,
        path,
        data: { key, secret: holdsSecret(undefined, key) },
      });
      continue;
    }
    const value = prop.value;
    if (value) validateValue(value, spec, key, prefix, out);
  }
  for (const key in fields) {
    if (fields[key].required && !hasKeyBefore(props, props.length, key)) {
      out.push({
        code: CODES.missingRequired,
        severity: 'error',
        message: `Missing required key "${key}" (${fields[key].type}).`,
        offset: node.offset,
        length: 1,
        path: prefix + key,
        data: { key, expected: fields[key].type, allowed: fields[key].allowed, secret: holdsSecret(fields[key], key) },
      });
    }
  }
}

// Objects in credentials have a handful of keys: a scan beats allocating a Set per object.
function hasKeyBefore(props: readonly JsonProperty[], end: number, key: string): boolean {
  for (let j = 0; j < end; j++) if (props[j].key === key) return true;
  return false;
}

function validateValue(value: JsonNode, spec: FieldSpec, key: string, prefix: string, out: CoreDiagnostic[]): void {
  if (value.kind === 'invalid') return; // already a syntax error
  if (value.kind === 'null') {
    if (!spec.nullable) {
      out.push({
        code: CODES.notNullable,
        severity: 'error',
        message: `"${key}" must not be null; expected ${article(spec.type)}.`,
        offset: value.offset,
        length: value.length,
        path: prefix + key,
        data: { key, expected: spec.type },
      });
    }
    return;
  }
  if (!matchesType(spec, value)) {
    const actual = jsonTypeOf(value);
    const convertible =
      (spec.type === 'integer' && value.kind === 'string' && /^-?\d+$/.test(value.value as string)) ||
      (spec.type === 'string' && value.kind === 'number');
    out.push({
      code: CODES.wrongType,
      severity: 'error',
      message: `"${key}" must be ${article(spec.type)}, not ${article(actual)}.`,
      offset: value.offset,
      length: value.length,
      path: prefix + key,
      data: { key, expected: spec.type, actual, convertible, secret: holdsSecret(spec, key) },
    });
    return;
  }
  if (spec.allowed && !spec.allowed.includes(value.value as string)) {
    out.push({
      code: CODES.notAllowed,
      severity: 'error',
      message: `"${key}" must be one of ${quoteList(spec.allowed)}.`,
      offset: value.offset,
      length: value.length,
      path: prefix + key,
      data: { key, allowed: spec.allowed },
    });
    return;
  }
  if (spec.schema) validateFields(value, spec.schema, `${prefix}${key}.`, out, `"${key}" object`);
}

/**
 * Validates one credential object against a named schema. A self-hosted credentials block (Monte Carlo,
 * "Using self-hosted credentials": the credential JSON moved into Secrets Manager) stands in for any
 * schema's fields, so a migrated config is checked as that block instead.
 */
export function validateCredential(node: JsonNode, schema: CredentialSchema, prefix: string, out: CoreDiagnostic[]): void {
  if (schema.name !== SELF_HOSTED && findProperty(node, SELF_HOSTING_KEY_MARKER)) {
    const selfHosted = getSchema(SELF_HOSTED);
    if (selfHosted) schema = selfHosted;
  }
  const mode = schema.modes ? findProperty(node, MODE_KEY)?.value?.value : undefined;
  validateFields(node, fieldsFor(schema, mode), prefix, out, `${schema.name} credential`);
}

/**
 * Validates one entry of a connections file: `{"type": "<schema>", "credentials": {...}, ...}`.
 * Keys other than these two (name, description, ...) belong to the user and are not checked.
 */
export function validateConnection(node: JsonNode, prefix: string, out: CoreDiagnostic[]): void {
  if (node.kind !== 'object') {
    const where = prefix.replace(/\.$/, '');
    if (node.kind !== 'invalid') {
      out.push({
        code: CODES.wrongType,
        severity: 'error',
        message: `A connection must be an object with "type" and "credentials", not ${article(jsonTypeOf(node))}.`,
        offset: node.offset,
        length: node.length,
        path: where,
        data: { expected: 'dict', actual: jsonTypeOf(node) },
      });
    }
    return;
  }
  let typeProp;
  let credentialsProp;
  const props = node.props!;
  for (let i = 0; i < props.length; i++) {
    const prop = props[i];
    if (prop.key === 'type' || prop.key === 'credentials') {
      if ((prop.key === 'type' ? typeProp : credentialsProp) !== undefined) {
        out.push(duplicateKey(prop, prefix + prop.key));
        continue;
      }
      if (prop.key === 'type') typeProp = prop;
      else credentialsProp = prop;
    }
  }
  for (const key of ['type', 'credentials']) {
    if ((key === 'type' ? typeProp : credentialsProp) === undefined) {
      out.push({
        code: CODES.missingRequired,
        severity: 'error',
        message:
          key === 'type'
            ? `Missing required key "type" (the credential schema: ${quoteList(schemaNames())}).`
            : 'Missing required key "credentials" (dict).',
        offset: node.offset,
        length: 1,
        path: prefix + key,
        data: { key, expected: key === 'type' ? 'string' : 'dict' },
      });
    }
  }
  const typeNode = typeProp?.value;
  let schema: CredentialSchema | undefined;
  if (typeNode && typeNode.kind !== 'invalid') {
    if (typeNode.kind !== 'string') {
      out.push({
        code: CODES.wrongType,
        severity: 'error',
        message: `"type" must be a string, not ${article(jsonTypeOf(typeNode))}.`,
        offset: typeNode.offset,
        length: typeNode.length,
        path: `${prefix}type`,
        data: { key: 'type', expected: 'string', actual: jsonTypeOf(typeNode), convertible: false },
      });
    } else {
      schema = getSchema(typeNode.value as string);
      if (!schema) {
        out.push({
          code: CODES.unknownSchema,
          severity: 'error',
          // The value itself is not repeated (it is underlined): no diagnostic message carries a value of the file.
          message: `Unknown credential schema in "type"; expected one of ${quoteList(schemaNames())}.`,
          offset: typeNode.offset,
          length: typeNode.length,
          path: `${prefix}type`,
          data: { key: 'type' },
        });
      }
    }
  }
  const credentials = credentialsProp?.value;
  if (schema && credentials) validateCredential(credentials, schema, `${prefix}credentials.`, out);
  else if (credentials) validateDuplicateKeys(credentials, `${prefix}credentials.`, out);
}
