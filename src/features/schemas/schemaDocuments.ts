// One CredentialDocument per open JSON/JSONC document, kept in step with the editor by applying
// each content change incrementally (a big connections file re-parses only the edited connection).
// The one holder of the model (Services.documents): schema and reference features, the inline-secret
// quick fix, migration and Write Secret all read the model it keeps.
import * as vscode from 'vscode';
import { CredentialDocument, DetectOptions } from '../../core/schemas';
import { SCHEMA_SELECTOR, STATE_KEYS } from '../../constants';
import { affectsSettings, setting } from '../../platform/settings';
import type { ProjectConfigs } from './projectConfigs';

interface Tracked {
  model: CredentialDocument;
  version: number;
}

export class SchemaDocuments implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly detectionChanged = new vscode.EventEmitter<void>();
  /** Fires after a document's model changed (text, detection options or a schema pick). */
  readonly onDidChange = this.changed.event;
  /** Fires after what maps files to schemas changed: `secretref.credentialFiles` or a `.secretref.json`. */
  readonly onDidChangeDetection = this.detectionChanged.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly projectConfigs?: ProjectConfigs,
  ) {
    const redetect = () => {
      for (const document of vscode.workspace.textDocuments) this.refresh(document);
      this.detectionChanged.fire();
    };
    this.disposables.push(
      this.detectionChanged,
      vscode.workspace.onDidChangeTextDocument((event) => this.applyChanges(event)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.tracked.delete(document.uri.toString());
        // Untitled URIs are reused for the next new document: forget their pick.
        if (document.isUntitled && this.picked(document)) void this.pick(document, undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSettings(event, 'credentialFiles')) redetect();
      }),
    );
    if (projectConfigs) this.disposables.push(projectConfigs.onDidChange(redetect));
  }

  static applies(document: vscode.TextDocument): boolean {
    return vscode.languages.match(SCHEMA_SELECTOR, document) > 0;
  }

  /** The up-to-date model of a JSON/JSONC document, or undefined for other documents. */
  get(document: vscode.TextDocument): CredentialDocument | undefined {
    if (!SchemaDocuments.applies(document)) return undefined;
    const key = document.uri.toString();
    const tracked = this.tracked.get(key);
    if (tracked && tracked.version === document.version) return tracked.model;
    if (tracked) {
      tracked.model.setText(document.getText());
      tracked.version = document.version;
      return tracked.model;
    }
    const model = new CredentialDocument(document.getText(), this.options(document));
    this.tracked.set(key, { model, version: document.version });
    return model;
  }

  /** The schema picked by the user for a document, if any. */
  picked(document: vscode.TextDocument): string | undefined {
    return this.picks()[document.uri.toString()];
  }

  async pick(document: vscode.TextDocument, schema: string | undefined): Promise<void> {
    const picks = { ...this.picks() };
    if (schema) picks[document.uri.toString()] = schema;
    else delete picks[document.uri.toString()];
    await this.state.update(STATE_KEYS.schemaPicks, picks);
    this.refresh(document);
  }

  /** Re-detects with the current settings and picks. */
  refresh(document: vscode.TextDocument): void {
    const tracked = this.tracked.get(document.uri.toString());
    if (!tracked) return;
    tracked.model.setOptions(this.options(document));
    this.changed.fire(document);
  }

  /**
   * The glob → schema map for a document: `secretref.credentialFiles` first (the user's and the workspace's
   * settings), then the globs of its folder's `.secretref.json` that apply to it.
   */
  credentialFiles(uri: vscode.Uri): Record<string, string> {
    const own = setting('credentialFiles', uri);
    const project = Object.entries(this.projectConfigs?.credentialFiles(uri) ?? {}).filter(([glob]) => !(glob in own));
    return { ...own, ...Object.fromEntries(project) };
  }

  private options(document: vscode.TextDocument): DetectOptions {
    return { fileName: document.uri.path, forcedSchema: this.picked(document), credentialFiles: this.credentialFiles(document.uri) };
  }

  private picks(): Record<string, string> {
    return this.state.get<Record<string, string>>(STATE_KEYS.schemaPicks, {});
  }

  private applyChanges(event: vscode.TextDocumentChangeEvent): void {
    const tracked = this.tracked.get(event.document.uri.toString());
    if (!tracked || event.contentChanges.length === 0 || tracked.version === event.document.version) return;
    if (tracked.version !== event.document.version - 1) {
      // Missed an event: start over from the editor's text.
      tracked.model.setText(event.document.getText());
    } else {
      // Each change's offsets refer to the text before the event: apply from the end backwards.
      const changes = [...event.contentChanges].sort((a, b) => b.rangeOffset - a.rangeOffset);
      for (const change of changes) tracked.model.applyEdit(change.rangeOffset, change.rangeLength, change.text);
    }
    tracked.version = event.document.version;
    this.changed.fire(event.document);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.tracked.clear();
  }
}
