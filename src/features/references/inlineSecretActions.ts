// Quick fixes on `inline-secret` diagnostics. "Reference the existing secret" first, where the value equals
// one already stored (the diagnostic's data.existing, see core/references/storedValues.ts): it replaces the
// inline value by the reference, one undoable edit. Then "Move to a secret store…": runs Migrate Connection on the
// connection that holds the field (or the whole credential document). Built from the credential model
// the diagnostics were computed on (held by version in the ReferenceService): a request reads the one
// entry under the warning, never the whole file; the migration is planned when the fix runs.
import * as vscode from 'vscode';
import { inlineSecretFixAt } from '../../core/references/inlineSecrets';
import { COMMANDS, INLINE_SECRET_CODE } from '../../constants';
import { referenceDiagnosticData } from './referenceDiagnostics';
import type { ReferenceService } from './referenceService';

/** The reference an inline value equals, from the diagnostic's data (a name and path, never the value). */
function existingReference(diagnostic: vscode.Diagnostic): { store: string; reference: string } | undefined {
  const existing = referenceDiagnosticData(diagnostic)?.existing as { store?: unknown; reference?: unknown } | undefined;
  return typeof existing?.store === 'string' && typeof existing.reference === 'string'
    ? { store: existing.store, reference: existing.reference }
    : undefined;
}

/** The replacement text: a quoted literal stays a quoted string of the same quote. */
function replacementFor(document: vscode.TextDocument, range: vscode.Range, reference: string): string {
  const quote = document.getText(range).charAt(0);
  if (quote === '"') return JSON.stringify(reference);
  return quote === "'" ? `'${reference}'` : reference;
}

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
    for (const diagnostic of diagnostics) {
      const existing = existingReference(diagnostic);
      if (!existing) continue;
      const action = new vscode.CodeAction(`Reference the existing secret (${existing.reference})`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, diagnostic.range, replacementFor(document, diagnostic.range, existing.reference));
      actions.push(action);
    }
    const matched = actions.length > 0;
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
      action.isPreferred = !matched;
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
