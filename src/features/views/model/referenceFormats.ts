// The reference texts a tree node can be copied or inserted as, one per kind that fits its store:
// Vault `vault.secret(<config>:<path>.<key>)` (Cloudomation Engine, "Secret Handling":
// https://docs.cloudomation.com/engine/8/docs/vault-integration), CloudFormation dynamic references and the
// self-hosted credentials block (Monte Carlo, "Using self-hosted credentials":
// https://docs.getmontecarlo.com/docs/using-self-hosted-credentials) for AWS. Names and ids only, never a value.
import { formatAwsReference } from '../../../core/references/awsReference';
import { formatSelfHostedBlock } from '../../../core/references/selfHostedBlock';
import { formatVaultReference } from '../../../core/references/vaultReference';
import type { ResolvedStoreConfig } from '../../../core/stores/types';

export type ReferenceKind = 'vault' | 'aws' | 'self-hosted';

export interface ReferenceChoice {
  kind: ReferenceKind;
  /** Short title for a quick pick. */
  title: string;
  text: string;
}

export interface ReferenceTarget {
  path: string;
  /** A JSON key of a keyed secret; undefined = the whole secret. */
  key?: string;
  /** AWS ARN when the listing gave one (the self-hosted block wants the ARN). */
  arn?: string;
}

export function referenceChoices(config: ResolvedStoreConfig, target: ReferenceTarget): ReferenceChoice[] {
  if (config.kind === 'vault') {
    // A Vault reference always names a key; a whole-secret target has none to offer.
    if (target.key === undefined) return [];
    return [{ kind: 'vault', title: 'Vault reference', text: formatVaultReference(config.name, target.path, target.key) }];
  }
  const id = target.path;
  const choices: ReferenceChoice[] = [];
  choices.push({
    kind: 'aws',
    title: 'CloudFormation dynamic reference',
    text: formatAwsReference({ secretId: id, jsonKey: target.key }),
  });
  if (target.key === undefined) {
    const text = formatSelfHostedBlock({
      secretId: target.arn ?? id,
      assumableRole: config.roleArn,
      externalId: config.externalId,
      region: config.region,
    });
    choices.push({ kind: 'self-hosted', title: 'Self-hosted credentials block (JSON)', text });
  }
  return choices;
}
