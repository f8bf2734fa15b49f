// Where a write goes, in words, before anything is written: the store config, the file it came
// from, the server or account, and the role and identity used. Shown by `secretref migrate` (plan
// text and JSON) so that a config a repository brought along can never write unnoticed.
import type { ResolvedStoreConfig } from './types';

export interface StoreDestination {
  store: string;
  kind: 'vault' | 'aws';
  /** Where the config came from, e.g. "repository file .vscode/settings.json" or "--stores file stores.json". */
  source: string;
  /** Vault: the server URL (and namespace); AWS: the region and the endpoint when one is set. */
  where: string;
  /** AWS: the account written into, when the config says (the role's account); else undefined. */
  account?: string;
  /** AWS: the role assumed (with the external id's presence); Vault: the auth method. */
  role?: string;
  /** Whose credentials are used. */
  identity: string;
}

/** The 12-digit account of a role ARN, or undefined. */
export function accountOfRole(roleArn: string | undefined): string | undefined {
  const account = roleArn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

export function storeDestination(config: ResolvedStoreConfig, source: string): StoreDestination {
  if (config.kind === 'vault') {
    return {
      store: config.name,
      kind: 'vault',
      source,
      where: `Vault at ${config.url}${config.namespace ? ` (namespace ${config.namespace})` : ''}, engine ${config.enginePath ?? 'secret'}/`,
      identity:
        config.auth === 'token'
          ? 'a Vault token'
          : config.auth === 'oidc'
            ? 'an OIDC sign-in token'
            : config.auth === 'aws-iam'
              ? `an AWS IAM sign-in token (${config.awsIam?.profile ? `AWS profile "${config.awsIam.profile}"` : 'the default AWS credentials'})`
              : `AppRole${config.approlePath ? ` at auth/${config.approlePath}` : ''}`,
    };
  }
  const identity =
    config.auth === 'profile'
      ? `AWS profile "${config.profile}"`
      : config.auth === 'accessKey'
        ? 'an AWS access key'
        : 'the default AWS credentials';
  return {
    store: config.name,
    kind: 'aws',
    source,
    where: `AWS Secrets Manager in ${config.region}${config.endpoint ? ` at ${config.endpoint}` : ''}`,
    account: accountOfRole(config.roleArn),
    role: config.roleArn ? `${config.roleArn}${config.externalId ? ' (with an external id)' : ''}` : undefined,
    identity,
  };
}

/** One line: `store "x" (from <source>): <where>, account <n>, assuming role <arn>, with <identity>`. */
export function destinationText(d: StoreDestination): string {
  const account = d.kind === 'aws' ? `, account ${d.account ?? `of ${d.identity}`}` : '';
  const role = d.role ? `, assuming role ${d.role}` : '';
  return `store "${d.store}" (from the ${d.source}): ${d.where}${account}${role}, with ${d.identity}`;
}

const SOURCE_WORDS: Record<ResolvedStoreConfig['source'], string> = {
  user: 'user settings',
  workspace: 'repository file .vscode/settings.json',
  workspaceFolder: 'repository file .vscode/settings.json of a workspace folder',
  cli: 'stores file',
};

/** The destination line of a config as the editor knows it (its source is a settings scope). */
export function describeStoreTarget(config: ResolvedStoreConfig): string {
  return destinationText(storeDestination(config, SOURCE_WORDS[config.source]));
}
