// A migration target from a store config: region, assumed role and external id come from the AWS
// config (they go into the self-hosted block); the engine path from the Vault config.
import { accountOfRole } from '../stores/destination';
import type { StoreConfig } from '../stores/types';
import { MONTE_CARLO_ACCOUNT_ID } from './artefacts';
import type { MigrationTarget } from './types';

export interface TargetOptions {
  /** Account trusted by the role trust policy; default Monte Carlo's (seed 000). */
  trustedAccountId?: string;
  /** Role and external id for the self-hosted block when they differ from the store config's own. */
  assumableRole?: string;
  externalId?: string;
  /** KV version when the caller already knows it. */
  kvVersion?: 1 | 2;
}

export function targetFromStoreConfig(config: StoreConfig, options: TargetOptions = {}): MigrationTarget {
  if (config.kind === 'aws') {
    const assumableRole = options.assumableRole || config.roleArn || undefined;
    return {
      kind: 'aws',
      store: config.name,
      region: config.region,
      assumableRole,
      externalId: options.externalId || config.externalId || undefined,
      accountId: accountOfRole(assumableRole),
      trustedAccountId: options.trustedAccountId ?? MONTE_CARLO_ACCOUNT_ID,
    };
  }
  const kvVersion = options.kvVersion ?? (config.kvVersion === 1 || config.kvVersion === 2 ? config.kvVersion : undefined);
  return { kind: 'vault', store: config.name, enginePath: config.enginePath ?? 'secret', kvVersion };
}
