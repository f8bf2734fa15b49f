// The document model behind diagnostics, completion and hovers. A connections file is kept as one
// entry per connection, each parsed and validated on its own with offsets relative to its start,
// so an edit inside one connection re-parses only that connection and shifts the later ones. An
// edited connection keeps its own text; the whole text is rebuilt only when someone asks for it,
// so typing in an 8 MB file never copies 8 MB.
import type { CoreDiagnostic } from '../diagnostics';
import {
  CONNECTIONS,
  Detection,
  DetectOptions,
  detectByName,
  detectByOverlap,
  isSingleConnection,
  looksLikeConnections,
  PEEK_MEMBERS,
} from './detection';
import { JsoncParser, JsonNode, parseJsonc, SyntaxProblem, TRAILING_COMMA } from './jsonc';
import { getSchema } from './registry';
import { CODES, validateConnection, validateCredential, validateDuplicateKeys } from './validator';

export interface DocumentEntry {
  /** Absolute start (inclusive) and end (exclusive) of the entry's value. */
  start: number;
  end: number;
  /** `connection` in a connections file; `credential` for a document that is one credential. */
  kind: 'connection' | 'credential';
  /** Named entries (`{"prod": {...}}`): the key, and its offset relative to `start` (negative). */
  key?: string;
  keyOffset?: number;
  /**
   * The parsed value, node offsets relative to `start`. Connections keep it only while recently
   * used (see `CredentialDocument.nodeOf`): a tree for 20,000 connections is mostly garbage.
   */
  node: JsonNode | undefined;
  /** Path prefix of diagnostics inside the entry: `[3].`, `prod.` or ''. */
  prefix: string;
  /** Syntax and schema diagnostics, offsets relative to `start`. */
  problems: CoreDiagnostic[];
  /** Where the entry was in the text of the last full parse (`base`), start and end. */
  baseStart: number;
  baseEnd: number;
  /** The entry's own text once edited (otherwise it is `base[baseStart, baseEnd)`). */
  text?: string;
  /**
   * What other modules derived from the entry's text (CredentialDocument.derive), by key, dropped when
   * it is re-parsed. A plain object: 20,000 entries share its shape, where a Map each cost ~100 bytes.
   */
  derived?: Record<string, unknown>;
}

/** Problems reported per document entry (a connection, or the whole credential document). */
const MAX_PROBLEMS_PER_ENTRY = 200;

/** Shared by every connection without problems; never mutated (entries get a new array). */
const NO_PROBLEMS: CoreDiagnostic[] = [];
/** How many connection trees stay parsed. */
const RECENT_NODES = 8;
const ARRAY_OPEN = 91;
const ARRAY_CLOSE = 93;
const OBJECT_OPEN = 123;
const OBJECT_CLOSE = 125;
const COMMA = 44;
const QUOTE = 34;
const COLON = 58;

/** What another module derives from one entry (offsets relative to it), computed while parsing. */
export type EntryDeriver = (doc: CredentialDocument, entry: DocumentEntry) => unknown;
const DERIVERS = new Map<string, EntryDeriver>();

/**
 * Has `derive` run on every connection while its parsed tree is at hand (parseConnections drops the
 * trees of a big file: deriving later would parse all 20,000 connections a second time). Its result is
 * what CredentialDocument.derive(entry, key) returns until the entry is re-parsed.
 */
export function deriveWhileParsing(key: string, derive: EntryDeriver): void {
  DERIVERS.set(key, derive);
}

function syntaxDiagnostic(problem: SyntaxProblem, shift: number, path = ''): CoreDiagnostic {
  return { code: CODES.syntax, severity: 'error', message: problem.message, offset: problem.offset - shift, length: problem.length, path };
}

export class CredentialDocument {
  /** The text of the last full parse; edited entries keep their own text on top of it. */
  private base = '';
  private current: string | undefined;
  private edited = false;
  detection: Detection = { schema: undefined, source: 'none' };
  entries: DocumentEntry[] = [];
  /** Diagnostics outside entries (top-level syntax, duplicate connection names), absolute. */
  private outer: CoreDiagnostic[] = [];
  private cached: CoreDiagnostic[] | undefined;
  /** Connections whose parsed tree is kept (the ones being edited or completed). */
  private recent: DocumentEntry[] = [];

