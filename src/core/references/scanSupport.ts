// Small helpers shared by the per-kind parsers: where a reference must end, and diagnostic builders.
import type { CoreDiagnostic } from '../diagnostics';
import type { SecretReference } from './types';

/** What one parser found at a start position; `end` is where scanning continues. */
export type ParseOutcome = { reference: SecretReference; end: number } | { diagnostic: CoreDiagnostic; end: number } | null;

/**
 * Characters that cannot be inside a reference: line ends, quotes and whitespace. A reference cut
 * short by one of these is unterminated (as in the example of Cloudomation Engine, "Secret Handling",
 * https://docs.cloudomation.com/engine/8/docs/vault-integration: `'vault.secret(cfg:oracle.password',`).
 */
const STOP_CHARS = '\n\r \t"\'`';

/** A lookup table of stop characters (ASCII only) for one set of extra stops. */
export function stopTable(extraStops: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of STOP_CHARS + extraStops) table[c.charCodeAt(0)] = 1;
  return table;
}

/** First offset at or after `from` holding a stop character of `table` (or the text's length). */
export function findStop(text: string, from: number, table: Uint8Array): number {
  const length = text.length;
  for (let i = from; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128 && table[code] === 1) return i;
  }
  return length;
}

/** `<SECRET_ARN>`-style placeholders in documentation are not references. */
export function isPlaceholder(content: string): boolean {
  return content.indexOf('<') !== -1 || content.indexOf('>') !== -1;
}

export function unterminated(offset: number, length: number, message: string): CoreDiagnostic {
  return { code: 'unterminated-reference', severity: 'error', message, offset, length, path: '' };
}

export function malformed(offset: number, length: number, message: string): CoreDiagnostic {
  return { code: 'malformed-reference', severity: 'error', message, offset, length, path: '' };
}
