// The config formats `secretref check` reads besides JSON, and what a format scanner yields: the
// key/value pairs it holds (string and scalar values, with the span of the value in the text) and its
// comments. The scanners are line/key scanners, exact on quoting and comments, not full parsers.

export type ConfigFormat = 'json' | 'yaml' | 'env' | 'python' | 'toml' | 'properties' | 'markdown';

/** A [start, end) span of the text. */
export interface TextRange {
  start: number;
  end: number;
}

export interface KeyValue {
  /** Key segments from the root: `db.password` in TOML or properties is ['db', 'password']; list items are `[0]`. */
  path: string[];
  /** The scalar as the format reads it (quotes removed, escapes applied). */
  value: string;
  /** The value as written, quotes included. */
  offset: number;
  length: number;
}

export interface FormatScan {
  entries: KeyValue[];
  comments: TextRange[];
}

/** The format of a file by its name, or undefined for a file secretref does not read when walking a tree. */
export function formatOf(fileName: string): ConfigFormat | undefined {
  const name = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (/\.jsonc?$/.test(name)) return 'json';
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  if (name.endsWith('.py')) return 'python';
  if (name.endsWith('.toml')) return 'toml';
  if (name.endsWith('.properties')) return 'properties';
  if (/\.(md|markdown)$/.test(name)) return 'markdown';
  return undefined;
}
