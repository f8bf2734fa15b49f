// One file of `secretref check`: the schema validator and every analyzer on its text (read once, its
// contexts and document model shared), the resolution step, ignore comments and positions. The same
// function serves the in-process loop and check's worker threads (checkWorkers.ts), so both give the
// same findings.
import type { AnalyzerOptions } from '../core/analyzers';
import { splitBom } from '../core/bom';
import { analyzeText } from '../core/fileAnalysis';
import { ignoreDirectives } from '../core/formats/documentation';
import { LineIndex } from '../core/lineIndex';
import { CheckFinding, cliSeverity, ignoredBy } from './policy';
import type { ReferenceCheck } from './referenceCheck';

/** One file's analysis (core/fileAnalysis.ts; the fuzz suite and earlier callers import it from here). */
export { analyzeText };

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
