// Deterministic secret names from a configurable pattern, e.g. `secretref/{file}/{connection}`.
// Tokens: {file} (file name without .json/.jsonc and without a `.<schema>` suffix), {connection},
// {type} (schema name), {index} (0-based position in the file). Letters are kept, spelled in ASCII.
export const DEFAULT_NAME_PATTERN = 'secretref/{file}/{connection}';

export interface NameParts {
  file: string;
  connection: string;
  type: string;
  index: number;
}

/** Characters both AWS secret names and Vault paths accept without escaping (and that references allow). */
const UNSAFE = /[^A-Za-z0-9/_+=.@-]+/g;

/** Latin letters that NFKD leaves as they are, spelled in ASCII. */
const LATIN: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'Th',
};

/**
 * A name in ASCII, letters kept: NFKD with the combining marks dropped (`Ü` -> `U`, `Ｐ` -> `P`),
 * a few Latin letters spelled out (`ß` -> `ss`), and any other letter or digit as its code point
 * (`生` -> `u751f`), so names stay distinct. Other characters are left to the caller.
 */
export function asciiName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\x00-\x7f]/gu, (char) => LATIN[char] ?? (/[\p{L}\p{N}]/u.test(char) ? `u${char.codePointAt(0)!.toString(16)}` : char));
}

export function sanitizeSegment(value: string): string {
  const clean = asciiName(value)
    .replace(UNSAFE, '-')
    .replace(/\/+/g, '/')
    .replace(/^[-/]+|[-/]+$/g, '');
  return clean || 'unnamed';
}

export function secretName(pattern: string, parts: NameParts): string {
  const expanded = pattern.replace(/\{(file|connection|type|index)\}/g, (_match, token: keyof NameParts) =>
    sanitizeSegment(String(parts[token]).replace(/\//g, '-')),
  );
  return sanitizeSegment(expanded);
}

/** `prod.snowflake.json` -> `prod` when `snowflake` is a schema name; `connections.jsonc` -> `connections`. */
export function fileStem(source: string, schemaNames: readonly string[]): string {
  const base = source.replace(/\\/g, '/').split('/').pop() ?? source;
  let stem = base.replace(/\.(jsonc?|json5)$/i, '');
  const dot = stem.lastIndexOf('.');
  if (dot > 0 && schemaNames.includes(stem.slice(dot + 1).toLowerCase())) stem = stem.slice(0, dot);
  return stem || 'credentials';
}

/** Makes names unique within a plan by appending -2, -3, ... (deterministic: file order). */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}-${count}`;
  });
}
