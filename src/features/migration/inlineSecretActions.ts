// Quick fix "Move to a secret store…" on `inline-secret` diagnostics: runs Migrate Connection on the
// connection that holds the field (or the whole credential document).
import * as vscode from 'vscode';
import { locateConnections } from '../../core/migration/locateConnections';
import { COMMANDS, INLINE_SECRET_CODE } from '../../constants';
import { namedSchema } from './editorDocument';

function isInlineSecret(diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === INLINE_SECRET_CODE;
}

export class InlineSecretActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics.filter(isInlineSecret);
    if (diagnostics.length === 0) return [];
    const located = locateConnections(document.getText(), namedSchema(document));
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of diagnostics) {
      const offset = document.offsetAt(diagnostic.range.start);
      const connection = located.connections.find((c) => offset >= c.node.offset && offset < c.node.offset + c.node.length);
      if (!connection) continue;
      const key = connection.location;
      if (seen.has(key)) continue;
      seen.add(key);
      const label = connection.name ? ` (${connection.name})` : '';
      const action = new vscode.CodeAction(`Move to a secret store…${label}`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = diagnostics.filter((d) => {
        const at = document.offsetAt(d.range.start);
        return at >= connection.node.offset && at < connection.node.offset + connection.node.length;
      });
      action.isPreferred = true;
      action.command = {
        command: COMMANDS.migration.migrateConnection,
        title: 'Move to a secret store…',
        arguments: [{ uri: document.uri.toString(), connections: located.shape === 'connections' ? [connection.location] : undefined }],
      };
      actions.push(action);
    }
    return actions;
  }
}
