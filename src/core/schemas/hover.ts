// Hover on a key: its type, required or not, and its description. Never shows a value.
import type { CredentialDocument } from './credentialDocument';
import { describeField } from './completion';
import { locate } from './locate';
import { fieldSpec, getSchema } from './registry';

export interface HoverInfo {
  /** Absolute range of the hovered key or value. */
  offset: number;
  length: number;
  /** Markdown. */
  markdown: string;
}

export function computeHover(doc: CredentialDocument, offset: number): HoverInfo | undefined {
  const where = locate(doc, offset);
  if (!where?.prop || !where.fields) return undefined;
  const { prop, part, entry } = where;
  const spec = fieldSpec(where.fields, prop.key);
  if (!spec) return undefined;
  if (part === 'key') {
    const lines = [`**${prop.key}**: ${describeField(spec)}`, '', spec.description];
    if (spec.secret) lines.push('', 'Holds a secret: keep it in a secret store and reference it.');
    if (where.schemaName) lines.push('', `Schema: \`${where.schemaName}\``);
    return { offset: entry.start + prop.keyOffset, length: prop.keyLength, markdown: lines.join('\n') };
  }
  // A connection's "type" value: describe the schema it names.
  const value = prop.value;
  if (value?.kind === 'string' && !where.schemaName && prop.key === 'type') {
    const schema = getSchema(value.value as string);
    if (!schema) return undefined;
    return { offset: entry.start + value.offset, length: value.length, markdown: `**${schema.name}**: ${schema.description}` };
  }
  return undefined;
}
