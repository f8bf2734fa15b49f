// Completion of credential keys and values, from the core's completion computation.
import * as vscode from 'vscode';
import { computeCompletions } from '../../core/schemas';
import type { SchemaDocuments } from './schemaDocuments';

export class SchemaCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggers = ['"', ':'];

  constructor(private readonly documents: SchemaDocuments) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const model = this.documents.get(document);
    if (!model?.detection.schema) return undefined;
    const offset = document.offsetAt(position);
    return computeCompletions(model, offset).map((entry) => {
      const item = new vscode.CompletionItem(
        entry.label,
        entry.kind === 'property' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.Value,
      );
      item.detail = entry.detail;
      item.documentation = new vscode.MarkdownString(entry.documentation);
      item.insertText = entry.isSnippet ? new vscode.SnippetString(entry.insertText) : entry.insertText;
      item.sortText = entry.sortText;
      item.preselect = entry.preselect;
      item.filterText = entry.filterText;
      const start = document.positionAt(entry.offset);
      const end = document.positionAt(entry.offset + entry.length);
      // VS Code wants ranges on one line that contain the cursor.
      if (start.line === position.line && end.line === position.line && start.isBeforeOrEqual(position)) {
        item.range = end.isBefore(position)
          ? new vscode.Range(start, position)
          : { inserting: new vscode.Range(start, position), replacing: new vscode.Range(start, end) };
      }
      return item;
    });
  }
}
