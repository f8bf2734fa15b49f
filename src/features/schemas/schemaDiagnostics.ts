// Publishes schema diagnostics for credential documents, debounced per document; the model is
// already up to date (incremental), so a publish costs the diagnostics of the file, not a parse.
import * as vscode from 'vscode';
import { DIAGNOSTIC_COLLECTIONS } from '../../constants';
import type { SchemaDocuments } from './schemaDocuments';
import { toDiagnostic } from '../../platform/diagnostics';
import { CODES } from '../../core/schemas';

const DEBOUNCE_MS = 120;
/** Languages whose syntax errors VS Code's JSON language service already reports (in its own words). */
const VALIDATED_BY_VSCODE = new Set(['json', 'jsonc']);

export class SchemaDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTIONS.schemas);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly documents: SchemaDocuments) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.publish(document)),
      documents.onDidChange((document) => this.schedule(document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cancel(document.uri.toString());
        this.collection.delete(document.uri);
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.publish(document);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.publish(document);
      }, DEBOUNCE_MS),
    );
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  publish(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    const model = this.documents.get(document);
    if (!model?.detection.schema) {
      this.collection.delete(document.uri);
      return;
    }
    // A syntax error reported twice, in two wordings, is noise: leave syntax to VS Code where it
    // validates, keep it where it does not (and in the CLI's check).
    const ownSyntax = !VALIDATED_BY_VSCODE.has(document.languageId);
    const diagnostics = model.diagnostics().filter((d) => ownSyntax || d.code !== CODES.syntax);
    this.collection.set(
      document.uri,
      diagnostics.map((d) => toDiagnostic(document, d)),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}
