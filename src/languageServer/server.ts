// secretref's language server: the extension's features for any LSP client, on the same core
// (schemas, references, reference state, stores) with the CLI's stores file and credentials
// (serverOptions.ts). Incremental sync; diagnostics pushed (or pulled, when the client asks for them);
// completion, hover (masked: no value ever goes over the protocol, there is no reveal), code actions
// (the schema quick fixes; "Move to a secret store…" as a command confirmed in the client).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionList,
  Connection,
  Diagnostic,
  DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  InitializeResult,
  Location,
  MarkupKind,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { INLINE_SECRET_CODE } from '../constants';
import type { CoreDiagnostic } from '../core/diagnostics';
import { completionSiteAt } from '../core/references/completionSite';
import { hoverMarkdown } from '../core/references/hoverContent';
import { entryInlineSecretDiagnostics, inlineSecretDiagnostics, inlineSecretFixAt } from '../core/references/inlineSecrets';
import { scanReferences } from '../core/references/scanner';
import { referenceCompletions } from '../core/references/referenceCompletions';
import { endIdleWorkers, indexText, refreshIndex } from '../core/references/indexBuilder';
import { indexQueryOf, ReferenceIndex } from '../core/references/referenceIndex';
import { ReferenceState } from '../core/references/referenceState';
import { storeDiagnostics } from '../core/references/storeDiagnostics';
import { schemaFromDocument, selfHostedSchemaCheck } from '../core/references/secretSchemaCheck';
import { EMPTY_REFERENCE_SETTINGS, type ReferenceSettings } from '../core/references/settings';
import {
  computeCompletions,
  computeDocumentQuickFixes,
  computeHover,
  type CredentialDocument,
  type DetectOptions,
  type DocumentEntry,
} from '../core/schemas';
import { EMPTY_PROJECT_CONFIG, projectCredentialFiles, readProjectConfig, type ProjectConfig } from '../core/workspace/projectConfig';
import { isMoveArguments, moveToStore } from './moveToStore';
import {
  plainMarkdown,
  referenceCompletionItem,
  sameDiagnostic,
  schemaCompletionItem,
  showMessage,
  toDiagnostic,
  toRange,
} from './protocol';
import { type OpenDocument, referenceDocument, ServerDocuments, uriPath } from './serverDocuments';
import { replaceWindow, sameItems, type LineWindow, type Shown } from './shownDiagnostics';
import { loadServerReferenceSettings, loadServerStores, type LoadedStores, type ServerOptions, serverOptions } from './serverOptions';

function byOffset(diagnostics: CoreDiagnostic[]): CoreDiagnostic[] {
  return diagnostics.sort((a, b) => a.offset - b.offset);
}

/** The command of the "Move to a secret store…" code action (workspace/executeCommand). */
export const MOVE_TO_STORE_COMMAND = 'secretref.moveToSecretStore';

export class SecretrefLanguageServer {
  private options: ServerOptions = serverOptions(undefined);
  private root: string | undefined;
  private project: ProjectConfig | undefined;
  private settings: ReferenceSettings = EMPTY_REFERENCE_SETTINGS;
  private stores: LoadedStores | undefined;
  private state: ReferenceState | undefined;
  private snippets = false;
  /** The client pulls diagnostics (textDocument/diagnostic): nothing is pushed. */
  private pulls = false;
  private readonly runs = new Map<string, number>();
  /** What the client holds of each open document's diagnostics, and the last resultId given. */
  private readonly shown = new Map<string, Shown>();
  private results = 0;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly documents = new ServerDocuments((uri) => this.detectOptions(uri));
  /** The workspace reference index (references, definition), built in the background when the client gives a folder. */
  private index: ReferenceIndex | undefined;
  private indexReady: Promise<unknown> = Promise.resolve();
  /** Open documents whose text the index has not seen yet (indexed when a request needs it, not per keystroke). */
  private readonly unindexed = new Set<string>();

