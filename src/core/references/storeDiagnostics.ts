// What the stores say about a document's references: resolution (missing secrets and keys, denied,
// signed out, unreachable, a self-hosted secret off its schema) and AWS rotation (a pinned version
// without a label, a rotation not finished). One pipeline for the editor, the language server and
// `secretref check --resolve`, through the one reference state, so all three report the same.
import type { CoreDiagnostic } from '../diagnostics';
import { fileContexts, inRanges, type FileContexts } from '../formats/documentation';
import { CredentialDocument, type DetectOptions } from '../schemas';
import type { ReferenceState } from './referenceState';
import { resolutionDiagnostics, type ResolutionDiagnosticsOptions } from './resolutionDiagnostics';
import { rotationDiagnostics } from './rotationDiagnostics';
import { scanReferences } from './scanner';
import { selfHostedSchemaCheck } from './secretSchemaCheck';
import type { SecretReference } from './types';

export async function storeDiagnostics(
  refs: readonly SecretReference[],
  state: ReferenceState,
  options: ResolutionDiagnosticsOptions = {},
): Promise<CoreDiagnostic[]> {
  const [resolution, rotation] = await Promise.all([resolutionDiagnostics(refs, state, options), rotationDiagnostics(refs, state)]);
  return [...resolution, ...rotation];
}

/**
 * The store diagnostics of one file's text: its references outside documentation (a comment or a JSON
 * Schema description shows the syntax, it is not resolved), a self-hosted block checked against the
 * file's schema. `secretref check --resolve` and the agent tools' check_file.
 */
export async function fileStoreDiagnostics(
  text: string,
  fileName: string,
  state: ReferenceState,
  contexts: FileContexts = fileContexts(text, fileName),
  detect: Omit<DetectOptions, 'fileName'> = {},
): Promise<CoreDiagnostic[]> {
  const refs = scanReferences(text).references.filter((ref) => !inRanges(contexts.documentation, ref.offset));
  if (refs.length === 0) return [];
  const doc = refs.some((ref) => ref.kind === 'self-hosted') ? new CredentialDocument(text, { fileName, ...detect }) : undefined;
  return storeDiagnostics(refs, state, { schemaCheck: selfHostedSchemaCheck(doc) });
}
