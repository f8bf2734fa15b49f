// The one diagnostic shape every analyzer in the core produces: the CLI prints it, the extension
// turns it into vscode.Diagnostic. Offsets are UTF-16 code-unit offsets into the document text.
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CoreDiagnostic {
  /** Stable machine-readable code, e.g. `missing-required`, `unknown-store`. */
  code: string;
  severity: Severity;
  message: string;
  /** Start offset (inclusive) and end offset (exclusive) in the document text. */
  offset: number;
  length: number;
  /** Dotted key path inside the credential (`ssl_options.mechanism`, `[3].credentials.port`), or ''. */
  path: string;
  /** Extra data for quick fixes; never a secret value. */
  data?: Record<string, unknown>;
}

/** The key a diagnostic is about (`data.key`, e.g. of `missing-required` or `duplicate-key`), else its path. */
export function diagnosticKey(diagnostic: CoreDiagnostic): string {
  const key = diagnostic.data?.key;
  return typeof key === 'string' ? key : diagnostic.path;
}
