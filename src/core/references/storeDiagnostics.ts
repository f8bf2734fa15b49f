// What the stores say about a document's references: resolution (missing secrets and keys, denied,
// signed out, unreachable, a self-hosted secret off its schema) and AWS rotation (a pinned version
// without a label, a rotation not finished). One pipeline for the editor, the language server and
// `secretref check --resolve`, through the one reference state, so all three report the same.
import type { CoreDiagnostic } from '../diagnostics';
import type { ReferenceState } from './referenceState';
import { resolutionDiagnostics, type ResolutionDiagnosticsOptions } from './resolutionDiagnostics';
import { rotationDiagnostics } from './rotationDiagnostics';
import type { SecretReference } from './types';

export async function storeDiagnostics(
  refs: readonly SecretReference[],
  state: ReferenceState,
  options: ResolutionDiagnosticsOptions = {},
): Promise<CoreDiagnostic[]> {
  const [resolution, rotation] = await Promise.all([resolutionDiagnostics(refs, state, options), rotationDiagnostics(refs, state)]);
  return [...resolution, ...rotation];
}
