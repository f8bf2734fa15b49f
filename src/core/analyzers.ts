// Document analyzers the `secretref check` CLI runs on every file, in addition to the credential
// schema validator. Other parts of the core (e.g. reference diagnostics) add theirs to this list.
import type { CoreDiagnostic } from './diagnostics';
import type { FileContexts } from './formats/documentation';
import type { CredentialDocument } from './schemas';

export interface AnalyzerOptions {
  /** Schema forced with `--type` (or `connections`). */
  type?: string;
  /** `secretref.credentialFiles`: glob -> schema name. */
  credentialFiles?: Readonly<Record<string, string>>;
}

/** What the caller already read of the file, so that no analyzer reads it again. */
export interface ParsedFile {
  /** fileContexts(text, fileName). */
  contexts: FileContexts;
  /** The credential document model of the text, when the caller built one with these options. */
  document?: CredentialDocument;
}

export type DocumentAnalyzer = (text: string, fileName: string, options: AnalyzerOptions, parsed?: ParsedFile) => CoreDiagnostic[];

/** Extra analyzers; add one line per analyzer. They must never throw on malformed input. */
export const documentAnalyzers: DocumentAnalyzer[] = [];
