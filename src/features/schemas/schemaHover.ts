// Hover on a credential key: type, required or not, description. Never the value.
import * as vscode from 'vscode';
import { computeHover } from '../../core/schemas';
import type { SchemaDocuments } from './schemaDocuments';
import { toRange } from '../../platform/diagnostics';

export class SchemaHoverProvider implements vscode.HoverProvider {
  constructor(private readonly documents: SchemaDocuments) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const model = this.documents.get(document);
    if (!model?.detection.schema) return undefined;
    const hover = computeHover(model, document.offsetAt(position));
    if (!hover) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(document, hover.offset, hover.length));
  }
}
