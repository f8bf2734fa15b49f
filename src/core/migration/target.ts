// A migration target from a store config: region, assumed role and external id come from the AWS
// config (they go into the self-hosted block); the engine path from the Vault config.
import { accountOfRole } from '../stores/destination';
import type { StoreConfig } from '../stores/types';
import { MONTE_CARLO_ACCOUNT_ID } from './artefacts';
import type { MigrationTarget } from './types';

export interface TargetOptions {
  /** Account trusted by the role trust policy; default Monte Carlo's (MONTE_CARLO_ACCOUNT_ID in artefacts.ts). */
  trustedAccountId?: string;
  /** Role and external id for the self-hosted block when they differ from the store config's own. */
  assumableRole?: string;
  externalId?: string;
  /** KV version when the caller already knows it. */
  kvVersion?: 1 | 2;
}

/** An IAM role ARN (any partition), e.g. `arn:aws:iam::123456789012:role/monte-carlo-secrets`. */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * An AWS migration writes a self-hosted block, which needs `assumable_role` (`secretref check`
 * requires it) as the `montecarlo integrations update` command does: without a role there is no plan.
 */
export function missingAssumableRole(target: MigrationTarget): string | undefined {
  if (target.kind !== 'aws' || target.assumableRole) return undefined;
  return (
    `AWS store "${target.store}" has no role for Monte Carlo to assume: the self-hosted block needs assumable_role (secretref check requires it), and so does the montecarlo command. ` +
    `Give the role's ARN (CLI: --assumable-role <arn>; the editor asks for it), or set roleArn in the store config "${target.store}". Nothing was written.`
  );
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
