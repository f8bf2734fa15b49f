// Finds what is at an offset of a credential document: the innermost object, the fields that apply
// to it, and the property (key or value) under the offset. Only the enclosing entry is looked at.
import type { CredentialDocument, DocumentEntry } from './credentialDocument';
import { findProperty, JsonNode, JsonProperty } from './jsonc';
import { fieldSpec, fieldsFor, getSchema, MODE_KEY, schemaNames } from './registry';
import type { FieldMap, FieldSpec } from './schemaTypes';

/** The two keys of an entry in a connections file, as fields so completion and hover treat them alike. */
export function connectionFields(): FieldMap {
  return {
    type: {
      type: 'string',
      required: true,
      allowed: schemaNames(),
      description: 'Name of the credential schema of this connection.',
    },
    credentials: {
      type: 'dict',
      required: true,
      description: 'The credential fields, checked against the schema named by "type".',
    },
  };
}

export interface Location {
  entry: DocumentEntry;
  /** Offset relative to the entry start. */
  rel: number;
  /** Innermost object containing the offset. */
  object: JsonNode;
  /** Fields that apply to `object`, or undefined when no schema is known for it. */
  fields: FieldMap | undefined;
  /** Schema name of the credential `object` belongs to (for connection level: undefined). */
  schemaName: string | undefined;
  prop: JsonProperty | undefined;
  /** Where in `prop` the offset is. */
  part: 'key' | 'value' | undefined;
}

function contains(node: JsonNode, rel: number): boolean {
  return rel > node.offset && (rel < node.offset + node.length || (!node.closed && rel <= node.offset + node.length));
}

function propertyAt(object: JsonNode, rel: number): { prop: JsonProperty; part: 'key' | 'value' } | undefined {
  for (const prop of object.props ?? []) {
    if (rel > prop.keyOffset && rel < prop.keyOffset + prop.keyLength) return { prop, part: 'key' };
    const value = prop.value;
    if (prop.colonOffset !== -1 && rel > prop.colonOffset && (!value || rel <= value.offset + value.length)) {
      return { prop, part: 'value' };
    }
  }
  return undefined;
}

export function locate(doc: CredentialDocument, offset: number): Location | undefined {
  const entry = doc.entryAt(offset);
  const root = entry && doc.nodeOf(entry);
  if (!entry || !root) return undefined;
  const rel = offset - entry.start;
  let object = root;
  if (object.kind !== 'object' || !contains(object, rel)) return undefined;
  let fields: FieldMap | undefined;
  let schemaName: string | undefined;
  if (entry.kind === 'connection') {
    fields = connectionFields();
  } else {
    schemaName = doc.detection.schema;
    const schema = schemaName ? getSchema(schemaName) : undefined;
    fields = schema ? fieldsFor(schema, findProperty(object, MODE_KEY)?.value?.value) : undefined;
  }
  let connectionLevel = entry.kind === 'connection';
  for (;;) {
    const hit = propertyAt(object, rel);
    const value = hit?.prop.value;
    if (hit && hit.part === 'value' && value && value.kind === 'object' && contains(value, rel)) {
      if (connectionLevel && hit.prop.key === 'credentials') {
        const typeValue = findProperty(object, 'type')?.value?.value;
        const schema = typeof typeValue === 'string' ? getSchema(typeValue) : undefined;
        schemaName = schema?.name;
        fields = schema ? fieldsFor(schema, findProperty(value, MODE_KEY)?.value?.value) : undefined;
        connectionLevel = false;
      } else {
        const spec: FieldSpec | undefined = connectionLevel ? undefined : fieldSpec(fields, hit.prop.key);
        fields = spec?.schema;
        connectionLevel = false;
      }
      object = value;
      continue;
    }
    return { entry, rel, object, fields, schemaName, prop: hit?.prop, part: hit?.part };
  }
}
