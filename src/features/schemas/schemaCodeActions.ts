// Quick fixes for schema diagnostics: add missing required keys, convert string <-> integer,
// remove an unknown or duplicate key, pick an allowed value.
import * as vscode from 'vscode';
import { computeDocumentQuickFixes } from '../../core/schemas';
import type { SchemaDocuments } from './schemaDocuments';
import { DIAGNOSTIC_SOURCE } from '../../constants';
import { sameDiagnostic, toRange } from '../../platform/diagnostics';

export class SchemaCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly documents: SchemaDocuments) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const model = this.documents.get(document);
    if (!model?.detection.schema) return [];
    const all = model.diagnostics();
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const actions: vscode.CodeAction[] = [];
    for (const core of all) {
      const inRange = core.offset <= end && core.offset + core.length >= start;
      const shown = ours.filter((d) => sameDiagnostic(document, core, d));
      if (!inRange && shown.length === 0) continue;
      for (const fix of computeDocumentQuickFixes(model, core, all)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) action.edit.replace(document.uri, toRange(document, edit.offset, edit.length), edit.newText);
        action.diagnostics = ours.filter((d) => fix.diagnostics.some((c) => sameDiagnostic(document, c, d)));
        action.isPreferred = fix.isPreferred;
        if (!actions.some((a) => a.title === action.title)) actions.push(action);
      }
    }
    return actions;
  }
}
