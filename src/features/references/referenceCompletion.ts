// Completion inside references, rendered for VS Code: what to offer is the core's
// (core/references/referenceCompletions.ts, shared with the language server).
import * as vscode from 'vscode';
import { completionSiteAt } from '../../core/references/completionSite';
import { ReferenceCompletionEntry, ReferenceCompletionKind, referenceCompletions } from '../../core/references/referenceCompletions';
import type { ReferenceService } from './referenceService';

const KIND = vscode.CompletionItemKind;
const ITEM_KIND: Record<ReferenceCompletionKind, vscode.CompletionItemKind> = {
  store: KIND.Module,
  folder: KIND.Folder,
  secret: KIND.File,
  arn: KIND.Reference,
  keyword: KIND.Keyword,
  key: KIND.Field,
  stage: KIND.EnumMember,
  version: KIND.Constant,
  reference: KIND.Reference,
  issue: KIND.Issue,
};

function toItem(entry: ReferenceCompletionEntry, document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem {
  const item = new vscode.CompletionItem(
    entry.description ? { label: entry.label, description: entry.description } : entry.label,
    ITEM_KIND[entry.kind],
  );
  item.detail = entry.detail;
  item.documentation = entry.documentation;
  if (entry.insertText !== undefined) item.insertText = entry.insertText;
  item.sortText = entry.sortText;
  // The prefix typed so far decides what VS Code shows, whatever the label.
  item.filterText = entry.filterText ?? entry.label;
  if (entry.start !== undefined) item.range = new vscode.Range(document.positionAt(entry.start), position);
  if (entry.retrigger) item.command = { title: 'Continue', command: 'editor.action.triggerSuggest' };
  return item;
}

export class ReferenceCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggers = ['(', ':', '.', '/', '"', "'", ' '];

  constructor(private readonly service: ReferenceService) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList | undefined> {
    const offset = document.offsetAt(position);
    const site = completionSiteAt(document.getText(), offset);
    if (!site) return undefined;
    const range = new vscode.Range(document.positionAt(site.start), position);
    try {
      const entries = await referenceCompletions(site, { state: this.service.state, settings: () => this.service.settings(), offset });
      const items = entries.map((entry) => toItem(entry, document, position));
      for (const item of items) item.range ??= range;
      // A failed listing is asked again on the next keystroke: the store may be back.
      return new vscode.CompletionList(
        items,
        entries.some((entry) => entry.kind === 'issue'),
      );
    } catch {
      return new vscode.CompletionList([]); // Diagnostics explain why.
    }
  }
}
