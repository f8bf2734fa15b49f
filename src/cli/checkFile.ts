// One file of `secretref check`: the schema validator and every analyzer on its text (read once, its
// contexts and document model shared), the resolution step, ignore comments and positions. The same
// function serves the in-process loop and check's worker threads (checkWorkers.ts), so both give the
// same findings.
import { AnalyzerOptions, documentAnalyzers, type ParsedFile } from '../core/analyzers';
import { splitBom } from '../core/bom';
import type { CoreDiagnostic } from '../core/diagnostics';
import { fileContexts, ignoreDirectives, type FileContexts } from '../core/formats/documentation';
import { LineIndex } from '../core/lineIndex';
import { registerReferenceAnalyzer } from '../core/references/referenceAnalyzer';
import { CredentialDocument, readsAsCredentialJson } from '../core/schemas';
import { CheckFinding, cliSeverity, ignoredBy } from './policy';
import type { ReferenceCheck } from './referenceCheck';

registerReferenceAnalyzer();

/**
 * Runs the schema validator and every registered analyzer on one file's text. The file is read once:
 * its contexts (comments, format scan) and document model are handed to every analyzer and returned.
 */
export function analyzeText(
  text: string,
  fileName: string,
  options: AnalyzerOptions,
): { diagnostics: CoreDiagnostic[]; schema: string | undefined; isJson: boolean; contexts: FileContexts } {
  // YAML, Python, .env and text files hold references, not credential JSON: only the analyzers run.
  const isJson = readsAsCredentialJson({ fileName, forcedSchema: options.type, credentialFiles: options.credentialFiles });
  const document = isJson
    ? new CredentialDocument(text, { fileName, forcedSchema: options.type, credentialFiles: options.credentialFiles })
    : undefined;
  const parsed: ParsedFile = { contexts: fileContexts(text, fileName), document };
  const diagnostics = document ? document.diagnostics().slice() : [];
  for (const analyzer of documentAnalyzers) diagnostics.push(...analyzer(text, fileName, options, parsed));
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { diagnostics, schema: document?.detection.schema, isJson, contexts: parsed.contexts };
}

export interface FileCheckOptions {
  analyzer: AnalyzerOptions;
  severity: { resolve?: boolean; allowUnresolved?: boolean };
}

export interface FileCheck {
  /** In document order, without fingerprints (those are given over the whole run). */
  findings: Omit<CheckFinding, 'fingerprint'>[];
  /** Findings an ignore comment suppressed. */
  suppressed: number;
  /** A JSON file in which no credential schema was detected. */
  noSchema: boolean;
}

/** A file's check, or why it could not be read. */
export type FileOutcome = FileCheck | { error: string };

/** The findings of one file's text (as read: a BOM is dropped, positions count from after it). */
export async function checkFile(read: string, file: string, options: FileCheckOptions, refs?: ReferenceCheck): Promise<FileCheck> {
  const text = splitBom(read).text;
  const { diagnostics, schema, isJson, contexts } = analyzeText(text, file, options.analyzer);
  if (refs) await refs.addResolution(diagnostics, text, file, contexts);
  const lines = new LineIndex(text);
  const directives = ignoreDirectives(text, contexts.comments);
  const out: FileCheck = { findings: [], suppressed: 0, noSchema: isJson && !schema };
  for (const d of diagnostics) {
    if (ignoredBy(directives, lines, d.code, d.offset)) {
      out.suppressed++;
      continue;
    }
    const { line, column } = lines.position(d.offset);
    out.findings.push({ file, line, column, severity: cliSeverity(d, options.severity), code: d.code, path: d.path, message: d.message });
  }
  return out;
}

/** Why a file could not be read, in the words check prints: the error code (ENOENT, EACCES...) or message. */
export function readFailure(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