  /** The whole current text (rebuilt from the edited entries when needed). */
  get text(): string {
    this.current ??= this.materialize();
    return this.current;
  }

  /** The current text of one entry, `text.slice(entry.start, entry.end)` without building `text`. */
  entryText(entry: DocumentEntry): string {
    return entry.text ?? this.base.slice(entry.baseStart, entry.baseEnd);
  }

  constructor(
    text: string,
    private options: DetectOptions = {},
  ) {
    this.setText(text);
  }

  /** The document is a file of many connections (each entry has its own `type`). */
  get isConnections(): boolean {
    return this.detection.schema === CONNECTIONS;
  }

  setOptions(options: DetectOptions): void {
    this.options = options;
    this.setText(this.text);
  }

  /** Re-parses everything. */
  setText(text: string): void {
    this.base = text;
    this.current = text;
    this.edited = false;
    this.cached = undefined;
    this.outer = [];
    this.entries = [];
    this.recent = [];
    let detection = detectByName(this.options);
    if (!detection && looksLikeConnections(text)) detection = { schema: CONNECTIONS, source: 'content' };
    // Set before parsing, as the derivers read it; every other outcome below sets its own.
    if (detection?.schema === CONNECTIONS) this.detection = detection;
    if (detection?.schema === CONNECTIONS && this.parseConnections()) return;
    const { root, errors } = parseJsonc(text);
    if ((!detection || detection.schema === CONNECTIONS) && isSingleConnection(root)) {
      this.singleConnection(root!, errors);
      return;
    }
    if (!detection || detection.schema === CONNECTIONS) {
      const schema = detectByOverlap(root);
      detection = schema ? { schema, source: 'overlap' } : { schema: undefined, source: 'none' };
    }
    this.detection = detection;
    const entry: DocumentEntry = {
      start: 0,
      end: text.length,
      kind: 'credential',
      node: root,
      prefix: '',
      problems: [],
      baseStart: 0,
      baseEnd: text.length,
    };
    for (const error of errors) entry.problems.push(syntaxDiagnostic(error, 0));
    const schema = detection.schema ? getSchema(detection.schema) : undefined;
    if (root && schema) validateCredential(root, schema, '', entry.problems);
    else if (root) validateDuplicateKeys(root, '', entry.problems);
    this.entries.push(entry);
  }

  /** A document that is one connection object: one connection entry (path prefix '') spanning the text. */
  private singleConnection(root: JsonNode, errors: SyntaxProblem[]): void {
    const text = this.base;
    this.detection = { schema: CONNECTIONS, source: 'content' };
    const problems = errors.map((error) => syntaxDiagnostic(error, 0));
    validateConnection(root, '', problems);
    this.entries.push({
      start: 0,
      end: text.length,
      kind: 'connection',
      node: root,
      prefix: '',
      problems,
      baseStart: 0,
      baseEnd: text.length,
    });
  }

  /**
   * Applies one edit (as VS Code reports content changes). Re-parses only the connection that
   * contains the edit when the structure around it is unchanged; otherwise everything.
   * Returns true when the update was incremental.
   */
  applyEdit(offset: number, removedLength: number, insertedText: string): boolean {
    if (this.isConnections) {
      const index = this.entryIndexAt(offset);
      const entry = index === -1 ? undefined : this.entries[index];
      if (entry && offset > entry.start && offset + removedLength < entry.end) {
        const delta = insertedText.length - removedLength;
        // Parse the edited connection from its own small string, not the whole new text.
        const old = this.entryText(entry);
        const rel = offset - entry.start;
        const entryText = old.slice(0, rel) + insertedText + old.slice(rel + removedLength);
        const parser = new JsoncParser(entryText);
        const node = parser.parseValue(1);
        if (node && node.closed && parser.pos === entryText.length) {
          entry.text = entryText;
          entry.derived = undefined;
          this.edited = true;
          this.current = undefined;
          this.cached = undefined;
          entry.end += delta;
          entry.problems = parser.errors.map((e) => syntaxDiagnostic(e, 0));
          validateConnection(node, entry.prefix, entry.problems);
          this.keepNode(entry, node);
          const entries = this.entries;
          for (let i = index + 1; i < entries.length; i++) {
            entries[i].start += delta;
            entries[i].end += delta;
          }
          for (const d of this.outer) if (d.offset >= offset) d.offset += delta;
          // Found by its content, a connections file is one because of its first entries: after an edit
          // in one of them, look again, as a fresh parse of the text would.
          if (this.detection.source === 'content' && index < PEEK_MEMBERS && !looksLikeConnections(this.text)) {
            this.setText(this.text);
            return false;
          }
          return true;
        }
      }
    }
    const text = this.text;
    this.setText(text.slice(0, offset) + insertedText + text.slice(offset + removedLength));
    return false;
  }

