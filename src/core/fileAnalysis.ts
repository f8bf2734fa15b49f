// One file's analysis, editor-free: the schema validator and every registered analyzer on its text,
// read once (its contexts and document model shared). `secretref check` (cli/checkFile.ts) and the
// agent tools' check (agentTools/) run this same function, so both report the same diagnostics.
import { AnalyzerOptions, documentAnalyzers, type ParsedFile } from './analyzers';
import type { CoreDiagnostic } from './diagnostics';
import { fileContexts, type FileContexts } from './formats/documentation';
import { registerReferenceAnalyzer } from './references/referenceAnalyzer';
import { CredentialDocument, readsAsCredentialJson } from './schemas';

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
