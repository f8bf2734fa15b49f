// A small, fast JSONC parser that keeps offsets: it builds just enough of a tree for validation,
// completion and hovers, recovers from errors, and never throws. Strings end at a line break (as in
// jsonc-parser), so a stray quote only breaks one line and edits stay local to one connection.
// Node offsets are relative to `base`, so one connection of a big file can be re-parsed alone.

import { setOwn } from '../ownKeys';

export type NodeKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'invalid';

export interface JsonNode {
  kind: NodeKind;
  offset: number;
  length: number;
  /** Scalars only. Strings are unescaped; numbers keep `integer` for the strict type check. */
  value?: string | number | boolean | null;
  integer?: boolean;
  props?: JsonProperty[];
  items?: JsonNode[];
  /** False when the closing bracket is missing. */
  closed?: boolean;
}

export interface JsonProperty {
  key: string;
  keyOffset: number;
  keyLength: number;
  /** Offset of the colon, or -1 when it is missing. */
  colonOffset: number;
  value: JsonNode | undefined;
}

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

/**
 * The one nesting limit: objects and arrays deeper than this are skipped (without recursion) and
 * reported as `NESTING_TOO_DEEP`. Credentials nest a handful of levels; editor, migration and CLI refuse past it.
 */
export const MAX_DEPTH = 200;

/** Messages consumers tell apart: migration and the CLI's settings files accept trailing commas, as VS Code's JSONC does. */
export const TRAILING_COMMA = 'Trailing comma';
export const NESTING_TOO_DEEP = 'Nesting too deep';

const enum Ch {
  tab = 9,
  lf = 10,
  cr = 13,
  space = 32,
  quote = 34,
  plus = 43,
  comma = 44,
  minus = 45,
  dot = 46,
  slash = 47,
  zero = 48,
  nine = 57,
  colon = 58,
  E = 69,
  openBracket = 91,
  backslash = 92,
  closeBracket = 93,
  e = 101,
  f = 102,
  n = 110,
  t = 116,
  openBrace = 123,
  closeBrace = 125,
  star = 42,
}

/** Syntax errors reported per parse; later ones are dropped. */
export const MAX_SYNTAX_ERRORS = 100;

export class JsoncParser {
  pos: number;
  base = 0;
  readonly errors: SyntaxProblem[] = [];
  /** Offset (absolute) of the first comment, or -1: secret documents are strict JSON. */
  firstComment = -1;

  constructor(
    readonly text: string,
    start = 0,
    readonly end = text.length,
  ) {
    this.pos = start;
  }

  report(offset: number, length: number, message: string): void {
    // One error per position is enough; recovery can otherwise repeat itself.
    const last = this.errors[this.errors.length - 1];
    if (last && last.offset === offset && last.message === message) return;
    // A stray quote in a huge single-line file would cascade into millions of errors: the first
    // ones say what to fix, the rest only cost time and markers.
    if (this.errors.length >= MAX_SYNTAX_ERRORS) return;
    if (this.errors.length === MAX_SYNTAX_ERRORS - 1) message = `${message} (further syntax errors are not reported; fix these first)`;
    this.errors.push({ offset, length: Math.max(0, length), message });
  }

