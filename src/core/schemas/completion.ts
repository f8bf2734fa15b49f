// Completion without VS Code: keys not yet present (required first) with a value snippet of the
// right JSON type, and values for `allowed`, booleans, `mode` and a connection's `type`.
// Only the entry around the cursor is looked at, so it costs the same in a file of any size.
import type { CredentialDocument } from './credentialDocument';
import { locate } from './locate';
import { fieldSpec, getSchema } from './registry';
import type { FieldSpec } from './schemaTypes';

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value';
  /** Type and required/optional, e.g. `integer · required`. */
  detail: string;
  documentation: string;
  /** Text to insert; a VS Code snippet when `isSnippet`. */
  insertText: string;
  isSnippet: boolean;
  /** Sorts before VS Code's own JSON suggestions (`$schema`, words): see PROPERTY_SORT. */
  sortText: string;
  /** The row VS Code selects when the list opens (the first key). */
  preselect: boolean;
  /** What the inserted text replaces, absolute offsets. */
  offset: number;
  length: number;
  filterText: string;
}

export function describeField(spec: FieldSpec): string {
  const parts: string[] = [spec.type, spec.required ? 'required' : 'optional'];
  if (spec.nullable) parts.push('nullable');
  if (spec.allowed) parts.push(`one of ${spec.allowed.map((v) => `"${v}"`).join(', ')}`);
  return parts.join(' · ');
}

/** The snippet for a value of the field's JSON type. */
export function valueSnippet(spec: FieldSpec): string {
  if (spec.allowed && spec.allowed.length > 0) return `"\${1|${spec.allowed.join(',')}|}"`;
  switch (spec.type) {
    case 'integer':
      return '${1:0}';
    case 'boolean':
      return '${1|true,false|}';
    case 'dict':
      return '{$1}';
    default:
      return '"$1"';
  }
}

/** A plain default value of a JSON type, or the first allowed value (for quick fixes). */
export function defaultValue(type: string | undefined, allowed?: readonly string[]): string {
  if (allowed && allowed.length > 0) return JSON.stringify(allowed[0]);
  switch (type) {
    case 'integer':
      return '0';
    case 'boolean':
      return 'false';
    case 'dict':
      return '{}';
    default:
      return '""';
  }
}

/**
 * Prefix of the keys' sortText. VS Code's JSON service offers `$schema` with its label as sort text,
 * and '$' sorts before digits and letters; '!' sorts before '$', so the schema's keys come first.
 */
const PROPERTY_SORT = '!';

function isTrivia(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

export function computeCompletions(doc: CredentialDocument, offset: number): CompletionEntry[] {
  const where = locate(doc, offset);
  if (!where || !where.fields) return [];
  const { entry, object, fields, prop, part } = where;
  // Only the entry's own text is read: the whole text of a big file is never rebuilt here.
  const text = doc.entryText(entry);
  const rel = offset - entry.start;
  if (prop && part === 'value') {
    const spec = fieldSpec(fields, prop.key);
    if (!spec) return [];
    const value = prop.value;
    const start = value ? entry.start + value.offset : offset;
    const length = value ? value.length : 0;
    const values: string[] = spec.allowed ? spec.allowed.map((v) => JSON.stringify(v)) : spec.type === 'boolean' ? ['true', 'false'] : [];
    return values.map((v, i) => {
      const name = JSON.parse(v) as string | boolean;
      const described = typeof name === 'string' ? getSchema(name)?.description : undefined;
      return {
        label: v,
        kind: 'value',
        detail: spec.type,
        documentation: described ?? spec.description,
        insertText: v,
        isSnippet: false,
        sortText: `${PROPERTY_SORT}${String(i).padStart(3, '0')}`,
        preselect: i === 0,
        offset: start,
        length,
        filterText: v,
      };
    });
  }
  const present = new Set((object.props ?? []).filter((p) => p !== prop).map((p) => p.key));
  let start = offset;
  let length = 0;
  let withValue = true;
  let before = '';
  let after = '';
  if (prop && part === 'key') {
    start = entry.start + prop.keyOffset;
    length = prop.keyLength;
    withValue = prop.colonOffset === -1;
  } else {
    // Separate the new property from its neighbours with commas where needed.
    let i = rel - 1;
    while (i >= 0 && isTrivia(text[i])) i--;
    if (i >= 0 && text[i] !== '{' && text[i] !== ',') before = ', ';
    let j = rel;
    while (j < text.length && isTrivia(text[j])) j++;
    if (text[j] === '"') after = ',';
  }
  const out: CompletionEntry[] = [];
  let index = 0;
  for (const [key, spec] of Object.entries(fields)) {
    index++;
    if (present.has(key)) continue;
    const quoted = JSON.stringify(key);
    const insertText = withValue ? `${before}${quoted}: ${valueSnippet(spec)}${after}` : quoted;
    out.push({
      label: key,
      kind: 'property',
      detail: describeField(spec),
      documentation: spec.description,
      insertText,
      isSnippet: withValue,
      sortText: `${PROPERTY_SORT}${spec.required ? 0 : 1}${String(index).padStart(3, '0')}`,
      preselect: false,
      offset: start,
      length,
      filterText: length > 0 ? quoted : key,
    });
  }
  out.sort((a, b) => (a.sortText < b.sortText ? -1 : 1));
  if (out.length > 0) out[0].preselect = true;
  return out;
}
