// The preview before anything is written: a diff of the masked config (before / after) and a plan
// document (language `secretref-migration-plan`: Markdown, wrapped) with the secrets to create, their
// full paths or ARNs, the new references, the artefacts and the masked diff. Virtual, read-only.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { planToMarkdown, reportToText } from '../../core/migration/planFormat';
import type { MigrationReport } from '../../core/migration/report';
import type { MigrationPlan } from '../../core/migration/types';
import { PREVIEW_SCHEME } from '../../constants';

export class MigrationPreviewProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private counter = 0;
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  private put(id: string, kind: string, name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${id}/${kind}/${name}` });
    this.contents.set(uri.path, text);
    this.changed.fire(uri);
    return uri;
  }

  /** Registers the texts of a plan; returns the URIs to open. */
  add(plan: MigrationPlan, decide: string): { before: vscode.Uri; after: vscode.Uri; plan: vscode.Uri } {
    const id = String(++this.counter);
    const name = path.basename(plan.source.replace(/\\/g, '/'));
    // Keep at most a few previews in memory.
    if (this.contents.size > 30) this.contents.clear();
    return {
      before: this.put(id, 'before', name, plan.maskedBefore),
      after: this.put(id, 'after', name, plan.maskedAfter),
      plan: this.put(id, 'plan', `${name}.migration-plan.md`, planToMarkdown(plan, decide)),
    };
  }

  addReport(report: MigrationReport): vscode.Uri {
    const id = String(++this.counter);
    return this.put(id, 'report', `${path.basename(report.source)}.migration.txt`, reportToText(report));
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}

export const DECIDE_IN_TITLE =
  'Choose Migrate or Cancel in the notification (Migrate… in the title bar of this editor asks again, ✕ cancels).';

/** Opens the masked diff and, beside it and focused, the wrapped plan; returns the URIs shown. */
export async function showPreview(
  provider: MigrationPreviewProvider,
  plan: MigrationPlan,
  decide = DECIDE_IN_TITLE,
): Promise<{ plan: vscode.Uri; after: vscode.Uri }> {
  const uris = provider.add(plan, decide);
  const title = `${path.basename(plan.source)} → ${plan.target.store} (preview, values masked)`;
  await vscode.commands.executeCommand('vscode.diff', uris.before, uris.after, title, { preview: true });
  const doc = await vscode.workspace.openTextDocument(uris.plan);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  return { plan: uris.plan, after: uris.after };
}
