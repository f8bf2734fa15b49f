// A secret as an editable JSON document and back. Keyed secrets are a JSON object; a text secret is a
// JSON string. Parse errors name the line and column only: the text being parsed holds secret values,
// so no part of it may land in a message.
import { NESTING_TOO_DEEP, nodeValue, parseJsonc, SyntaxProblem, TRAILING_COMMA } from '../../core/schemas/jsonc';
import { MASK } from '../../core/redaction';
import type { SecretPayload, SecretValue } from '../../core/stores/types';

export class SecretDocumentError extends Error {}

/** The read-only masked document (Go to Definition, Workspace Symbols): the keys, each value the one mask; never a value. */
export function toMaskedDocumentText(value: SecretValue): string {
  if (value.type === 'keyed') return `${JSON.stringify(Object.fromEntries(Object.keys(value.data).map((key) => [key, MASK])), null, 2)}\n`;
  return `${JSON.stringify(value.type === 'text' ? MASK : `${MASK} (binary)`)}\n`;
}

export function toDocumentText(value: SecretValue): string {
  if (value.type === 'keyed') return `${JSON.stringify(value.data, null, 2)}\n`;
  if (value.type === 'text') return `${JSON.stringify(value.text)}\n`;
  throw new SecretDocumentError(
    `"${value.path}" in store "${value.store}" holds binary data, which cannot be edited as JSON. Copy or reveal it from the Secrets view instead.`,
  );
}

export function parseDocumentText(text: string, where: { store: string; path: string }): SecretPayload {
  // The one JSON parser (src/core/schemas/jsonc.ts), strict: a trailing comma or a comment is an error here.
  const { root, errors, firstComment } = parseJsonc(text);
  const problems = errors.map((e) => ({ offset: e.offset, words: inWords(e, text) }));
  if (firstComment !== -1) problems.push({ offset: firstComment, words: 'comments are not allowed in a secret' });
  if (problems.length > 0) {
    const first = problems.reduce((a, b) => (b.offset < a.offset ? b : a));
    const { line, column } = position(text, first.offset);
    throw new SecretDocumentError(
      `Not saved: "${where.path}" in store "${where.store}" is not valid JSON: ${first.words} at line ${line}, column ${column}. ` +
        'Nothing was written; fix it and save again (Ctrl+S).',
    );
  }
  const parsed = nodeValue(root);
  if (typeof parsed === 'string') return { type: 'text', text: parsed };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
    return { type: 'keyed', data: parsed as Record<string, unknown> };
  throw new SecretDocumentError(
    `Not saved: "${where.path}" must be a JSON object of keys and values (or one JSON string). Fix it and save again.`,
  );
}

/** Characters after which a missing value is a missing value, not an unexpected character. */
const STRUCTURE = new Set(['}', ']', ',', ':', '']);

/** What a parse error means, for a person (never quoting the text, which holds secret values). */
function inWords(problem: SyntaxProblem, text: string): string {
  const message = problem.message;
  if (message.startsWith('Control character'))
    return 'a control character (such as a tab or line break) inside a text value must be escaped';
  if (message.startsWith(NESTING_TOO_DEEP)) return 'objects or arrays nest too deeply';
  switch (message.replace(/ \(further syntax errors.*$/, '')) {
    case 'Value expected':
      // An unquoted word where a value belongs, or nothing at all.
      return STRUCTURE.has(text.charAt(problem.offset).trim())
        ? 'a value is missing'
        : 'unexpected character (a key or text value needs double quotes)';
    case 'Invalid number format':
      return 'malformed number';
    case 'Property name expected':
    case 'Property expected':
      return 'a key in double quotes is expected';
    case 'Colon expected':
      return 'a colon (:) is missing after a key';
    case 'Comma expected':
      return 'a comma (,) is missing between two entries';
    case TRAILING_COMMA:
      return 'a comma (,) is followed by no entry';
    case "Expected '}'":
      return 'a closing brace (}) is missing';
    case "Expected ']'":
      return 'a closing bracket (]) is missing';
    case 'End of file expected':
      return 'there is text after the end of the document';
    case 'Unexpected end of comment':
      return 'comments are not allowed in a secret';
    case 'Unterminated string':
      return 'a text value is not closed (a double quote is missing)';
    case 'Invalid unicode escape':
      return 'a \\u escape is not four hexadecimal digits';
    case 'Invalid escape character':
      return 'a backslash escape is not valid JSON';
    default:
      return 'the text is not valid JSON';
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
