// Turns resolutions into diagnostics with stable codes. An unreachable store yields ONE information
// diagnostic per store (at its first reference), not one per reference; a store the user is signed out
// of yields one error per store the same way (the fix is one sign-in, not one per reference).
import type { CoreDiagnostic, Severity } from '../diagnostics';
import type { SecretValue } from '../stores/types';
import type { Resolution, ResolutionCode, ResolutionSession } from './resolve';
import type { SecretReference, Span } from './types';

/** Checks a self-hosted block's secret against the connection's credential schema (schemas layer). */
export type SecretSchemaCheck = (secret: SecretValue, ref: SecretReference) => { message: string } | null;

const SEVERITY: Record<ResolutionCode, Severity> = {
  'unknown-store': 'error',
  'secret-not-found': 'error',
  'key-not-found': 'error',
  'access-denied': 'warning',
  'signed-out': 'error',
  'store-unreachable': 'information',
};

/** Codes reported once per store rather than once per reference. */
const PER_STORE = new Set<ResolutionCode>(['store-unreachable', 'signed-out']);

function spanFor(ref: SecretReference, code: ResolutionCode | 'secret-schema-mismatch'): Span {
  const p = ref.parts;
  const whole = ref.kind === 'self-hosted' ? p.secretId : { offset: ref.offset, length: ref.length };
  let span: Span | undefined;
  if (code === 'unknown-store') span = p.store ?? p.template ?? p.secretId;
  else if (code === 'secret-not-found') span = p.path ?? p.secretId ?? p.template;
  else if (code === 'key-not-found') span = p.key ?? p.jsonKey;
  return span ?? whole ?? { offset: ref.offset, length: ref.length };
}

function dataFor(ref: SecretReference, resolution: Resolution): Record<string, unknown> {
  return {
    kind: ref.kind,
    store: resolution.target?.store ?? ref.storeName,
    path: resolution.target?.path ?? ref.path,
    key: resolution.target?.key ?? ref.key,
  };
}

export interface ResolutionDiagnosticsOptions {
  schemaCheck?: SecretSchemaCheck;
}

export async function resolutionDiagnostics(
  refs: readonly SecretReference[],
  session: ResolutionSession,
  options: ResolutionDiagnosticsOptions = {},
): Promise<CoreDiagnostic[]> {
  const resolutions = await Promise.all(refs.map((ref) => session.resolve(ref)));
  const diagnostics: CoreDiagnostic[] = [];
  const perStore = new Map<string, { ref: SecretReference; resolution: Resolution; count: number }>();
  refs.forEach((ref, index) => {
    const resolution = resolutions[index];
    if (resolution.status === 'resolved') {
      if (ref.kind === 'self-hosted' && options.schemaCheck) {
        const mismatch = options.schemaCheck(resolution.secret, ref);
        if (mismatch) {
          const span = spanFor(ref, 'secret-schema-mismatch');
          diagnostics.push({
            code: 'secret-schema-mismatch',
            severity: 'warning',
            message: mismatch.message,
            offset: span.offset,
            length: span.length,
            path: '',
            data: dataFor(ref, resolution),
          });
        }
      }
      return;
    }
    if (PER_STORE.has(resolution.code)) {
      const store = `${resolution.code}\u0000${resolution.target?.store ?? ''}`;
      const entry = perStore.get(store);
      if (entry) entry.count++;
      else perStore.set(store, { ref, resolution, count: 1 });
      return;
    }
    const span = spanFor(ref, resolution.code);
    diagnostics.push({
      code: resolution.code,
      severity: SEVERITY[resolution.code],
      message: resolution.message,
      offset: span.offset,
      length: span.length,
      path: '',
      data: dataFor(ref, resolution),
    });
  });
  for (const { ref, resolution, count } of perStore.values()) {
    if (resolution.status !== 'failed') continue;
    const more = count > 1 ? ` (${count} references to this store were not checked)` : '';
    diagnostics.push({
      code: resolution.code,
      severity: SEVERITY[resolution.code],
      message: `${resolution.message}${more}`,
      offset: ref.offset,
      length: ref.length,
      path: '',
      data: { ...dataFor(ref, resolution), storeErrorKind: resolution.storeErrorKind, references: count },
    });
  }
  return diagnostics.sort((a, b) => a.offset - b.offset);
}
