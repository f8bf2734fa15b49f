// A secret as an editable JSON document and back. Keyed secrets are a JSON object; a text secret is a
// JSON string. Parse errors name the line and column only: the text being parsed holds secret values,
// so no part of it may land in a message.
import { parse, ParseError, ParseErrorCode } from 'jsonc-parser';
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
      `Not saved: "${where.path}" in store "${where.store}" is not valid JSON: ${inWords(first.error)} at line ${line}, column ${column}. ` +
        'Nothing was written; fix it and save again (Ctrl+S).',
    );
  }
  if (typeof parsed === 'string') return { type: 'text', text: parsed };
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
    return { type: 'keyed', data: parsed as Record<string, unknown> };
  throw new SecretDocumentError(
    `Not saved: "${where.path}" must be a JSON object of keys and values (or one JSON string). Fix it and save again.`,
  );
}

/** What a parse error means, for a person (never quoting the text, which holds secret values). */
function inWords(code: ParseErrorCode): string {
  switch (code) {
    case ParseErrorCode.InvalidSymbol:
      return 'unexpected character (a key or text value needs double quotes)';
    case ParseErrorCode.InvalidNumberFormat:
      return 'malformed number';
    case ParseErrorCode.PropertyNameExpected:
      return 'a key in double quotes is expected';
    case ParseErrorCode.ValueExpected:
      return 'a value is missing';
    case ParseErrorCode.ColonExpected:
      return 'a colon (:) is missing after a key';
    case ParseErrorCode.CommaExpected:
      return 'a comma (,) is missing between two entries';
    case ParseErrorCode.CloseBraceExpected:
      return 'a closing brace (}) is missing';
    case ParseErrorCode.CloseBracketExpected:
      return 'a closing bracket (]) is missing';
    case ParseErrorCode.EndOfFileExpected:
      return 'there is text after the end of the document';
    case ParseErrorCode.InvalidCommentToken:
    case ParseErrorCode.UnexpectedEndOfComment:
      return 'comments are not allowed in a secret';
    case ParseErrorCode.UnexpectedEndOfString:
      return 'a text value is not closed (a double quote is missing)';
    case ParseErrorCode.UnexpectedEndOfNumber:
      return 'a number is cut off';
    case ParseErrorCode.InvalidUnicode:
      return 'a \\u escape is not four hexadecimal digits';
    case ParseErrorCode.InvalidEscapeCharacter:
      return 'a backslash escape is not valid JSON';
    case ParseErrorCode.InvalidCharacter:
      return 'a control character (such as a tab or line break) inside a text value must be escaped';
    default:
      return 'the text is not valid JSON';
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
