// Document analyzers the `secretref check` CLI runs on every file, in addition to the credential
// schema validator. Other parts of the core (e.g. reference diagnostics) add theirs to this list.
import type { CoreDiagnostic } from './diagnostics';

export interface AnalyzerOptions {
  /** Schema forced with `--type` (or `connections`). */
  type?: string;
  /** `secretref.credentialFiles`: glob -> schema name. */
  credentialFiles?: Readonly<Record<string, string>>;
}

export type DocumentAnalyzer = (text: string, fileName: string, options: AnalyzerOptions) => CoreDiagnostic[];

/** Extra analyzers; add one line per analyzer. They must never throw on malformed input. */
export const documentAnalyzers: DocumentAnalyzer[] = [];
