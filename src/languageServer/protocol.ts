// The core's shapes in the Language Server Protocol's: diagnostics, edits, completion entries, hover
// text. Rendering only: what to show is decided in the core.
import {
  CompletionItem,
  CompletionItemKind,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  MessageType,
  Position,
  Range,
  ShowMessageNotification,
} from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE } from '../constants';
import type { CoreDiagnostic, Severity } from '../core/diagnostics';
import type { ReferenceCompletionEntry, ReferenceCompletionKind } from '../core/references/referenceCompletions';
import type { CompletionEntry } from '../core/schemas';
import type { ServerText } from './serverDocuments';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(document: ServerText, offset: number, length: number): Range {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

export function toDiagnostic(document: ServerText, d: CoreDiagnostic): Diagnostic {
  return {
    range: toRange(document, d.offset, d.length),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
}

/** The same diagnostic in both shapes: code and start agree. */
export function sameDiagnostic(document: ServerText, core: CoreDiagnostic, diagnostic: Diagnostic): boolean {
  return diagnostic.code === core.code && document.offsetAt(diagnostic.range.start) === core.offset;
}

/**
 * A snippet as plain text for a client without snippet support: `${1:0}` -> `0`, `${1|a,b|}` -> `a`,
 * `$1` / `$0` -> nothing, `\$` -> `$`.
 */
export function snippetToPlain(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

/** An edit over [start, end) for a completion at `position`: LSP wants one line that holds the position. */
function completionRange(document: ServerText, start: number, end: number, position: Position): Range | undefined {
  const from = document.positionAt(start);
  const to = document.positionAt(end);
  if (from.line !== position.line || to.line !== position.line || from.character > position.character) return undefined;
  return { start: from, end: to.character < position.character ? position : to };
}

export function schemaCompletionItem(document: ServerText, entry: CompletionEntry, position: Position, snippets: boolean): CompletionItem {
  const text = entry.isSnippet && !snippets ? snippetToPlain(entry.insertText) : entry.insertText;
  const range = completionRange(document, entry.offset, entry.offset + entry.length, position);
  return {
    label: entry.label,
    kind: entry.kind === 'property' ? CompletionItemKind.Property : CompletionItemKind.Value,
    detail: entry.detail,
    documentation: { kind: MarkupKind.Markdown, value: entry.documentation },
    sortText: entry.sortText,
    preselect: entry.preselect || undefined,
    filterText: entry.filterText,
    insertTextFormat: entry.isSnippet && snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(range ? { textEdit: { range, newText: text } } : { insertText: text }),
  };
}

const REFERENCE_KIND: Record<ReferenceCompletionKind, CompletionItemKind> = {
  store: CompletionItemKind.Module,
  folder: CompletionItemKind.Folder,
  secret: CompletionItemKind.File,
  arn: CompletionItemKind.Reference,
  keyword: CompletionItemKind.Keyword,
  key: CompletionItemKind.Field,
  stage: CompletionItemKind.EnumMember,
  version: CompletionItemKind.Constant,
  reference: CompletionItemKind.Reference,
  issue: CompletionItemKind.Text,
};

export function referenceCompletionItem(
  document: ServerText,
  entry: ReferenceCompletionEntry,
  siteStart: number,
  position: Position,
): CompletionItem {
  const range: Range = { start: document.positionAt(entry.start ?? siteStart), end: position };
  return {
    label: entry.label,
    ...(entry.description ? { labelDetails: { description: entry.description } } : {}),
    kind: REFERENCE_KIND[entry.kind],
    detail: entry.detail,
    documentation: entry.documentation,
    sortText: entry.sortText,
    filterText: entry.filterText ?? entry.label,
    textEdit: { range, newText: entry.insertText ?? entry.label },
  };
}

/** VS Code's icons (`$(eye)`) mean nothing to other clients: the words stay. */
export function plainMarkdown(markdown: string): string {
  return markdown.replace(/\$\([a-z-]+\)\s?/g, '');
}

/** A message the client shows, no answer awaited (window/showMessage; the library's show…Message helpers are requests). */
export function showMessage(connection: Connection, type: 'error' | 'warning' | 'info', message: string): void {
  const types: Record<typeof type, MessageType> = { error: MessageType.Error, warning: MessageType.Warning, info: MessageType.Info };
  void connection.sendNotification(ShowMessageNotification.type, { type: types[type], message });
}
