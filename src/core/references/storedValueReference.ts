// "Already in the store", the reference half: the reference text that reads a stored place back, and only
// when it would resolve to that very store (an AWS reference goes through secretref.defaultAwsStore or
// the region's config: with several AWS configs, another one may be meant, and then nothing is offered).
import { formatAwsReference } from './awsReference';
import { scanReferences } from './scanner';
import type { StoredValueHashes } from './storedValues';
import type { StoredValueMatch } from './inlineSecrets';
import type { TargetResult } from './target';
import type { SecretReference } from './types';
import { formatVaultReference } from './vaultReference';
import type { StoreConfig } from '../stores/types';

export interface StoredValueContext {
  config(store: string): StoreConfig | undefined;
  targetOf(ref: SecretReference): TargetResult;
}

/** The reference to a stored place, or undefined when none would read it back from that store. */
export function referenceToPlace(
  context: StoredValueContext,
  place: { store: string; path: string; key: string | null },
): string | undefined {
  const config = context.config(place.store);
  if (!config) return undefined;
  const text =
    config.kind === 'vault'
      ? place.key === null
        ? undefined
        : formatVaultReference(config.name, place.path, place.key)
      : formatAwsReference({ secretId: place.path, ...(place.key === null ? {} : { jsonKey: place.key }) });
  const [ref] = text ? scanReferences(text).references : [];
  if (!ref || ref.length !== text?.length) return undefined;
  const found = context.targetOf(ref);
  return 'problem' in found || found.target.store !== place.store || found.target.path !== place.path ? undefined : text;
}

/** The matcher inline-secret diagnostics take: the first stored place of an equal value that a reference reaches. */
export function storedValueMatch(hashes: StoredValueHashes, context: StoredValueContext): StoredValueMatch {
  return (value) => {
    for (const place of hashes.matches(value)) {
      const reference = referenceToPlace(context, place);
      if (reference) return { store: place.store, reference };
    }
    return undefined;
  };
}
