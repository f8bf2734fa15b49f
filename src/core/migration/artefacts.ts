// The artefacts Monte Carlo's "Using self-hosted credentials"
// (https://docs.getmontecarlo.com/docs/using-self-hosted-credentials) asks for when moving a connection to
// self-hosted credentials: the IAM policy on exactly the secret's ARN, the role trust policy with the
// external id, and the ready-to-run `montecarlo integrations update` line. For Vault, a read-only policy on the secret's path.
import { selfHostedMembers } from '../references/selfHostedBlock';
import type { Artefacts, AwsTarget, VaultTarget } from './types';

/** Monte Carlo, "Using self-hosted credentials": on the V2 platform, use 590183797493 as the AWS account id of the trust policy. */
export const MONTE_CARLO_ACCOUNT_ID = '590183797493';

export function selfHostedBlock(target: AwsTarget, secretArn: string): Record<string, string> {
  return selfHostedMembers({
    secretId: secretArn,
    assumableRole: target.assumableRole,
    externalId: target.externalId,
    region: target.region,
  });
}

export function iamPolicy(secretArn: string): string {
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn }],
  };
  return JSON.stringify(policy, null, 4);
}

export function trustPolicy(trustedAccountId: string, externalId: string | undefined): string {
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${trustedAccountId}:root` },
    Action: 'sts:AssumeRole',
  };
  if (externalId) statement.Condition = { StringEquals: { 'sts:ExternalId': externalId } };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 4);
}

/** POSIX single-quote quoting: safe to paste into any sh-compatible shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function montecarloCommand(connectionId: string | null, block: Record<string, string>): string {
  const changes = `{${Object.entries(block)
    .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(', ')}}`;
  const id = connectionId ?? '<CONNECTION-ID>';
  return `montecarlo integrations update --replace-all --connection-id ${shellQuote(id)} --changes ${shellQuote(changes)}`;
}

export function awsArtefacts(target: AwsTarget, connectionId: string | null, secretArn: string): Artefacts {
  return {
    iamPolicy: iamPolicy(secretArn),
    trustPolicy: trustPolicy(target.trustedAccountId, target.externalId),
    montecarloCommand: montecarloCommand(connectionId, selfHostedBlock(target, secretArn)),
  };
}

export function vaultArtefacts(target: VaultTarget, secretPath: string): Artefacts {
  const mount = target.enginePath.replace(/^\/+|\/+$/g, '');
  const apiPath = target.kvVersion === 1 ? `${mount}/${secretPath}` : `${mount}/data/${secretPath}`;
  return { vaultPolicy: `path "${apiPath}" {\n  capabilities = ["read"]\n}\n` };
}

/** ARN shown before the secret exists: AWS appends a random 6-character suffix at creation. */
export function predictedArn(target: AwsTarget, name: string): string {
  return `arn:aws:secretsmanager:${target.region}:${target.accountId ?? '<ACCOUNT-ID>'}:secret:${name}-??????`;
}
