// Key/value scanners for YAML, .env, Python, TOML and properties files: each finds the keys with
// scalar values (with the value's exact span) and the comments, honouring the format's quoting, so a
// `#` inside a quoted value is no comment and a quoted reference is one value. Flow collections, YAML
// block scalars, Python expressions other than a string literal and TOML arrays/inline tables are
// skipped (their strings are no key/value pair), never misread.
import type { ConfigFormat, FormatScan, KeyValue, TextRange } from './types';

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    out.push({ start, end: lineEnd, text: text.slice(start, lineEnd) });
    if (nl === -1) return out;
    start = nl + 1;
  }
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

/** A double-quoted string starting at `at` (a `"`): its value with backslash escapes and its end (after the closing quote), or undefined if unclosed. */
function doubleQuoted(s: string, at: number, quote = '"'): { value: string; end: number } | undefined {
  let value = '';
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const n = s[++i];
      value += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
    } else if (c === quote) return { value, end: i + 1 };
    else value += c;
  }
  return undefined;
}

/** A YAML single-quoted string (`''` is a quote). */
function singleQuoted(s: string, at: number): { value: string; end: number } | undefined {
  let value = '';
  for (let i = at + 1; i < s.length; i++) {
    if (s[i] === "'") {
      if (s[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += s[i];
  }
  return undefined;
}

/** A `#` comment that starts a line or follows whitespace, from `from` on in an unquoted stretch. */
function hashComment(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (s[i] === '#' && (i === 0 || isSpace(s[i - 1]))) return i;
  return -1;
}

/** An unquoted value from `from`: up to a ` #` comment, trimmed. */
function plainValue(line: Line, from: number, comments: TextRange[]): { value: string; offset: number } {
  const hash = hashComment(line.text, from);
  if (hash !== -1) comments.push({ start: line.start + hash, end: line.end });
  const raw = line.text.slice(from, hash === -1 ? undefined : hash);
  const value = raw.trim();
  return { value, offset: line.start + from + (raw.length - raw.trimStart().length) };
}

/** A quoted or plain value at `from` of a line (YAML and .env), pushed to `entries` under `path`. */
function lineValue(line: Line, from: number, path: string[], out: FormatScan, yaml: boolean): void {
  let i = from;
  while (isSpace(line.text[i])) i++;
  const c = line.text[i];
  if (c === '"' || c === "'") {
    const quoted = c === '"' ? doubleQuoted(line.text, i) : yaml ? singleQuoted(line.text, i) : quotedRaw(line.text, i, "'");
    if (!quoted) return;
    out.entries.push({ path, value: quoted.value, offset: line.start + i, length: quoted.end - i });
    const hash = hashComment(line.text, quoted.end);
    if (hash !== -1) out.comments.push({ start: line.start + hash, end: line.end });
    return;
  }
  const { value, offset } = plainValue(line, i, out.comments);
  if (value === '' || (yaml && /^[[{|>&*!]/.test(value))) return;
  out.entries.push({ path, value, offset, length: value.length });
}

/** A string in `quote` with no escapes at all (.env single quotes, TOML literal strings). */
function quotedRaw(s: string, at: number, quote: string): { value: string; end: number } | undefined {
  const close = s.indexOf(quote, at + 1);
  return close === -1 ? undefined : { value: s.slice(at + 1, close), end: close + 1 };
}

interface Frame {
  indent: number;
  segment: string;
  items: number;
  item: boolean;
}

/** YAML: block mappings and sequences by indentation; flow collections and block scalars are skipped. */
export function scanYaml(text: string): FormatScan {
  const out: FormatScan = { entries: [], comments: [] };
  let stack: Frame[] = [{ indent: -1, segment: '', items: 0, item: false }];
  let blockIndent = -1;
  for (const line of linesOf(text)) {
    let col = 0;
    while (line.text[col] === ' ') col++;
    const rest = line.text.slice(col);
    if (blockIndent !== -1) {
      if (rest === '' || col > blockIndent) continue;
      blockIndent = -1;
    }
    if (rest === '') continue;
    if (rest.startsWith('#')) {
      out.comments.push({ start: line.start + col, end: line.end });
      continue;
    }
    if (col === 0 && (rest.startsWith('---') || rest.startsWith('...'))) {
      stack = [{ indent: -1, segment: '', items: 0, item: false }];
      continue;
    }
    // Sequence items: `- key: value`, `- - x`.
    while (line.text[col] === '-' && (isSpace(line.text[col + 1]) || col + 1 === line.text.length)) {
      while (
        stack.length > 1 &&
        (stack[stack.length - 1].indent > col || (stack[stack.length - 1].indent === col && stack[stack.length - 1].item))
      )
        stack.pop();
      const parent = stack[stack.length - 1];
      stack.push({ indent: col, segment: `[${parent.items++}]`, items: 0, item: true });
      col++;
      while (isSpace(line.text[col])) col++;
    }
    const key = yamlKey(line.text, col);
    if (!key) {
      // A scalar item or a continuation: only its comment matters.
      if (line.text[col] !== '"' && line.text[col] !== "'") {
        const hash = hashComment(line.text, col);
        if (hash !== -1) out.comments.push({ start: line.start + hash, end: line.end });
      }
      continue;
    }
    while (stack.length > 1 && stack[stack.length - 1].indent >= col) stack.pop();
    const path = [...stack.slice(1).map((f) => f.segment), key.name];
    let v = key.end;
    while (isSpace(line.text[v])) v++;
    const first = line.text[v];
    if (v >= line.text.length || first === '#') {
      if (first === '#') out.comments.push({ start: line.start + v, end: line.end });
      stack.push({ indent: col, segment: key.name, items: 0, item: false });
      continue;
    }
    if (first === '|' || first === '>') {
      blockIndent = col;
      const hash = hashComment(line.text, v);
      if (hash !== -1) out.comments.push({ start: line.start + hash, end: line.end });
      continue;
    }
    lineValue(line, v, path, out, true);
  }
  return out;
}

/** A YAML mapping key at `col` (plain or quoted, followed by `:` and a space or the end of line). */
function yamlKey(s: string, col: number): { name: string; end: number } | undefined {
  const c = s[col];
  if (c === '"' || c === "'") {
    const quoted = c === '"' ? doubleQuoted(s, col) : singleQuoted(s, col);
    if (!quoted || s[quoted.end] !== ':' || !(quoted.end + 1 === s.length || isSpace(s[quoted.end + 1]))) return undefined;
    return { name: quoted.value, end: quoted.end + 1 };
  }
  if (c === undefined || '#[{&*!|>%@`'.includes(c)) return undefined;
  for (let i = col; i < s.length; i++) {
    if (s[i] === '#' && isSpace(s[i - 1])) return undefined;
    if (s[i] === ':' && (i + 1 === s.length || isSpace(s[i + 1]))) {
      const name = s.slice(col, i).trim();
      return name ? { name, end: i + 1 } : undefined;
    }
  }
  return undefined;
}

/** .env: `[export ]KEY=value`, quoted or not; `#` comments on their own line or after whitespace. */
export function scanEnv(text: string): FormatScan {
  const out: FormatScan = { entries: [], comments: [] };
  for (const line of linesOf(text)) {
    let i = 0;
    while (isSpace(line.text[i])) i++;
    if (line.text[i] === '#') {
      out.comments.push({ start: line.start + i, end: line.end });
      continue;
    }
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/.exec(line.text.slice(i));
    if (!match) continue;
    lineValue(line, i + match[0].length, [match[1]], out, false);
  }
  return out;
}

/** properties: `key=value`, `key: value` or `key value`; `#` / `!` comment lines; `\` continues a line. */
export function scanProperties(text: string): FormatScan {
  const out: FormatScan = { entries: [], comments: [] };
  const lines = linesOf(text);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    let i = 0;
    while (isSpace(line.text[i]) || line.text[i] === '\f') i++;
    if (i === line.text.length) continue;
    if (line.text[i] === '#' || line.text[i] === '!') {
      out.comments.push({ start: line.start + i, end: line.end });
      continue;
    }
    let key = '';
    for (; i < line.text.length; i++) {
      const c = line.text[i];
      if (c === '\\' && i + 1 < line.text.length) key += line.text[++i];
      else if (c === '=' || c === ':' || isSpace(c)) break;
      else key += c;
    }
    while (isSpace(line.text[i])) i++;
    if (line.text[i] === '=' || line.text[i] === ':') i++;
    while (isSpace(line.text[i])) i++;
    const offset = line.start + i;
    let value = '';
    let end = line.end;
    let current = line;
    for (;;) {
      const s = current.text;
      let continued = false;
      for (; i < s.length; i++) {
        if (s[i] === '\\') {
          if (i + 1 === s.length) {
            continued = true;
            break;
          }
          const e = s[++i];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
            value += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
            i += 4;
          } else value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        } else value += s[i];
      }
      end = current.end;
      if (!continued || n + 1 >= lines.length) break;
      current = lines[++n];
      i = 0;
      while (isSpace(current.text[i])) i++;
    }
    if (key) out.entries.push({ path: key.split('.'), value, offset, length: end - offset });
  }
  return out;
}

interface PyToken {
  kind: 'name' | 'string' | 'op' | 'other';
  start: number;
  end: number;
  value: string;
}

/**
 * Python: comments and string literals tokenized exactly; `NAME = "..."`, `name="..."` and `"key": "..."` are
 * pairs. Docstrings count as comments (documentation).
 */
export function scanPython(text: string): FormatScan {
  const out: FormatScan = { entries: [], comments: [] };
  const tokens: PyToken[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      const end = nl === -1 ? n : text[nl - 1] === '\r' ? nl - 1 : nl;
      out.comments.push({ start: i, end });
      i = end;
      continue;
    }
    const prefix = /^[rRbBuUfF]{0,2}(?=["'])/.exec(text.slice(i, i + 3));
    if (prefix && (prefix[0] === '' || !/[A-Za-z0-9_]/.test(text[i - 1] ?? ''))) {
      const start = i;
      const q = i + prefix[0].length;
      const quote = text[q];
      const triple = text.startsWith(quote.repeat(3), q);
      const delim = triple ? quote.repeat(3) : quote;
      let j = q + delim.length;
      let closed = false;
      while (j < n) {
        if (text[j] === '\\') {
          j += 2;
          continue;
        }
        if (!triple && text[j] === '\n') break;
        if (text.startsWith(delim, j)) {
          closed = true;
          j += delim.length;
          break;
        }
        j++;
      }
      const raw = text.slice(q + delim.length, closed ? j - delim.length : j);
      const flags = prefix[0].toLowerCase();
      // f-strings interpolate: not a literal. Raw strings keep their backslashes.
      const value = flags.includes('f') || triple ? '\u0000' : flags.includes('r') ? raw : (doubleQuoted(`"${raw}"`, 0)?.value ?? raw);
      tokens.push({ kind: 'string', start, end: j, value });
      // A docstring (a triple-quoted string that starts its line) is documentation, like a comment.
      if (triple && /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', start - 1) + 1, start))) out.comments.push({ start, end: j });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(text[j])) j++;
      tokens.push({ kind: 'name', start: i, end: j, value: text.slice(i, j) });
      i = j;
      continue;
    }
    if (c === '=' || c === ':') {
      const double = text[i + 1] === '=';
      tokens.push({ kind: double ? 'other' : 'op', start: i, end: i + (double ? 2 : 1), value: double ? '==' : c });
      i += double ? 2 : 1;
      continue;
    }
    if (!/\s/.test(c)) tokens.push({ kind: 'other', start: i, end: i + 1, value: c });
    i++;
  }
  for (let t = 2; t < tokens.length; t++) {
    const [key, op, value, next] = [tokens[t - 2], tokens[t - 1], tokens[t], tokens[t + 1]];
    if (value.kind !== 'string' || value.value === '\u0000' || op.kind !== 'op' || next?.kind === 'string') continue;
    if (next && next.kind === 'other' && ['+', '%', '.', '[', '('].includes(next.value)) continue;
    const name =
      op.value === '=' && key.kind === 'name'
        ? key.value
        : op.value === ':' && key.kind === 'string' && key.value !== '\u0000'
          ? key.value
          : undefined;
    if (name === undefined) continue;
    out.entries.push({ path: [name], value: value.value, offset: value.start, length: value.end - value.start });
  }
  return out;
}

/** TOML: tables, dotted keys, the four string kinds; arrays and inline tables are skipped. */
export function scanToml(text: string): FormatScan {
  const out: FormatScan = { entries: [], comments: [] };
  let table: string[] = [];
  const arrays = new Map<string, number>();
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n && isSpace(text[i])) i++;
  };
  const comment = () => {
    skipSpace();
    if (text[i] === '#') {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      out.comments.push({ start, end: i });
    }
  };
  const toEol = () => {
    while (i < n && text[i] !== '\n') i++;
    i++;
  };
  /** A string at i: its value and end; undefined when none starts here. */
  const string = (): { value: string; end: number } | undefined => {
    const c = text[i];
    if (c !== '"' && c !== "'") return undefined;
    const triple = text.startsWith(c.repeat(3), i);
    if (triple) {
      const close = text.indexOf(c.repeat(3), i + 3);
      if (close === -1) return undefined;
      let end = close + 3;
      while (text[end] === c && end - close < 5) end++;
      const body = text.slice(i + 3, end - 3).replace(/^\r?\n/, '');
      return { value: c === "'" ? body : (doubleQuoted(`"${body.replace(/\\\r?\n\s*/g, '')}"`, 0)?.value ?? body), end };
    }
    return c === '"' ? doubleQuoted(text, i) : quotedRaw(text, i, "'");
  };
  const keyPath = (): string[] | undefined => {
    const parts: string[] = [];
    for (;;) {
      skipSpace();
      const quoted = text[i] === '"' || text[i] === "'" ? (text[i] === '"' ? doubleQuoted(text, i) : quotedRaw(text, i, "'")) : undefined;
      if (quoted) {
        parts.push(quoted.value);
        i = quoted.end;
      } else {
        const start = i;
        while (i < n && /[A-Za-z0-9_-]/.test(text[i])) i++;
        if (i === start) return undefined;
        parts.push(text.slice(start, i));
      }
      skipSpace();
      if (text[i] !== '.') return parts;
      i++;
    }
  };
  /** Skips an array or inline table, strings and comments inside it included. */
  const skipNested = () => {
    let depth = 0;
    while (i < n) {
      const c = text[i];
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          i++;
          return;
        }
      } else if (c === '#') {
        comment();
        continue;
      } else if (c === '"' || c === "'") {
        const s = string();
        i = s ? s.end : i + 1;
        continue;
      }
      i++;
    }
  };
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) break;
    if (text[i] === '#') {
      comment();
      continue;
    }
    if (text[i] === '[') {
      const isArray = text[i + 1] === '[';
      i += isArray ? 2 : 1;
      const path = keyPath();
      if (!path) {
        toEol();
        continue;
      }
      if (isArray) {
        const key = path.join('\u0000');
        const index = arrays.get(key) ?? 0;
        arrays.set(key, index + 1);
        table = [...path, `[${index}]`];
      } else table = path;
      i = text.indexOf(']', i) + (isArray ? 2 : 1);
      if (i <= 0) break;
      comment();
      continue;
    }
    const path = keyPath();
    skipSpace();
    if (!path || text[i] !== '=') {
      toEol();
      continue;
    }
    i++;
    skipSpace();
    if (text[i] === '[' || text[i] === '{') {
      skipNested();
      comment();
      continue;
    }
    const s = string();
    if (s) {
      out.entries.push({ path: [...table, ...path], value: s.value, offset: i, length: s.end - i });
      i = s.end;
    } else {
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '#' && text[i] !== '\r') i++;
      const value = text.slice(start, i).trim();
      if (value) out.entries.push({ path: [...table, ...path], value, offset: start, length: value.length });
    }
    comment();
  }
  return out;
}

/** The scanner of a non-JSON format; undefined for JSON and Markdown. */
export function scanFormat(text: string, format: ConfigFormat): FormatScan | undefined {
  switch (format) {
    case 'yaml':
      return scanYaml(text);
    case 'env':
      return scanEnv(text);
    case 'python':
      return scanPython(text);
    case 'toml':
      return scanToml(text);
    case 'properties':
      return scanProperties(text);
    default:
      return undefined;
  }
}

export type { KeyValue };
