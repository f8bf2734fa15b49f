// Documentation contexts of a file: text that shows the reference syntax rather than using it. Comments
// in every format, JSON Schema `description` / `markdownDescription` values (a package.json's settings
// documenting `{{resolve:secretsmanager:…}}`), and Markdown files as a whole. Reference diagnostics
// there (malformed-reference, ...) are dropped; `secretref: ignore <code> <reason>` comments are read
// from the same comments.
import type { CoreDiagnostic } from '../diagnostics';
import { parseJsonc, type JsonNode } from '../schemas/jsonc';
import { scanFormat } from './lineScanners';
import { formatOf, type ConfigFormat, type FormatScan, type TextRange } from './types';

/** JSON Schema keys whose string values are documentation. */
const DOC_KEYS = new Set([
  'description',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'title',
  'examples',
]);

/** `//` and `/* *\/` comments of a JSONC text, strings skipped exactly. */
export function jsoncComments(text: string): TextRange[] {
  const out: TextRange[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const start = i;
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      out.push({ start, end: i });
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? text.length : close + 2;
      out.push({ start: i, end });
      i = end - 1;
    }
  }
  return out;
}

function docValues(node: JsonNode | undefined, out: TextRange[], underDocKey: boolean): void {
  if (!node) return;
  if (underDocKey && (node.kind === 'string' || node.kind === 'array' || node.kind === 'object')) {
    out.push({ start: node.offset, end: node.offset + node.length });
    return;
  }
  for (const prop of node.props ?? []) docValues(prop.value, out, DOC_KEYS.has(prop.key));
  for (const item of node.items ?? []) docValues(item, out, false);
}

export interface FileContexts {
  format: ConfigFormat | undefined;
  /** The key/value scan of a non-JSON format (undefined for JSON, Markdown and unknown files). */
  scan: FormatScan | undefined;
  comments: TextRange[];
  /** Comments, plus documentation values (JSON) or the whole text (Markdown). Sorted by start. */
  readonly documentation: TextRange[];
}

/** The comments and documentation ranges of a file, by its format (from its name). */
export function fileContexts(text: string, fileName: string): FileContexts {
  const format = formatOf(fileName);
  if (format === 'markdown') return { format, scan: undefined, comments: [], documentation: [{ start: 0, end: text.length }] };
  if (format === 'json') {
    const comments = jsoncComments(text);
    let documentation: TextRange[] | undefined;
    return {
      format,
      scan: undefined,
      comments,
      // Worked out when first read (most files have no reference diagnostic to filter); only a text that
      // mentions a doc key pays for the parse.
      get documentation() {
        if (documentation) return documentation;
        documentation = comments.slice();
        if (text.includes('escription"') || text.includes('"title"') || text.includes('"examples"') || text.includes('Message"')) {
          docValues(parseJsonc(text).root, documentation, false);
        }
        return documentation.sort((a, b) => a.start - b.start);
      },
    };
  }
  const scan = format ? scanFormat(text, format) : undefined;
  const comments = scan?.comments ?? [];
  return { format, scan, comments, documentation: comments };
}

/** Whether `offset` is inside one of the sorted `ranges`. */
export function inRanges(ranges: readonly TextRange[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < ranges[mid].start) hi = mid - 1;
    else if (offset >= ranges[mid].end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The diagnostics outside the documentation contexts. */
export function outsideDocumentation(diagnostics: CoreDiagnostic[], contexts: FileContexts): CoreDiagnostic[] {
  if (diagnostics.length === 0 || contexts.documentation.length === 0) return diagnostics;
  return diagnostics.filter((d) => !inRanges(contexts.documentation, d.offset));
}

export interface IgnoreDirective {
  code: string;
  reason: string;
  /** Offset of the comment. */
  offset: number;
  /** The comment is alone on its line: it covers the next line; a trailing comment covers its own line. */
  standalone: boolean;
}

const IGNORE = /secretref:\s*ignore\s+([a-z][a-z0-9-]*)(?:\s+(\S.*?))?\s*(?:\*\/)?\s*$/;

/** `secretref: ignore <code> <reason>` comments; a directive without a reason is not one (the reason is what a reviewer reads). */
export function ignoreDirectives(text: string, comments: readonly TextRange[]): IgnoreDirective[] {
  const out: IgnoreDirective[] = [];
  for (const comment of comments) {
    const body = text.slice(comment.start, comment.end);
    const match = IGNORE.exec(body);
    if (!match || !match[2]) continue;
    const lineStart = Math.max(text.lastIndexOf('\n', comment.start - 1) + 1, 0);
    const standalone = text.slice(lineStart, comment.start).trim() === '';
    out.push({ code: match[1], reason: match[2], offset: comment.start, standalone });
  }
  return out;
}
