// The always-on reference analyzer of `secretref check`: the syntactic reference diagnostics and
// inline-secret, registered once in documentAnalyzers (on import).
import { documentAnalyzers } from '../analyzers';
import { inlineSecretDiagnostics } from './inlineSecrets';
import { scanReferences } from './scanner';

let registered = false;
/** Registers the always-on reference analyzer once (syntactic diagnostics + inline-secret). */
export function registerReferenceAnalyzer(): void {
  if (registered) return;
  registered = true;
  documentAnalyzers.push((text, fileName, options) => [
    ...scanReferences(text).diagnostics,
    ...inlineSecretDiagnostics(text, { fileName, forcedSchema: options.type, credentialFiles: options.credentialFiles }),
  ]);
}
registerReferenceAnalyzer();
