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
  // By the extension, read without a regex or a split: the walk asks this of every file it lists.
  const name = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const extension = dot === -1 ? '' : name.slice(dot + 1);
  if (extension === 'json' || extension === 'jsonc') return 'json';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  // `.env`, `prod.env`, and `.env.local` whatever follows its `.env.` (but JSON or YAML).
  if (extension === 'env' || name.startsWith('.env.')) return 'env';
  if (extension === 'py') return 'python';
  if (extension === 'toml') return 'toml';
  if (extension === 'properties') return 'properties';
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  return undefined;
}
