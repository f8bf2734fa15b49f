// The parser differential test's oracle (jsonc-parser, as migration read files before issue 15) measures
// how deeply a JSON(C) text nests objects and arrays, in one linear pass without recursion:
// jsonc-parser's parseTree recurses once per level and overflows the stack at a few thousand levels.
// The product reads with src/core/schemas/jsonc.ts, which skips past MAX_DEPTH without recursion. Tokenizes like jsonc-parser's scanner (strings end at a quote, a line
// break or the end; `//` and `/* */` comments), so the count is never below the parser's depth.

const QUOTE = 0x22;
const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The deepest nesting of `{` and `[` outside strings and comments (0 for a scalar or empty text). */
export function nestingDepth(text: string): number {
  // Open bracket kinds. A stray closer of the other kind pops nothing: jsonc-parser skips it too.
  const open: number[] = [];
  let deepest = 0;
  const length = text.length;
  let pos = 0;
  while (pos < length) {
    const c = text.charCodeAt(pos++);
    if (c === QUOTE) {
      while (pos < length) {
        const s = text.charCodeAt(pos);
        if (s === QUOTE) {
          pos++;
          break;
        }
        if (s === LF || s === CR) break;
        pos += s === BACKSLASH ? 2 : 1;
      }
    } else if (c === SLASH && pos < length && text.charCodeAt(pos) === SLASH) {
      while (pos < length && text.charCodeAt(pos) !== LF && text.charCodeAt(pos) !== CR) pos++;
    } else if (c === SLASH && pos < length && text.charCodeAt(pos) === STAR) {
      const end = text.indexOf('*/', pos + 1);
      pos = end === -1 ? length : end + 2;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      open.push(c);
      if (open.length > deepest) deepest = open.length;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (open.length > 0 && open[open.length - 1] === (c === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) open.pop();
    }
  }
  return deepest;
}
