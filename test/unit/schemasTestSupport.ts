// Helpers shared by the schemas unit tests: validate a text and list `code@path` pairs.
import * as path from 'node:path';
import { CredentialDocument } from '../../src/core/schemas';
import type { DetectOptions } from '../../src/core/schemas';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/schemas');

export function findings(text: string, options: DetectOptions = {}): string[] {
  return new CredentialDocument(text, options).diagnostics().map((d) => `${d.code}@${d.path}`);
}

/** Validates `credential` (an object, serialised) as the given schema. */
export function check(schema: string, credential: unknown): string[] {
  return findings(JSON.stringify(credential, null, 2), { forcedSchema: schema });
}

/** Text with a `|` marking the cursor: returns the text without it and the offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
