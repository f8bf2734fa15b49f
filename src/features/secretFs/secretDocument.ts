// A secret as an editable JSON document and back. Keyed secrets are a JSON object; a text secret is a
// JSON string. Parse errors name the line and column only: the text being parsed holds secret values,
// so no part of it may land in a message.
import { parse, ParseError, printParseErrorCode } from 'jsonc-parser';
import type { SecretPayload, SecretValue } from '../../core/stores/types';

export class SecretDocumentError extends Error {}

export function toDocumentText(value: SecretValue): string {
  if (value.type === 'keyed') return `${JSON.stringify(value.data, null, 2)}\n`;
  if (value.type === 'text') return `${JSON.stringify(value.text)}\n`;
  throw new SecretDocumentError(
    `"${value.path}" in store "${value.store}" holds binary data, which cannot be edited as JSON. Copy or reveal it from the Secrets view instead.`,
  );
}

export function parseDocumentText(text: string, where: { store: string; path: string }): SecretPayload {
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const first = errors[0];
    const { line, column } = position(text, first.offset);
    throw new SecretDocumentError(
      `Not saved: "${where.path}" is not valid JSON (${printParseErrorCode(first.error)} at line ${line}, column ${column}). Fix it and save again.`,
    );
  }
  if (typeof parsed === 'string') return { type: 'text', text: parsed };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { type: 'keyed', data: parsed as Record<string, unknown> };
  throw new SecretDocumentError(`Not saved: "${where.path}" must be a JSON object of keys and values (or one JSON string). Fix it and save again.`);
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
