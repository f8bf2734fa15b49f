// Which schema a document has: an explicit choice, the file name (`*.<name>.json`), the
// `secretref.credentialFiles` glob map, a connections file, or field overlap.
import { findProperty, JsoncParser, JsonNode } from './jsonc';
import { matchesGlob } from './glob';
import { fieldsFor, getSchema, MODE_KEY, schemaNames } from './registry';

/** Pseudo schema name for a file of many connections (`[{"type", "credentials"}]`). */
export const CONNECTIONS = 'connections';

export type DetectionSource = 'option' | 'fileName' | 'setting' | 'content' | 'overlap' | 'none';

export interface Detection {
  /** A schema name, `connections`, or undefined when nothing fits. */
  schema: string | undefined;
  source: DetectionSource;
}

export interface DetectOptions {
  fileName?: string;
  /** A schema (or `connections`) chosen by the user (status bar pick, `--type`). */
  forcedSchema?: string;
  /** `secretref.credentialFiles`: glob -> schema name (or `connections`). */
  credentialFiles?: Readonly<Record<string, string>>;
}

export function isKnownTarget(name: string): boolean {
  return name === CONNECTIONS || getSchema(name) !== undefined;
}

/** Detection that needs no parsing: explicit choice, file name, settings. */
export function detectByName(options: DetectOptions): Detection | undefined {
  if (options.forcedSchema) return { schema: options.forcedSchema, source: 'option' };
  const fileName = options.fileName?.replace(/\\/g, '/');
  if (fileName) {
    const match = /\.([A-Za-z0-9_-]+)\.jsonc?$/.exec(fileName.slice(fileName.lastIndexOf('/') + 1));
    if (match && isKnownTarget(match[1])) return { schema: match[1], source: 'fileName' };
    for (const [glob, name] of Object.entries(options.credentialFiles ?? {})) {
      if (isKnownTarget(name) && matchesGlob(fileName, glob)) return { schema: name, source: 'setting' };
    }
  }
  return undefined;
}

const PEEK_MEMBERS = 3;

/**
 * Cheap look at the start of a document: an array root, or an object whose first members are
 * objects with "type" or "credentials", is a connections file. Parses only those first members.
 */
export function looksLikeConnections(text: string): boolean {
  const parser = new JsoncParser(text);
  const c = parser.skipTrivia();
  if (c === 91 /* [ */) return true;
  if (c !== 123 /* { */) return false;
  parser.pos++;
  for (let i = 0; i < PEEK_MEMBERS; i++) {
    const k = parser.skipTrivia();
    if (k === 44 /* , */) {
      parser.pos++;
      i--;
      continue;
    }
    if (k !== 34 /* " */) return false;
    parser.parseString();
    if (parser.skipTrivia() !== 58 /* : */) return false;
    parser.pos++;
    const value = parser.parseValue(1);
    if (value?.kind === 'object' && (findProperty(value, 'credentials') || findProperty(value, 'type'))) return true;
  }
  return false;
}

/** Best schema for a credential object by field overlap, or undefined when too little matches. */
export function detectByOverlap(root: JsonNode | undefined): string | undefined {
  if (root?.kind !== 'object' || !root.props || root.props.length === 0) return undefined;
  const keys = new Set(root.props.map((p) => p.key));
  const mode = findProperty(root, MODE_KEY)?.value?.value;
  let best: string | undefined;
  let bestScore = 0;
  let bestSize = Infinity;
  for (const name of schemaNames()) {
    const fields = fieldsFor(getSchema(name)!, mode);
    let matched = 0;
    let missing = 0;
    for (const key of keys) if (fields[key]) matched++;
    for (const key in fields) if (fields[key].required && !keys.has(key)) missing++;
    const size = Object.keys(fields).length;
    const score = matched - missing / 2;
    if (matched >= 2 && matched * 2 >= keys.size && (score > bestScore || (score === bestScore && size < bestSize))) {
      best = name;
      bestScore = score;
      bestSize = size;
    }
  }
  return best;
}
