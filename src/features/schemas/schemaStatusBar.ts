// Status bar item with the schema of the active credential document and how it was found; a
// click picks another schema (or automatic detection), remembered per document.
import * as vscode from 'vscode';
import { CONNECTIONS, getSchema, schemaNames } from '../../core/schemas';
import type { SchemaDocuments } from './schemaDocuments';
import { COMMANDS, STATUS_BAR_ITEMS } from '../../constants';

const SOURCES: Record<string, string> = {
  option: 'picked by you',
  fileName: 'from the file name',
  setting: 'from secretref.credentialFiles or .secretref.json',
  content: 'a connections file',
  overlap: 'guessed from its fields',
};
const AUTO = 'Detect automatically';

export class SchemaStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ITEMS.schema, vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly documents: SchemaDocuments) {
    this.item.name = 'Credential Schema';
    this.item.command = COMMANDS.schemas.pickSchema;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      documents.onDidChange((document) => {
        if (document === vscode.window.activeTextEditor?.document) this.update();
      }),
      vscode.commands.registerCommand(COMMANDS.schemas.pickSchema, (schema?: string) => this.pick(schema)),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const model = document && this.documents.get(document);
    const schema = model?.detection.schema;
    if (!model || !schema) {
      this.item.hide();
      return;
    }
    this.item.text = `$(key) ${schema}`;
    this.item.tooltip = `Credential schema: ${schema} (${SOURCES[model.detection.source] ?? model.detection.source}). Click to pick another.`;
    this.item.show();
  }

  /** Picks the schema of the active document; `schema` skips the quick pick ('' = automatic). */
  async pick(schema?: string): Promise<string | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.documents.get(document)) {
      void vscode.window.showInformationMessage('Open a JSON credential file to pick its credential schema.');
      return undefined;
    }
    let chosen = schema;
    if (chosen === undefined) {
      const items: vscode.QuickPickItem[] = [
        { label: AUTO, description: 'file name, secretref.credentialFiles, .secretref.json, content' },
        { label: CONNECTIONS, description: 'a file of many connections, each with "type" and "credentials"' },
        ...schemaNames().map((name) => ({ label: name, description: getSchema(name)!.description })),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Credential schema of this document',
        placeHolder: this.documents.picked(document) ?? AUTO,
      });
      if (!picked) return undefined;
      chosen = picked.label === AUTO ? '' : picked.label;
    }
    if (chosen && chosen !== CONNECTIONS && !getSchema(chosen)) {
      void vscode.window.showErrorMessage(`Unknown credential schema "${chosen}". Pick one of: ${schemaNames().join(', ')}.`);
      return undefined;
    }
    await this.documents.pick(document, chosen || undefined);
    this.update();
    return this.documents.get(document)?.detection.schema;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
