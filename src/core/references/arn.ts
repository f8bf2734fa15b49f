// Secrets Manager ARNs: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>[-AbCdEf].
import type { ParsedArn } from './types';

const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
const SUFFIX = /-[A-Za-z0-9]{6}$/;

/** Number of colon-separated segments in a secret ARN (the name itself has no colons). */
export const ARN_SEGMENTS = 7;

/** Parses a Secrets Manager secret ARN, or returns a reason it is not one. */
export function parseSecretArn(text: string): ParsedArn | { error: string } {
  const shape = { error: 'a secret ARN has the form arn:<partition>:secretsmanager:<region>:<account-id>:secret:<name>' };
  if (!text.startsWith('arn:')) return shape;
  // Six colons after "arn": find them with indexOf rather than split (hot path of the scanner).
  const c: number[] = [3];
  for (let i = 1; i < ARN_SEGMENTS - 1; i++) {
    const next = text.indexOf(':', c[i - 1] + 1);
    if (next === -1) return shape;
    c.push(next);
  }
  if (text.indexOf(':', c[ARN_SEGMENTS - 2] + 1) !== -1) return shape;
  const partition = text.slice(c[0] + 1, c[1]);
  const region = text.slice(c[2] + 1, c[3]);
  const accountId = text.slice(c[3] + 1, c[4]);
  const resourceName = text.slice(c[5] + 1);
  if (!PARTITION.test(partition)) return { error: `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov)` };
  if (c[2] - c[1] - 1 !== 14 || !text.startsWith('secretsmanager', c[1] + 1))
    return { error: `the ARN is for "${text.slice(c[1] + 1, c[2])}", not secretsmanager` };
  if (!REGION.test(region)) return { error: `"${region}" is not an AWS region` };
  if (!ACCOUNT.test(accountId)) return { error: `"${accountId}" is not a 12-digit AWS account id` };
  if (c[5] - c[4] - 1 !== 6 || !text.startsWith('secret', c[4] + 1))
    return { error: `the ARN names a "${text.slice(c[4] + 1, c[5])}", not a secret` };
  if (!resourceName) return { error: 'the ARN has no secret name' };
  const hasRandomSuffix = resourceName.length > 7 && SUFFIX.test(resourceName);
  return {
    partition,
    region,
    accountId,
    resourceName,
    secretName: hasRandomSuffix ? resourceName.slice(0, -7) : resourceName,
    hasRandomSuffix,
  };
}

export function isArnError(value: ParsedArn | { error: string }): value is { error: string } {
  return 'error' in value;
}

/** A secret's identity across its names: an ARN stands for the secret name inside it (the reference
 *  state's invalidation and the reference index key secrets by it). */
export function secretIdentity(path: string): string {
  if (!path.startsWith('arn:')) return path;
  const arn = parseSecretArn(path);
  return isArnError(arn) ? path : arn.secretName;
}