  /** Skips whitespace and comments; returns the code at the new position or -1 at the end. */
  skipTrivia(): number {
    const text = this.text;
    const end = this.end;
    let pos = this.pos;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c === Ch.space || c === Ch.lf || c === Ch.cr || c === Ch.tab) {
        pos++;
      } else if (c === Ch.slash) {
        const next = text.charCodeAt(pos + 1);
        if ((next === Ch.slash || next === Ch.star) && this.firstComment === -1) this.firstComment = pos;
        if (next === Ch.slash) {
          pos += 2;
          while (pos < end) {
            const d = text.charCodeAt(pos);
            if (d === Ch.lf || d === Ch.cr) break;
            pos++;
          }
        } else if (next === Ch.star) {
          const close = text.indexOf('*/', pos + 2);
          if (close === -1 || close + 2 > end) {
            this.report(pos, end - pos, 'Unexpected end of comment');
            pos = end;
          } else {
            pos = close + 2;
          }
        } else {
          this.pos = pos;
          return c;
        }
      } else if (c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0xb || c === 0xc) {
        pos++;
      } else {
        this.pos = pos;
        return c;
      }
    }
    this.pos = end;
    return -1;
  }

  /** Parses one value at the current position (after trivia); undefined when none starts here. */
  parseValue(depth = 0): JsonNode | undefined {
    const c = this.skipTrivia();
    switch (c) {
      case Ch.openBrace:
        return depth >= MAX_DEPTH ? this.skipDeep() : this.parseObject(depth + 1);
      case Ch.openBracket:
        return depth >= MAX_DEPTH ? this.skipDeep() : this.parseArray(depth + 1);
      case Ch.quote:
        return this.parseString();
      case Ch.t:
        return this.parseLiteral('true', 'boolean', true);
      case Ch.f:
        return this.parseLiteral('false', 'boolean', false);
      case Ch.n:
        return this.parseLiteral('null', 'null', null);
      case -1:
      case Ch.closeBrace:
      case Ch.closeBracket:
      case Ch.comma:
      case Ch.colon:
        return undefined;
      default:
        if (c === Ch.minus || (c >= Ch.zero && c <= Ch.nine)) return this.parseNumber();
        return this.parseInvalid();
    }
  }

  private parseObject(depth: number): JsonNode {
    const start = this.pos;
    const props: JsonProperty[] = [];
    const node: JsonNode = { kind: 'object', offset: start - this.base, length: 0, props, closed: false };
    this.pos++;
    this.parseElements(node, Ch.closeBrace, "Expected '}'", 'Property expected', (c) => {
      if (c !== Ch.quote) {
        this.report(this.pos, 1, 'Property name expected');
        if (c === Ch.closeBracket || c === Ch.colon) this.pos++;
        else if (!this.parseValue(depth)) this.pos++;
        return;
      }
      const key = this.parseString();
      const prop: JsonProperty = {
        key: key.value as string,
        keyOffset: key.offset,
        keyLength: key.length,
        colonOffset: -1,
        value: undefined,
      };
      props.push(prop);
      if (this.skipTrivia() !== Ch.colon) {
        this.report(this.pos, 0, 'Colon expected');
        return;
      }
      prop.colonOffset = this.pos - this.base;
      this.pos++;
      prop.value = this.parseValue(depth);
      if (!prop.value) this.report(this.pos, 0, 'Value expected');
    });
    node.length = this.pos - start;
    return node;
  }

  private parseArray(depth: number): JsonNode {
    const start = this.pos;
    const items: JsonNode[] = [];
    const node: JsonNode = { kind: 'array', offset: start - this.base, length: 0, items, closed: false };
    this.pos++;
    this.parseElements(node, Ch.closeBracket, "Expected ']'", 'Value expected', () => {
      const item = this.parseValue(depth);
      if (item) {
        items.push(item);
      } else {
        this.report(this.pos, 1, 'Value expected');
        this.pos++;
      }
    });
    node.length = this.pos - start;
    return node;
  }

  /**
   * The loop objects and arrays share: comma-separated elements up to `close`, recovering the same way
   * from trailing, doubled and missing commas and from a missing close. `parseElement` gets the first
   * character of each element.
   */
  private parseElements(
    node: JsonNode,
    close: number,
    expectedClose: string,
    missingElement: string,
    parseElement: (c: number) => void,
  ): void {
    let first = true;
    let commaAt = -1;
    for (;;) {
      const c = this.skipTrivia();
      if (c === close) {
        if (commaAt !== -1) this.report(commaAt, 1, TRAILING_COMMA);
        this.pos++;
        node.closed = true;
        return;
      }
      if (c === -1) {
        this.report(this.pos, 0, expectedClose);
        return;
      }
      if (!first) {
        if (c === Ch.comma) {
          if (commaAt !== -1) this.report(this.pos, 1, missingElement);
          commaAt = this.pos;
          this.pos++;
          continue;
        }
        if (commaAt === -1) this.report(this.pos, 1, 'Comma expected');
      }
      first = false;
      commaAt = -1;
      parseElement(c);
    }
  }

  parseString(): JsonNode {
    const text = this.text;
    const end = this.end;
    const start = this.pos;
    let pos = start + 1;
    let escaped = false;
    let terminated = false;
    while (pos < end) {
      const c = text.charCodeAt(pos);
      if (c === Ch.quote) {
        terminated = true;
        break;
      }
      if (c === Ch.backslash) {
        escaped = true;
        pos += 2;
        continue;
      }
      if (c === Ch.lf || c === Ch.cr) break;
      // JSON forbids raw control characters (NUL, tab, ...) in strings, as JSON.parse does.
      if (c < 0x20) this.report(pos, 1, `Control character U+${c.toString(16).padStart(4, '0').toUpperCase()} in a string must be escaped`);
      pos++;
    }
    if (pos > end) pos = end;
    const raw = text.slice(start + 1, pos);
    if (terminated) pos++;
    else this.report(start, pos - start, 'Unterminated string');
    this.pos = pos;
    return {
      kind: 'string',
      offset: start - this.base,
      length: pos - start,
      value: escaped ? this.unescape(raw, start) : raw,
    };
  }

  private unescape(raw: string, start: number): string {
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = raw[++i];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = raw.slice(i + 1, i + 5);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) {
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
          } else {
            this.report(start + 1 + i - 1, 2, 'Invalid unicode escape');
          }
          break;
        }
        default:
          this.report(start + 1 + i - 1, 2, 'Invalid escape character');
      }
    }
    return out;
  }

  private parseNumber(): JsonNode {
    const text = this.text;
    const end = this.end;
    const start = this.pos;
    let pos = start;
    let integer = true;
    let valid = true;
    if (text.charCodeAt(pos) === Ch.minus) pos++;
    const digitsStart = pos;
    while (pos < end && isDigit(text.charCodeAt(pos))) pos++;
    if (pos === digitsStart) valid = false;
    else if (text.charCodeAt(digitsStart) === Ch.zero && pos - digitsStart > 1) valid = false;
    if (pos < end && text.charCodeAt(pos) === Ch.dot) {
      integer = false;
      pos++;
      const fraction = pos;
      while (pos < end && isDigit(text.charCodeAt(pos))) pos++;
      if (pos === fraction) valid = false;
    }
    let c = text.charCodeAt(pos);
    if (pos < end && (c === Ch.e || c === Ch.E)) {
      integer = false;
      pos++;
      c = text.charCodeAt(pos);
      if (pos < end && (c === Ch.plus || c === Ch.minus)) pos++;
      const exponent = pos;
      while (pos < end && isDigit(text.charCodeAt(pos))) pos++;
      if (pos === exponent) valid = false;
    }
    this.pos = pos;
    if (!valid) this.report(start, pos - start, 'Invalid number format');
    return { kind: 'number', offset: start - this.base, length: pos - start, value: Number(text.slice(start, pos)), integer };
  }

  private parseLiteral(word: string, kind: NodeKind, value: boolean | null): JsonNode {
    const start = this.pos;
    if (this.text.startsWith(word, start) && !isWordChar(this.text.charCodeAt(start + word.length))) {
      this.pos = start + word.length;
      return { kind, offset: start - this.base, length: word.length, value };
    }
    return this.parseInvalid();
  }

  /** Consumes a run of characters that cannot start a value (at least one) as one invalid token. */
  private parseInvalid(): JsonNode {
    const start = this.pos;
    let pos = start + 1;
    while (pos < this.end && isWordChar(this.text.charCodeAt(pos))) pos++;
    this.pos = pos;
    this.report(start, pos - start, 'Value expected');
    return { kind: 'invalid', offset: start - this.base, length: pos - start };
  }

  /** Too deeply nested: skip the balanced value without recursion. */
  private skipDeep(): JsonNode {
    const start = this.pos;
    this.report(start, 1, NESTING_TOO_DEEP);
    let depth = 0;
    while (this.pos < this.end) {
      const c = this.skipTrivia();
      if (c === -1) break;
      if (c === Ch.quote) {
        this.parseString();
        continue;
      }
      this.pos++;
      if (c === Ch.openBrace || c === Ch.openBracket) depth++;
      else if ((c === Ch.closeBrace || c === Ch.closeBracket) && --depth === 0) break;
    }
    return { kind: 'invalid', offset: start - this.base, length: this.pos - start };
  }
}

