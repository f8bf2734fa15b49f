// Which store config and which read a reference means: Vault names its config; AWS and self-hosted
// references go through the AWS config whose region matches the ARN, else secretref.defaultAwsStore;
// templates through secretref.templates. Pure: no I/O.
import { isArnError, parseSecretArn } from './arn';
import { say, steps } from '../stores/storeError';
import type { ReadOptions, StoreConfig } from '../stores/types';
import { templateNamed, type ReferenceSettings } from './settings';
import type { SecretReference } from './types';

export interface ReferenceTarget {
  store: string;
  /** Vault path, or AWS secret name / ARN. */
  path: string;
  /** The key to pick from a keyed secret; null = the whole secret. */
  key: string | null;
  options: ReadOptions;
}

export interface TargetProblem {
  code: 'unknown-store';
  message: string;
}

export type TargetResult = { target: ReferenceTarget } | { problem: TargetProblem };

function enabled(config: StoreConfig): boolean {
  return config.enabled !== false;
}

/** The AWS config a secret id resolves through, or null. */
export function awsStoreFor(
  ref: Pick<SecretReference, 'arn' | 'selfHosted'>,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
): string | null {
  const aws = configs.filter((config) => config.kind === 'aws' && enabled(config));
  const region = ref.arn?.region ?? ref.selfHosted?.region ?? null;
  if (region) {
    const matching = aws.filter((config) => config.kind === 'aws' && config.region === region);
    const preferred = matching.find((config) => config.name === settings.defaultAwsStore);
    if (preferred ?? matching[0]) return (preferred ?? matching[0]).name;
  }
  if (settings.defaultAwsStore && aws.some((config) => config.name === settings.defaultAwsStore)) return settings.defaultAwsStore;
  // A single AWS config is unambiguous: use it without asking for a default.
  return !ref.arn && aws.length === 1 ? aws[0].name : null;
}

/** The store config name a reference resolves through (for `secretref refs`), or null. */
export function storeNameFor(
  ref: Pick<SecretReference, 'kind' | 'storeName' | 'templateName' | 'arn' | 'selfHosted'>,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
): string | null {
  switch (ref.kind) {
    case 'vault':
      return ref.storeName;
    case 'template':
      return ref.templateName ? (templateNamed(settings, ref.templateName)?.store ?? null) : null;
    default:
      return awsStoreFor(ref, configs, settings);
  }
}

export function targetOf(ref: SecretReference, configs: readonly StoreConfig[], settings: ReferenceSettings): TargetResult {
  if (ref.kind === 'vault') {
    const name = ref.storeName ?? '';
    const config = configs.find((candidate) => candidate.name === name);
    if (!config) {
      return problem(
        `Unknown store config "${name}": no entry of that name in secretref.stores. ${say(steps.addStore([]))} Or fix the name.`,
      );
    }
    if (config.kind !== 'vault') return problem(`Store config "${name}" is an AWS store; vault.secret(...) needs a Vault store config.`);
    if (!enabled(config)) return problem(`Store config "${name}" is disabled. Enable it in secretref.stores.`);
    return { target: { store: name, path: ref.path ?? '', key: ref.key, options: {} } };
  }
  if (ref.kind === 'template') return templateTarget(ref.templateName ?? '', ref.key, configs, settings);
  const options: ReadOptions = {};
  if (ref.versionStage) options.stage = ref.versionStage;
  if (ref.versionId) options.version = ref.versionId;
  return awsTarget(ref, ref.path ?? '', ref.kind === 'aws' ? ref.key : null, options, configs, settings);
}

function problem(message: string): TargetResult {
  return { problem: { code: 'unknown-store', message } };
}

/** The target of `{{<name>.response.<key>}}` (completion asks it for a template's keys, key null). */
export function templateTarget(
  name: string,
  key: string | null,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
): TargetResult {
  const template = name ? templateNamed(settings, name) : undefined;
  if (!template) {
    return problem(
      `Unknown template "${name}": add "${name}": { "store": "<store config>", "secret": "<secret>" } to the secretref.templates setting.`,
    );
  }
  if (!configs.some((config) => config.name === template.store)) {
    return problem(`Template "${name}" uses store config "${template.store}", which is not in secretref.stores.`);
  }
  return { target: { store: template.store, path: template.secret, key, options: {} } };
}

/** The target of an AWS secret id (name or ARN; the ARN's region picks the store config). */
export function awsSecretTarget(
  secretId: string,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
  options: ReadOptions = {},
): TargetResult {
  const arn = secretId.startsWith('arn:') ? parseSecretArn(secretId) : null;
  return awsTarget({ arn: arn && !isArnError(arn) ? arn : null, selfHosted: null }, secretId, null, options, configs, settings);
}

function awsTarget(
  ref: Pick<SecretReference, 'arn' | 'selfHosted'>,
  path: string,
  key: string | null,
  options: ReadOptions,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
): TargetResult {
  const store = awsStoreFor(ref, configs, settings);
  if (!store) {
    const region = ref.arn?.region ?? ref.selfHosted?.region;
    return problem(
      region
        ? `No AWS store config for region ${region}: add one to secretref.stores, or set secretref.defaultAwsStore.`
        : 'No AWS store config to resolve this secret: add one to secretref.stores, or set secretref.defaultAwsStore.',
    );
  }
  return { target: { store, path, key, options } };
}

/** The identity of what a target reads (store, path, version, stage): the key of cached reads. */
export function readKeyOf(target: Pick<ReferenceTarget, 'store' | 'path' | 'options'>): string {
  return [target.store, target.path, target.options.version ?? '', target.options.stage ?? ''].join('\u0000');
}
