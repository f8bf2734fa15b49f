// Reference diagnostics in the editor: syntactic ones (and inline-secret) at once after a short
// debounce, resolution ones in the background, sharing reads through the reference state (core/references/referenceState.ts);
// a state change re-checks only the documents it names. A newer edit cancels an older run's results.
import * as vscode from 'vscode';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { inlineSecretDiagnostics } from '../../core/references/inlineSecrets';
import { storeDiagnostics } from '../../core/references/storeDiagnostics';
import { storedValueMatch } from '../../core/references/storedValueReference';
import { selfHostedSchemaCheck } from '../../core/references/secretSchemaCheck';
import { DIAGNOSTIC_COLLECTIONS, INLINE_SECRET_CODE } from '../../constants';
import { toDiagnostic } from '../../platform/diagnostics';
import { setting } from '../../platform/settings';
import type { ReferenceService } from './referenceService';

// Only the user's own documents: not previews, secret documents, output or diffs of other schemes.
const CHECKED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);

/** After reads added stored-value hashes, how long to wait before re-checking inline secrets. */
const INLINE_RECHECK_MS = 300;

/** Gap between background documents' re-checks after a refresh (50 documents: 5 s). */
const REFRESH_STAGGER_MS = 100;

/** Extra data of each diagnostic (for quick fixes, e.g. the migration's "Move to a secret store…"). */
const diagnosticData = new WeakMap<vscode.Diagnostic, Record<string, unknown>>();
export function referenceDiagnosticData(diagnostic: vscode.Diagnostic): Record<string, unknown> | undefined {
  return diagnosticData.get(diagnostic);
}

function toVscode(document: vscode.TextDocument, d: CoreDiagnostic): vscode.Diagnostic {
  const diagnostic = toDiagnostic(document, d);
  if (d.data) diagnosticData.set(diagnostic, { ...d.data, path: d.path || d.data.path });
  return diagnostic;
}

export class ReferenceDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTIONS.references);
  private timers = new Map<string, NodeJS.Timeout>();
  private runs = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly service: ReferenceService) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.collection.delete(doc.uri);
        this.cancel(doc.uri.toString());
      }),
      // Only the documents the change is about (a write to one secret: those referencing it).
      service.onDidChange((change) => this.refresh(change.uris)),
      // A value read this session may equal an inline secret: the documents with inline-secret warnings
      // are checked again (once per burst of reads).
      service.services.storedValues.onDidAdd(() => this.inlineSoon()),
      { dispose: () => this.inlineTimer && clearTimeout(this.inlineTimer) },
    );
    this.refresh('all');
  }

  private inlineTimer: NodeJS.Timeout | undefined;

  private inlineSoon(): void {
    if (this.inlineTimer) return;
    this.inlineTimer = setTimeout(() => {
      this.inlineTimer = undefined;
      const uris: string[] = [];
      this.collection.forEach((uri, diagnostics) => {
        if (diagnostics.some((d) => d.code === INLINE_SECRET_CODE && !referenceDiagnosticData(d)?.existing)) uris.push(uri.toString());
      });
      if (uris.length) this.refresh(uris);
    }, INLINE_RECHECK_MS);
  }

  /** Documents re-checked because the reference state changed (tests, benchmarks: not edits or opens). */
  refreshedDocuments = 0;

  /** Re-checks the open documents named (or all): the visible ones at once, the others spread out, so a
   *  refresh with many large files open does not take the extension host away from typing. */
  refresh(uris: readonly string[] | 'all'): void {
    const named = uris === 'all' ? undefined : new Set(uris);
    const visible = new Set(vscode.window.visibleTextEditors.map((editor) => editor.document.uri.toString()));
    let backlog = 0;
    for (const doc of vscode.workspace.textDocuments) {
      const key = doc.uri.toString();
      if (named && !named.has(key)) continue;
      if (!CHECKED_SCHEMES.has(doc.uri.scheme)) continue;
      this.refreshedDocuments++;
      this.schedule(doc, visible.has(key) ? 0 : REFRESH_STAGGER_MS * ++backlog);
    }
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  schedule(document: vscode.TextDocument, delay = setting('diagnosticsDelayMs')): void {
    if (!CHECKED_SCHEMES.has(document.uri.scheme)) return;
    const key = document.uri.toString();
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => void this.run(document), delay),
    );
  }

  /** Computes the document's diagnostics; resolves only the latest run's results. */
  async run(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    this.timers.delete(key);
    const run = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, run);
    const version = document.version;
    const scan = this.service.scan(document);
    const credentialDoc = this.service.credentialDocument(document);
    // "Already in the store": inline values compared (salted hashes, locally) with the values read so far.
    const { stores, storedValues } = this.service.services;
    const match = storedValueMatch(storedValues, {
      config: (name) => stores.config(name),
      targetOf: (ref) => this.service.state.targetOf(ref),
    });
    const inline = () => (credentialDoc ? inlineSecretDiagnostics(credentialDoc, {}, match) : []);
    const syntactic = [...scan.diagnostics, ...inline()];
    this.collection.set(
      document.uri,
      syntactic.map((d) => toVscode(document, d)),
    );
    if (scan.references.length === 0 || this.service.stores.configs().length === 0) return;
    try {
      // Resolve through the service so hovers and completion reuse these reads.
      const resolved = await storeDiagnostics(scan.references, this.service.state, { schemaCheck: selfHostedSchemaCheck(credentialDoc) });
      if (this.runs.get(key) !== run || document.version !== version || document.isClosed) return;
      // The references' reads may have brought values an inline secret equals: compared again.
      this.collection.set(
        document.uri,
        [...scan.diagnostics, ...inline(), ...resolved].sort((a, b) => a.offset - b.offset).map((d) => toVscode(document, d)),
      );
    } catch (error) {
      this.service.services.log.warn(`Reference check of ${document.uri.fsPath} failed: ${error instanceof Error ? error.name : 'error'}`);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