function isDigit(c: number): boolean {
  return c >= Ch.zero && c <= Ch.nine;
}

/** Characters that continue a bare word (an invalid token or a literal). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 43;
}

export interface ParsedJson {
  root: JsonNode | undefined;
  errors: SyntaxProblem[];
  /** Offset of the first comment, or -1. */
  firstComment: number;
}

/** Parses a whole document (or `text[start, end)`, offsets relative to `start`). */
export function parseJsonc(text: string, start = 0, end = text.length): ParsedJson {
  const parser = new JsoncParser(text, start, end);
  parser.base = start;
  const root = parser.parseValue();
  if (!root) {
    parser.report(parser.pos, 0, 'Value expected');
  }
  if (parser.skipTrivia() !== -1) {
    parser.errors.push({ offset: parser.pos, length: end - parser.pos, message: 'End of file expected' });
  }
  const errors = start === 0 ? parser.errors : parser.errors.map((e) => ({ ...e, offset: e.offset - start }));
  return { root, errors, firstComment: parser.firstComment === -1 ? -1 : parser.firstComment - start };
}

/** The errors that make a text invalid JSONC where trailing commas are accepted (migration, the CLI's files). */
export function jsoncErrors(errors: readonly SyntaxProblem[]): SyntaxProblem[] {
  return errors.filter((e) => e.message !== TRAILING_COMMA);
}

/**
 * The plain value of a node, as JSON.parse builds it: the last of duplicated keys wins, every key is
 * an own property (`__proto__` too), and what did not parse (an invalid token, a missing value) is left out.
 */
export function nodeValue(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.props ?? []) {
        const value = nodeValue(prop.value);
        if (value !== undefined) setOwn(out, prop.key, value);
      }
      return out;
    }
    case 'array':
      return (node.items ?? []).map(nodeValue).filter((value) => value !== undefined);
    case 'invalid':
      return undefined;
    default:
      return node.value;
  }
}

/** The property of an object node with this key (the last one when duplicated). */
export function findProperty(node: JsonNode | undefined, key: string): JsonProperty | undefined {
  const props = node?.props;
  if (!props) return undefined;
  for (let i = props.length - 1; i >= 0; i--) if (props[i].key === key) return props[i];
  return undefined;
}
