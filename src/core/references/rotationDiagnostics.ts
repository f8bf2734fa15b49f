// Rotation checks of AWS references, from the secret's metadata (DescribeSecret + ListSecretVersionIds,
// one request pair per secret through the reference state's metadata entries):
// - `version-unlabelled`: a reference pins a `version-id` that carries no staging label; Secrets Manager
//   may delete such a version at any time (it keeps only labelled versions for sure).
// - `rotation-pending`: AWSPENDING is on another version than AWSCURRENT: a rotation started and did not
//   finish (a later RotateSecret fails until it is cleared). Once per secret per document.
import type { CoreDiagnostic } from '../diagnostics';
import type { SecretMetadata, StoreConfig } from '../stores/types';
import type { TargetResult } from './target';
import type { SecretReference } from './types';

export interface RotationSource {
  targetOf(ref: SecretReference): TargetResult;
  metadataOf(store: string, path: string): Promise<SecretMetadata | undefined>;
  configs(): readonly StoreConfig[];
}

/** The version AWSPENDING is on when it is not AWSCURRENT's (a rotation not finished), else undefined. */
export function stuckPendingVersion(metadata: SecretMetadata): string | undefined {
  const pending = metadata.versions.find((v) => v.stages?.includes('AWSPENDING'));
  return pending && !pending.stages?.includes('AWSCURRENT') ? pending.version : undefined;
}

function short(version: string): string {
  return version.length > 12 ? `${version.slice(0, 8)}…` : version;
}

export async function rotationDiagnostics(refs: readonly SecretReference[], source: RotationSource): Promise<CoreDiagnostic[]> {
  const aws = new Set(
    source
      .configs()
      .filter((config) => config.kind === 'aws')
      .map((config) => config.name),
  );
  const checked = refs.flatMap((ref) => {
    const found = source.targetOf(ref);
    return 'problem' in found || !aws.has(found.target.store) ? [] : [{ ref, target: found.target }];
  });
  const metadata = await Promise.all(checked.map(({ target }) => source.metadataOf(target.store, target.path)));
  const diagnostics: CoreDiagnostic[] = [];
  const pendingSeen = new Set<string>();
  checked.forEach(({ ref, target }, index) => {
    const meta = metadata[index];
    if (!meta) return;
    const data = { kind: ref.kind, store: target.store, path: target.path, key: target.key };
    const pinned = ref.versionId ? meta.versions.find((v) => v.version === ref.versionId) : undefined;
    if (pinned && !pinned.stages?.length) {
      const span = ref.parts.versionId ?? { offset: ref.offset, length: ref.length };
      diagnostics.push({
        code: 'version-unlabelled',
        severity: 'warning',
        message: `Version ${short(pinned.version)} of "${target.path}" in store "${target.store}" has no staging label: Secrets Manager may delete it at any time (after a rotation or when the secret has more than 100 versions). Reference a stage (AWSCURRENT) instead, or label the version.`,
        offset: span.offset,
        length: span.length,
        path: '',
        data: { ...data, version: pinned.version },
      });
    }
    const pending = stuckPendingVersion(meta);
    const secret = `${target.store}\u0000${target.path}`;
    if (pending && !pendingSeen.has(secret)) {
      pendingSeen.add(secret);
      diagnostics.push({
        code: 'rotation-pending',
        severity: 'warning',
        message: `A rotation of "${target.path}" in store "${target.store}" has not finished: AWSPENDING is on version ${short(pending)}, AWSCURRENT on ${short(meta.currentVersion ?? '(none)')}. References still read AWSCURRENT, and the next rotation fails until this is cleared; check the rotation function's logs, then finish the rotation or remove the AWSPENDING label.`,
        offset: ref.offset,
        length: ref.length,
        path: '',
        data: { ...data, version: pending },
      });
    }
  });
  return diagnostics;
}
