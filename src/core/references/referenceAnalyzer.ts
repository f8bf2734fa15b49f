// The always-on reference analyzer of `secretref check`: the syntactic reference diagnostics and
// inline-secret (JSON and the key/value formats), registered once in documentAnalyzers (on import).
import { documentAnalyzers } from '../analyzers';
import { fileContexts, outsideDocumentation } from '../formats/documentation';
import { formatSecretDiagnostics } from '../formats/formatSecrets';
import { inlineSecretDiagnostics } from './inlineSecrets';
import { scanReferences } from './scanner';

let registered = false;
/** Registers the always-on reference analyzer once (syntactic diagnostics + inline-secret). */
export function registerReferenceAnalyzer(): void {
  if (registered) return;
  registered = true;
  documentAnalyzers.push((text, fileName, options, parsed) => {
    // Documentation (comments, JSON Schema descriptions, Markdown) shows the syntax: no reference errors there.
    const contexts = parsed?.contexts ?? fileContexts(text, fileName);
    const syntax = outsideDocumentation(scanReferences(text).diagnostics, contexts);
    if (contexts.format === 'markdown') return syntax;
    // YAML, .env, Python, TOML, properties: their key/value pairs, by the same secret-field rule as JSON.
    if (contexts.scan) return [...syntax, ...formatSecretDiagnostics(contexts.scan.entries)];
    return [
      ...syntax,
      ...inlineSecretDiagnostics(parsed?.document ?? text, {
        fileName,
        forcedSchema: options.type,
        credentialFiles: options.credentialFiles,
      }),
    ];
  });
}
registerReferenceAnalyzer();
