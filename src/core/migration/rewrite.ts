// Text of the rewritten config, in the document's own style: edits only touch the credentials
// object (AWS) or the secret values (Vault), so comments and formatting elsewhere stay as they were.
import type { TextEdit } from './types';

export interface TextStyle {
  eol: string;
  /** One indentation step, e.g. two spaces or a tab. */
  unit: string;
}

export function detectStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const match = /\n([ \t]+)\S/.exec(text);
  let unit = '  ';
  if (match) unit = match[1].startsWith('\t') ? '\t' : match[1];
  return { eol, unit };
}

/** Leading whitespace of the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

/** Replaces an object node by `value`, multi-line when the original spanned lines. */
export function replaceObject(
  text: string,
  node: { offset: number; length: number },
  value: Record<string, string>,
  style: TextStyle,
): TextEdit {
  const original = text.slice(node.offset, node.offset + node.length);
  const entries = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}: ${JSON.stringify(v)}`);
  if (!original.includes('\n')) return { offset: node.offset, length: node.length, content: `{${entries.join(', ')}}` };
  // Keep the unit the entry already uses inside the object when there is one.
  const base = lineIndent(text, node.offset);
  const inner = /\n([ \t]+)\S/.exec(original)?.[1] ?? base + style.unit;
  const content = `{${style.eol}${entries.map((e) => inner + e).join(`,${style.eol}`)}${style.eol}${base}}`;
  return { offset: node.offset, length: node.length, content };
}

/** Vault KV key for a dotted field path: references split on the last dot, so dots become `__`. */
export function vaultKey(fieldPath: string): string {
  return fieldPath.replace(/\./g, '__');
}