  /** Rebuilds the whole text: the base between entries, each entry's own or base text. */
  private materialize(): string {
    if (!this.edited) return this.base;
    const parts: string[] = [];
    let at = 0;
    for (const entry of this.entries) {
      parts.push(this.base.slice(at, entry.baseStart), this.entryText(entry));
      at = entry.baseEnd;
    }
    parts.push(this.base.slice(at));
    return parts.join('');
  }

  /** All diagnostics, absolute offsets, in document order. */
  diagnostics(): CoreDiagnostic[] {
    if (this.cached) return this.cached;
    const out: CoreDiagnostic[] = this.outer.slice();
    for (const entry of this.entries) if (entry.problems.length > 0) this.entryProblems(entry, out);
    out.sort((a, b) => a.offset - b.offset);
    this.cached = out;
    return out;
  }

  /** The diagnostics of one entry (absolute offsets, in the entry's order), as diagnostics() shows them. */
  entryProblems(entry: DocumentEntry, out: CoreDiagnostic[] = []): CoreDiagnostic[] {
    // A broken entry can swallow the rest of a huge file; its first problems say what to fix.
    const shown = entry.problems.length > MAX_PROBLEMS_PER_ENTRY ? entry.problems.slice(0, MAX_PROBLEMS_PER_ENTRY) : entry.problems;
    for (const d of shown) out.push({ ...d, offset: d.offset + entry.start });
    if (shown !== entry.problems) {
      const last = shown[shown.length - 1];
      out.push({
        code: last.code,
        severity: 'information',
        message: `${entry.problems.length - shown.length} more problems here are not shown; fix the ones above first.`,
        offset: last.offset + entry.start,
        length: last.length,
        path: last.path,
      });
    }
    return out;
  }

  /** Diagnostics outside every entry (top-level syntax, duplicate connection names), absolute. */
  get outerProblems(): readonly CoreDiagnostic[] {
    return this.outer;
  }

  /**
   * What `compute` derives from one entry's text alone (offsets relative to the entry), computed once
   * until the entry is re-parsed: typing in one connection of 20,000 leaves the other 19,999 as they were.
   */
  derive<T>(entry: DocumentEntry, key: string, compute: () => T): T {
    entry.derived ??= {};
    if (Object.hasOwn(entry.derived, key)) return entry.derived[key] as T;
    const value = compute();
    entry.derived[key] = value;
    return value;
  }