  constructor(
    private readonly connection: Connection,
    env: NodeJS.ProcessEnv,
  ) {
    connection.onInitialize(async (params) => {
      this.options = serverOptions(params.initializationOptions);
      const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
      this.root = folder ? uriPath(folder) : undefined;
      const problems: string[] = [];
      if (this.root) {
        try {
          this.project = readProjectConfig(this.root);
        } catch (error) {
          problems.push(error instanceof Error ? error.message : String(error));
        }
      }
      this.settings = loadServerReferenceSettings(this.options, this.root, problems);
      this.stores = await loadServerStores(this.options, this.root, env);
      problems.push(...this.stores.problems);
      this.state = new ReferenceState({
        stores: this.stores.manager,
        settings: () => this.settings,
        ttlMs: () => this.options.cacheTtlSeconds * 1000,
        watchStores: true,
      });
      this.state.onDidChange((change) => this.refresh(change.uris));
      const text = params.capabilities.textDocument;
      this.snippets = text?.completion?.completionItem?.snippetSupport === true;
      this.pulls = text?.diagnostic !== undefined;
      // Said once the client is ready to show it: a stores file that could not be read, a config left out.
      connection.onInitialized(() => {
        for (const problem of problems) showMessage(connection, 'warning', `secretref: ${problem}`);
        if (this.root) this.buildIndex(this.root);
      });
      const result: InitializeResult = {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          completionProvider: { triggerCharacters: ['"', ':', '(', '.', '/', "'", ' '] },
          hoverProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          executeCommandProvider: { commands: [MOVE_TO_STORE_COMMAND] },
          diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
          referencesProvider: true,
          definitionProvider: true,
        },
        serverInfo: { name: 'secretref-language-server' },
      };
      return result;
    });
    connection.onDidOpenTextDocument(({ textDocument: d }) => {
      this.documents.opened(d.uri, d.languageId, d.version, d.text);
      this.unindexed.add(d.uri);
      this.schedule(d.uri);
    });
    connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      if (!this.documents.changed(textDocument.uri, textDocument.version, contentChanges)) return;
      this.unindexed.add(textDocument.uri);
      this.schedule(textDocument.uri);
    });
    connection.onDidCloseTextDocument(({ textDocument }) => {
      this.documents.closed(textDocument.uri);
      this.shown.delete(textDocument.uri);
      this.state?.forget(textDocument.uri);
      const timer = this.timers.get(textDocument.uri);
      if (timer) clearTimeout(timer);
      this.timers.delete(textDocument.uri);
      if (!this.pulls) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    });
    connection.languages.diagnostics.on(async ({ textDocument, previousResultId }) => this.pulled(textDocument.uri, previousResultId));
    connection.onCompletion(async ({ textDocument, position }) => this.completion(textDocument.uri, position));
    connection.onHover(async ({ textDocument, position }) => this.hover(textDocument.uri, position));
    connection.onReferences(async ({ textDocument, position }) => this.references(textDocument.uri, position));
    connection.onDefinition(({ textDocument, position }) => this.definition(textDocument.uri, position));
    connection.onCodeAction(({ textDocument, range, context }) => {
      const document = this.documents.get(textDocument.uri);
      if (!document) return [];
      return this.codeActions(document, document.text.offsetAt(range.start), document.text.offsetAt(range.end), context.diagnostics);
    });
    connection.onExecuteCommand(async ({ command, arguments: args }) => {
      const arg: unknown = args?.[0];
      if (command !== MOVE_TO_STORE_COMMAND || !isMoveArguments(arg) || !this.stores) return;
      const document = this.documents.get(arg.uri);
      if (!document) {
        showMessage(connection, 'error', 'Move to a secret store: open the file first.');
        return;
      }
      await moveToStore(connection, document, arg, this.stores, this.credentialFiles(arg.uri), env);
    });
    connection.onShutdown(() => this.dispose());
  }

  private credentialFiles(uri: string): Record<string, string> {
    const own = this.options.credentialFiles;
    if (!this.project || !this.root) return own;
    const rel = path.relative(this.root, uriPath(uri)).split(path.sep).join('/');
    const project = Object.entries(projectCredentialFiles(this.project, rel)).filter(([glob]) => !(glob in own));
    return { ...own, ...Object.fromEntries(project) };
  }

  private detectOptions(uri: string): DetectOptions {
    return { fileName: uriPath(uri), credentialFiles: this.credentialFiles(uri) };
  }

  // --- Diagnostics.

  /** Schema diagnostics, reference syntax and inline secrets: from the models held, no store asked. Sorted. */
  private syntactic(document: OpenDocument): CoreDiagnostic[] {
    const { model } = document;
    const scan = this.state ? this.state.scan(referenceDocument(document)) : undefined;
    return byOffset([
      ...(model?.detection.schema ? model.diagnostics() : []),
      ...(scan?.diagnostics ?? []),
      ...(model ? inlineSecretDiagnostics(model) : []),
    ]);
  }

  /** The resolution diagnostics, through the reference state (shared with hover and completion); undefined when nothing is to resolve. */
  private async resolved(document: OpenDocument): Promise<CoreDiagnostic[] | undefined> {
    if (!this.state) return undefined;
    const { references } = this.state.scan(referenceDocument(document));
    if (references.length === 0 || this.state.configs().length === 0) return undefined;
    return storeDiagnostics(references, this.state, { schemaCheck: selfHostedSchemaCheck(document.model) });
  }

  /** syntactic() of one connection entry: its schema problems, its reference syntax and its inline secrets. Sorted. */
  private entrySyntactic(model: CredentialDocument, entry: DocumentEntry): CoreDiagnostic[] {
    const own = model.detection.schema ? model.entryProblems(entry) : [];
    for (const d of scanReferences(model.entryText(entry)).diagnostics) own.push({ ...d, offset: d.offset + entry.start });
    own.push(...entryInlineSecretDiagnostics(model, entry));
    return byOffset(own);
  }

  /** resolved() of one connection entry; undefined when no store is configured. */
  private async entryResolved(document: OpenDocument, entry: DocumentEntry): Promise<CoreDiagnostic[] | undefined> {
    if (!this.state || this.state.configs().length === 0) return undefined;
    const inside = this.state
      .scan(referenceDocument(document))
      .references.filter((ref) => ref.offset >= entry.start && ref.offset < entry.end);
    return inside.length === 0 ? [] : storeDiagnostics(inside, this.state, { schemaCheck: selfHostedSchemaCheck(document.model) });
  }

  /**
   * The lines of the one connection the edits since the last diagnostics touched, when only they can
   * have changed: the edits were all re-parsed in that connection, none added or removed a line, no
   * other connection or top-level problem shares its first or last line, and the client holds
   * complete diagnostics. Takes the document's edits.
   */
  private editWindow(document: OpenDocument): { entry: DocumentEntry; window: LineWindow } | undefined {
    const edits = document.edits.splice(0);
    const { model } = document;
    const entry = edits[0]?.entry;
    if (!model || !entry || !this.shown.get(document.text.uri)?.complete) return undefined;
    if (edits.some((edit) => edit.lines || edit.entry !== entry)) return undefined;
    const index = model.entryIndexAt(entry.start);
    if (model.entries[index] !== entry) return undefined;
    const line = (offset: number) => document.text.positionAt(offset).line;
    const window = { from: line(entry.start), to: line(entry.end) };
    const before = model.entries[index - 1];
    const after = model.entries[index + 1];
    if ((before && line(before.end) >= window.from) || (after && line(after.start) <= window.to)) return undefined;
    if (model.outerProblems.some((d) => line(d.offset) >= window.from && line(d.offset) <= window.to)) return undefined;
    return { entry, window };
  }

  /**
   * Works the document's diagnostics out (phase 1: syntactic, then 2: with the stores' resolution),
   * from the edited connection alone where editWindow() allows, and records what the client holds;
   * `onChanged` is told each phase's items when they differ from what the client held. Returns what
   * is held at the end, or undefined when a newer run took over.
   */
  private async update(
    document: OpenDocument,
    onChanged: (shown: Shown) => Promise<void> = async () => undefined,
  ): Promise<Shown | undefined> {
    const { uri } = document.text;
    const run = (this.runs.get(uri) ?? 0) + 1;
    this.runs.set(uri, run);
    const version = document.text.version;
    const current = () => this.runs.get(uri) === run && this.documents.get(uri) === document && document.text.version === version;
    const edit = this.editWindow(document);
    const lsp = (items: readonly CoreDiagnostic[]) => items.map((d) => toDiagnostic(document.text, d));
    const hold = async (items: Diagnostic[] | 'unchanged', complete: boolean) => {
      const held = this.shown.get(uri);
      // Worked out whole, the same list again is no change either.
      if (held && (items === 'unchanged' || sameItems(items, held.items))) {
        this.shown.set(uri, { ...held, version, complete });
        return;
      }
      const shown = { version, items: items === 'unchanged' ? [] : items, resultId: String(++this.results), complete };
      this.shown.set(uri, shown);
      await onChanged(shown);
    };
    // A window whose neighbours moved into it after all (a diagnostic reaching in): everything again.
    const place = (items: CoreDiagnostic[]) => {
      const held = this.shown.get(uri);
      if (!edit || !held) return lsp(items);
      const placed = replaceWindow(held.items, edit.window, lsp(items));
      return placed === 'overlap' ? undefined : placed;
    };
    const model = document.model;
    let syntactic = edit && model ? this.entrySyntactic(model, edit.entry) : this.syntactic(document);
    let first = place(syntactic);
    let whole = !edit;
    if (first === undefined) {
      syntactic = this.syntactic(document);
      first = lsp(syntactic);
      whole = true;
    }
    const resolving = whole ? this.resolved(document) : this.entryResolved(document, edit!.entry);
    await hold(first, false);
    try {
      const resolved = await resolving;
      if (!current()) return undefined;
      if (!resolved) {
        this.shown.set(uri, { ...this.shown.get(uri)!, complete: true });
        return this.shown.get(uri);
      }
      const all = byOffset([...syntactic, ...resolved]);
      const second = whole ? lsp(all) : place(all);
      await hold(second ?? lsp(byOffset([...this.syntactic(document), ...((await this.resolved(document)) ?? [])])), true);
    } catch (error) {
      this.connection.console.warn(
        `secretref: checking the references of ${uri} failed (${error instanceof Error ? error.name : 'error'}).`,
      );
    }
    return current() ? this.shown.get(uri) : undefined;
  }

  /** Every diagnostic of the document (textDocument/diagnostic): "unchanged" when the client holds them already. */
  private async pulled(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    const document = this.documents.get(uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const shown = (await this.update(document)) ?? this.shown.get(uri);
    if (!shown) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    if (previousResultId !== undefined && previousResultId === shown.resultId) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: shown.resultId };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId: shown.resultId, items: shown.items };
  }

  private schedule(uri: string): void {
    if (this.pulls) return;
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    // Edits that arrive together are checked once.
    this.timers.set(
      uri,
      setTimeout(() => void this.publish(uri), 0),
    );
  }

  /** Pushes the syntactic diagnostics at once, then all of them once the references resolved, each only when it changed; a newer run wins. */
  private async publish(uri: string): Promise<void> {
    this.timers.delete(uri);
    const document = this.documents.get(uri);
    if (!document) return;
    await this.update(document, async (shown) => {
      await this.connection.sendDiagnostics({ uri, version: shown.version, diagnostics: shown.items });
    });
  }

  /** The reference state changed (a store's status, a write): the documents it names are checked again. */
  private refresh(uris: readonly string[] | 'all'): void {
    if (this.pulls) {
      for (const [uri, document] of this.documents.all()) if (uris === 'all' || uris.includes(uri)) document.edits.push({ lines: true });
      // A client that does not support the refresh request answers it with an error: it pulls on its own.
      this.connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    for (const [uri, document] of this.documents.all()) {
      if (uris !== 'all' && !uris.includes(uri)) continue;
      // What the stores say can change anywhere in the file: no edit window.
      document.edits.push({ lines: true });
      this.schedule(uri);
    }
  }

  // --- Completion and hover.

  private async completion(uri: string, position: { line: number; character: number }): Promise<CompletionList> {
    const document = this.documents.get(uri);
    if (!document || !this.state) return { isIncomplete: false, items: [] };
    const offset = document.text.offsetAt(position);
    const items: CompletionItem[] = [];
    let isIncomplete = false;
    const site = completionSiteAt(document.text.chunks, offset);
    if (site) {
      const entries = await referenceCompletions(site, { state: this.state, settings: () => this.settings, offset }).catch(() => []);
      items.push(...entries.map((entry) => referenceCompletionItem(document.text, entry, site.start, position)));
      // A failed listing is asked again on the next keystroke: the store may be back.
      isIncomplete = entries.some((entry) => entry.kind === 'issue');
    }
    if (document.model?.detection.schema) {
      items.push(
        ...computeCompletions(document.model, offset).map((entry) => schemaCompletionItem(document.text, entry, position, this.snippets)),
      );
    }
    return { isIncomplete, items };
  }

  private async hover(uri: string, position: { line: number; character: number }) {
    const document = this.documents.get(uri);
    if (!document || !this.state) return null;
    const offset = document.text.offsetAt(position);
    const ref = this.state.referenceAt(referenceDocument(document), offset);
    if (ref) {
      const [resolution, metadata] = await Promise.all([this.state.resolve(ref), this.state.metadata(ref)]);
      // Masked, always: the server has no reveal, and hover text goes to the client.
      const markdown = hoverMarkdown({
        ref,
        resolution,
        metadata,
        revealed: false,
        revealSeconds: 0,
        links: {},
        schemaHint: ref.kind === 'self-hosted' && document.model ? schemaFromDocument(document.model, ref) : undefined,
      });
      return {
        contents: { kind: MarkupKind.Markdown, value: plainMarkdown(markdown) },
        range: toRange(document.text, ref.offset, ref.length),
      };
    }
    const hover = document.model?.detection.schema ? computeHover(document.model, offset) : undefined;
    if (!hover) return null;
    return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(document.text, hover.offset, hover.length) };
  }

  // --- The workspace index: references and definition.

  private buildIndex(root: string): void {
    const index = new ReferenceIndex({ configs: () => this.state?.configs() ?? [], settings: () => this.settings });
    this.index = index;
    this.indexReady = refreshIndex(index, { root, config: this.project ?? EMPTY_PROJECT_CONFIG }).catch((error: unknown) => {
      this.connection.console.warn(`secretref: indexing ${root} failed (${error instanceof Error ? error.message : 'error'}).`);
    });
  }

  /** The index's file name of a URI inside the workspace folder, else undefined. */
  private indexFile(uri: string): string | undefined {
    if (!this.root) return undefined;
    const rel = path.relative(this.root, uriPath(uri));
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
  }

  private async references(uri: string, position: { line: number; character: number }): Promise<Location[] | null> {
    const document = this.documents.get(uri);
    if (!document || !this.state) return null;
    const offset = document.text.offsetAt(position);
    const ref = this.state.referenceAt(referenceDocument(document), offset);
    if (!ref) return null;
    const here: Location = { uri, range: toRange(document.text, ref.offset, ref.length) };
    const query = indexQueryOf(this.state, ref, offset);
    if (!query || !this.index || !this.root) return [here];
    await this.indexReady;
    // Open documents count with their unsaved text (as in the editor's index).
    for (const open of this.unindexed) {
      const held = this.documents.get(open);
      const file = this.indexFile(open);
      if (held && file) indexText(this.index, file, held.text.getText());
    }
    this.unindexed.clear();
    const root = this.root;
    const locations = this.index.referencesTo(query).map((hit) => ({
      uri: pathToFileURL(path.join(root, hit.file)).href,
      range: {
        start: { line: hit.ref.line - 1, character: hit.ref.column - 1 },
        end: { line: hit.ref.endLine - 1, character: hit.ref.endColumn - 1 },
      },
    }));
    const same = (l: Location) =>
      l.uri === here.uri && l.range.start.line === here.range.start.line && l.range.start.character === here.range.start.character;
    return locations.some(same) ? locations : [here, ...locations];
  }

  /** A reference's definition: the store config it resolves through, in the stores file. */
  private definition(uri: string, position: { line: number; character: number }): Location | null {
    const document = this.documents.get(uri);
    if (!document || !this.state || !this.stores?.file) return null;
    const ref = this.state.referenceAt(referenceDocument(document), document.text.offsetAt(position));
    const found = ref ? this.state.targetOf(ref) : undefined;
    if (!found || 'problem' in found) return null;
    let text: string;
    try {
      text = fs.readFileSync(this.stores.file, 'utf8');
    } catch {
      return null;
    }
    const name = JSON.stringify(found.target.store).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`"name"\\s*:\\s*${name}`).exec(text);
    if (!match) return null;
    const before = text.slice(0, match.index).split('\n');
    const line = before.length - 1;
    const character = before[line].length;
    return {
      uri: pathToFileURL(this.stores.file).href,
      range: { start: { line, character }, end: { line, character: character + match[0].length } },
    };
  }

  // --- Code actions.

  private codeActions(document: OpenDocument, start: number, end: number, shown: Diagnostic[]): CodeAction[] {
    const { model } = document;
    if (!model) return [];
    const actions: CodeAction[] = [];
    const touches = (d: CoreDiagnostic) => d.offset <= end && d.offset + d.length >= start;
    if (model.detection.schema) {
      const all = model.diagnostics();
      for (const core of all) {
        const matching = shown.filter((d) => sameDiagnostic(document.text, core, d));
        if (!touches(core) && matching.length === 0) continue;
        for (const fix of computeDocumentQuickFixes(model, core, all)) {
          if (actions.some((a) => a.title === fix.title)) continue;
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            isPreferred: fix.isPreferred,
            diagnostics: shown.filter((d) => fix.diagnostics.some((c) => sameDiagnostic(document.text, c, d))),
            edit: {
              changes: {
                [document.text.uri]: fix.edits.map((e) => ({ range: toRange(document.text, e.offset, e.length), newText: e.newText })),
              },
            },
          });
        }
      }
    }
    const seen = new Set<number>();
    for (const warning of inlineSecretDiagnostics(model).filter(touches)) {
      const fix = inlineSecretFixAt(model, warning.offset);
      if (!fix || seen.has(fix.start)) continue;
      seen.add(fix.start);
      const title = `Move to a secret store…${fix.name ? ` (${fix.name})` : ''}`;
      actions.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: shown.filter(
          (d) =>
            d.code === INLINE_SECRET_CODE &&
            document.text.offsetAt(d.range.start) >= fix.start &&
            document.text.offsetAt(d.range.start) < fix.end,
        ),
        // The client runs it; the server asks the user (window/showMessageRequest) before anything is written.
        command: { title, command: MOVE_TO_STORE_COMMAND, arguments: [{ uri: document.text.uri, connection: fix.connection }] },
      });
    }
    return actions;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.state?.dispose();
    this.stores?.manager.dispose();
    void endIdleWorkers();
  }
}
