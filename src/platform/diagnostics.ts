// The one converter of core offsets and diagnostics to VS Code ranges and vscode.Diagnostic (schema and
// reference diagnostics alike).
import * as vscode from 'vscode';
import type { CoreDiagnostic } from '../core/diagnostics';
import { DIAGNOSTIC_SOURCE } from '../constants';

const SEVERITY: Record<CoreDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(document: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + length));
}

export function toDiagnostic(document: vscode.TextDocument, d: CoreDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(document, d.offset, d.length), d.message, SEVERITY[d.severity]);
  diagnostic.code = d.code;
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}

/** The same diagnostic in both worlds: code and start position agree. */
export function sameDiagnostic(document: vscode.TextDocument, core: CoreDiagnostic, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === core.code && document.offsetAt(diagnostic.range.start) === core.offset;
}
