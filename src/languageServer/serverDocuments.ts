// The open documents of a language-server client, kept in step with incremental sync: each change is
// applied to the text and its lines (ServerText, on the core's LineIndex) and, for JSON/JSONC documents,
// to the one credential model (CredentialDocument.applyEdit: a big connections file re-parses only the
// edited connection).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { ChunkedText } from '../core/chunkedText';
import { LineIndex } from '../core/lineIndex';
import type { ReferenceDocument } from '../core/references/referenceState';
import { CredentialDocument, DetectOptions, type DocumentEntry } from '../core/schemas';

const JSON_LANGUAGES = new Set(['json', 'jsonc']);

/**
 * An open document's text, version and lines, in LSP positions. Its lines are split when first asked
 * (a document that gets no position request costs none) and then kept in step with each edit. The
 * text is chunked (core/chunkedText.ts): a keystroke copies one chunk, and the whole string is built
 * only when a feature asks for it (getText), once per version.
 */
export class ServerText {
  private lines: LineIndex | undefined;
  private content: ChunkedText;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.content = ChunkedText.of(text);
  }

  getText(): string {
    return this.content.toString();
  }

  /** The text without building it whole (for readers of a few characters around an offset). */
  get chunks(): ChunkedText {
    return this.content;
  }

  get lineCount(): number {
    return this.index().lineCount;
  }

  positionAt(offset: number): Position {
    return this.index().positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.index().offsetAt(position);
  }

  /** [start, end) replaced by `inserted`. */
  replace(start: number, end: number, inserted: string, version: number): void {
    const text = this.content.replaced(start, end, inserted);
    this.lines?.edit(start, end, inserted, text);
    this.content = text;
    this.version = version;
  }

  /** The whole text replaced. */
  setText(text: string, version: number): void {
    this.content = ChunkedText.of(text);
    this.lines = undefined;
    this.version = version;
  }

  private index(): LineIndex {
    this.lines ??= new LineIndex(this.content.toString());
    return this.lines;
  }
}

export interface OpenDocument {
  text: ServerText;
  /** The credential model of a JSON/JSONC document, undefined for others (YAML, .env, Python, text). */
  model?: CredentialDocument;
  /** The edits since the diagnostics were last worked out (taken by the server when it does). */
  edits: DocumentEdit[];
}

/** What one content change did: which connection of the model it re-parsed alone, and whether lines moved. */
export interface DocumentEdit {
  /** The connection entry the model re-parsed in place (incremental); undefined when everything was parsed again, or no model. */
  entry?: DocumentEntry;
  /** The change added or removed a line break: every later position moved. */
  lines: boolean;
}

/** The file path of a `file:` URI, else the URI's path. */
export function uriPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : new URL(uri).pathname;
  } catch {
    return uri;
  }
}

function isJson(languageId: string, uri: string): boolean {
  return JSON_LANGUAGES.has(languageId) || /\.jsonc?$/i.test(path.extname(uriPath(uri)));
}

export class ServerDocuments {
  private readonly open = new Map<string, OpenDocument>();

  /** `detectOptions(uri)`: what maps the file to a schema (its name, credentialFiles, .secretref.json). */
  constructor(private readonly detectOptions: (uri: string) => DetectOptions) {}

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  all(): IterableIterator<[string, OpenDocument]> {
    return this.open.entries();
  }

  opened(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const document: OpenDocument = { text: new ServerText(uri, languageId, version, text), edits: [] };
    if (isJson(languageId, uri)) document.model = new CredentialDocument(text, this.detectOptions(uri));
    this.open.set(uri, document);
    return document;
  }

  /** Applies the changes in order (LSP: each is relative to the text the previous one left). */
  changed(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const document = this.open.get(uri);
    if (!document) return undefined;
    for (const change of changes) {
      if ('range' in change) {
        const start = document.text.offsetAt(change.range.start);
        const end = Math.max(start, document.text.offsetAt(change.range.end));
        document.text.replace(start, end, change.text, version);
        const incremental = document.model?.applyEdit(start, end - start, change.text) === true;
        document.edits.push({
          entry: incremental ? document.model?.entryAt(start) : undefined,
          lines: change.range.start.line !== change.range.end.line || /[\r\n]/.test(change.text),
        });
      } else {
        document.text.setText(change.text, version);
        document.model?.setText(change.text);
        document.edits.push({ lines: true });
      }
    }
    return document;
  }

  closed(uri: string): void {
    this.open.delete(uri);
  }

  /** Detection options changed (settings or a .secretref.json): every model detects again. */
  redetect(): void {
    for (const [uri, document] of this.open) document.model?.setOptions(this.detectOptions(uri));
  }
}

/** An open document as the reference state sees it. */
export function referenceDocument(document: OpenDocument): ReferenceDocument {
  return { uri: document.text.uri, version: document.text.version, getText: () => document.text.getText() };
}