  /** Index of the entry whose span contains `offset` (start..end inclusive), or -1. */
  entryIndexAt(offset: number): number {
    const entries = this.entries;
    let lo = 0;
    let hi = entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const entry = entries[mid];
      if (offset < entry.start) hi = mid - 1;
      else if (offset > entry.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** The parsed value of an entry, re-parsed from the text when it was dropped. */
  nodeOf(entry: DocumentEntry): JsonNode | undefined {
    if (entry.node || entry.kind === 'credential') return entry.node;
    const node = new JsoncParser(this.entryText(entry)).parseValue(1);
    this.keepNode(entry, node);
    return node;
  }

  private keepNode(entry: DocumentEntry, node: JsonNode | undefined): void {
    entry.node = node;
    if (entry.kind !== 'connection' || this.recent.includes(entry)) return;
    this.recent.push(entry);
    if (this.recent.length > RECENT_NODES) this.recent.shift()!.node = undefined;
  }

  entryAt(offset: number): DocumentEntry | undefined {
    const index = this.entryIndexAt(offset);
    return index === -1 ? undefined : this.entries[index];
  }

  /** Parses a connections file entry by entry; false when the root is neither array nor object. */
  private parseConnections(): boolean {
    const text = this.text;
    const parser = new JsoncParser(text);
    const first = parser.skipTrivia();
    if (first !== ARRAY_OPEN && first !== OBJECT_OPEN) return false;
    const named = first === OBJECT_OPEN;
    const close = named ? OBJECT_CLOSE : ARRAY_CLOSE;
    const seenNames = new Set<string>();
    const scratch: CoreDiagnostic[] = [];
    parser.pos++;
    let commaAt = -1;
    let count = 0;
    let closed = false;
    for (;;) {
      let c = parser.skipTrivia();
      if (c === close) {
        if (commaAt !== -1) parser.errors.push({ offset: commaAt, length: 1, message: TRAILING_COMMA });
        parser.pos++;
        closed = true;
        break;
      }
      if (c === -1) break;
      if (count > 0 || commaAt !== -1) {
        if (c === COMMA) {
          if (commaAt !== -1) parser.errors.push({ offset: parser.pos, length: 1, message: 'Value expected' });
          commaAt = parser.pos++;
          continue;
        }
        if (commaAt === -1) parser.errors.push({ offset: parser.pos, length: 1, message: 'Comma expected' });
      }
      commaAt = -1;
      count++;
      let key: string | undefined;
      let keyOffset = 0;
      let keyLength = 0;
      if (named) {
        if (c !== QUOTE) {
          parser.errors.push({ offset: parser.pos, length: 1, message: 'Property name expected' });
          parser.base = 0;
          if (!parser.parseValue(1)) parser.pos++;
          continue;
        }
        parser.base = 0;
        const keyNode = parser.parseString();
        key = keyNode.value as string;
        keyOffset = keyNode.offset;
        keyLength = keyNode.length;
        if (parser.skipTrivia() !== COLON) {
          parser.errors.push({ offset: parser.pos, length: 0, message: 'Colon expected' });
          continue;
        }
        parser.pos++;
        c = parser.skipTrivia();
        if (seenNames.has(key)) {
          this.outer.push({
            code: CODES.duplicateKey,
            severity: 'error',
            message: `Duplicate connection name "${key}".`,
            offset: keyOffset,
            length: keyLength,
            path: key,
            data: { key },
          });
        }
        seenNames.add(key);
      }
      const start = parser.pos;
      const before = parser.errors.length;
      parser.base = start;
      const node = parser.parseValue(1);
      if (!node) {
        parser.errors.push({ offset: parser.pos, length: 1, message: 'Value expected' });
        if (c !== close && c !== COMMA) parser.pos++;
        continue;
      }
      const prefix = named ? `${key}.` : `[${this.entries.length}].`;
      let problems = NO_PROBLEMS;
      if (parser.errors.length > before) problems = parser.errors.splice(before).map((e) => syntaxDiagnostic(e, start));
      validateConnection(node, prefix, scratch);
      if (scratch.length > 0) {
        problems = problems === NO_PROBLEMS ? scratch.slice() : problems.concat(scratch);
        scratch.length = 0;
      }
      const entry: DocumentEntry = {
        start,
        end: parser.pos,
        kind: 'connection',
        node: undefined,
        prefix,
        problems,
        baseStart: start,
        baseEnd: parser.pos,
      };
      if (named) {
        entry.key = key;
        entry.keyOffset = keyOffset - start;
      }
      if (DERIVERS.size > 0) {
        // The tree is relative to the entry, as nodeOf() would parse it again.
        entry.node = node;
        const derived: Record<string, unknown> = {};
        for (const [name, derive] of DERIVERS) derived[name] = derive(this, entry);
        entry.derived = derived;
        entry.node = undefined;
      }
      this.entries.push(entry);
    }
    if (!closed) parser.errors.push({ offset: parser.pos, length: 0, message: named ? "Expected '}'" : "Expected ']'" });
    else if (parser.skipTrivia() !== -1) {
      parser.errors.push({ offset: parser.pos, length: text.length - parser.pos, message: 'End of file expected' });
    }
    for (const error of parser.errors) this.outer.push(syntaxDiagnostic(error, 0));
    return true;
  }
}
