// Quick fix "Move to a secret store…" on `inline-secret` diagnostics: runs Migrate Connection on the
// connection that holds the field (or the whole credential document). Built from the credential model
// the diagnostics were computed on (held by version in the ReferenceService): a request reads the one
// entry under the warning, never the whole file; the migration is planned when the fix runs.
import * as vscode from 'vscode';
import { inlineSecretFixAt } from '../../core/references/inlineSecrets';
import { COMMANDS, INLINE_SECRET_CODE } from '../../constants';
import type { ReferenceService } from './referenceService';

function isInlineSecret(diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === INLINE_SECRET_CODE;
}

export class InlineSecretActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly service: ReferenceService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics.filter(isInlineSecret);
    if (diagnostics.length === 0) return [];
    const model = this.service.credentialDocument(document);
    if (!model) return [];
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<number>();
    for (const diagnostic of diagnostics) {
      const fix = inlineSecretFixAt(model, document.offsetAt(diagnostic.range.start));
      if (!fix || seen.has(fix.start)) continue;
      seen.add(fix.start);
      const label = fix.name ? ` (${fix.name})` : '';
      const action = new vscode.CodeAction(`Move to a secret store…${label}`, vscode.CodeActionKind.QuickFix);
      // The warnings of this connection (fix.diagnostics, by the one secret-field rule) are the fields the migration moves.
      action.diagnostics = diagnostics.filter((d) => {
        const at = document.offsetAt(d.range.start);
        return at >= fix.start && at < fix.end;
      });
      action.isPreferred = true;
      action.command = {
        command: COMMANDS.migration.migrateConnection,
        title: 'Move to a secret store…',
        arguments: [{ uri: document.uri.toString(), connections: fix.connection === undefined ? undefined : [fix.connection] }],
      };
      actions.push(action);
    }
    return actions;
  }
}
