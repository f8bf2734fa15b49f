// Key/value pairs for "Write Secret" from selected text: a JSON object, or lines of `key=value`,
// `key: value` (YAML/.env style, optional quotes). Pure; values are returned, never printed.
import { setOwn } from '../ownKeys';
import { jsoncErrors, nodeValue, parseJsonc } from '../schemas/jsonc';

const LINE = /^\s*(?:export\s+)?"?([A-Za-z_][A-Za-z0-9_.-]*)"?\s*[:=]\s*(.*?)\s*,?\s*$/;

function unquote(value: string): string {
  const m = /^(['"])(.*)\1$/.exec(value);
  if (!m) return value;
  if (m[1] === '"') {
    try {
      return JSON.parse(value) as string;
    } catch {
      return m[2];
    }
  }
  return m[2];
}

/** Returns undefined when the text has no recognisable pair. Nested objects are flattened with `__`. */
export function parseKeyValues(text: string): Record<string, string> | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('{')) {
    const { root, errors } = parseJsonc(trimmed);
    const value = nodeValue(root);
    if (jsoncErrors(errors).length === 0 && value && typeof value === 'object' && !Array.isArray(value)) {
      const out: Record<string, string> = {};
      const walk = (object: Record<string, unknown>, prefix: string) => {
        for (const [key, v] of Object.entries(object)) {
          if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${key}__`);
          else if (v !== null && v !== undefined) setOwn(out, prefix + key, typeof v === 'string' ? v : JSON.stringify(v));
        }
      };
      walk(value as Record<string, unknown>, '');
      return Object.keys(out).length ? out : undefined;
    }
  }
  const out: Record<string, string> = {};
  for (const line of trimmed.split(/\r?\n/)) {
    if (/^\s*(#|\/\/)/.test(line) || !line.trim()) continue;
    const m = LINE.exec(line);
    if (!m) return undefined;
    setOwn(out, m[1].replace(/^"|"$/g, ''), unquote(m[2]));
  }
  return Object.keys(out).length ? out : undefined;
}
