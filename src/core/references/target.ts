// Which store config and which read a reference means: Vault names its config; AWS and self-hosted
// references go through the AWS config whose region matches the ARN, else secretref.defaultAwsStore;
// templates through secretref.templates. Pure: no I/O.
import { say, steps } from '../stores/storeError';
import type { ReadOptions, StoreConfig } from '../stores/types';
import type { ReferenceSettings } from './settings';
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
export function awsStoreFor(ref: SecretReference, configs: readonly StoreConfig[], settings: ReferenceSettings): string | null {
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
export function storeNameFor(ref: SecretReference, configs: readonly StoreConfig[], settings: ReferenceSettings): string | null {
  switch (ref.kind) {
    case 'vault':
      return ref.storeName;
    case 'template':
      return ref.templateName ? (settings.templates[ref.templateName]?.store ?? null) : null;
    default:
      return awsStoreFor(ref, configs, settings);
  }
}

export function targetOf(ref: SecretReference, configs: readonly StoreConfig[], settings: ReferenceSettings): TargetResult {
  const problem = (message: string): TargetResult => ({ problem: { code: 'unknown-store', message } });
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
  if (ref.kind === 'template') {
    const name = ref.templateName ?? '';
    const template = ref.templateName ? settings.templates[name] : undefined;
    if (!template) {
      return problem(
        `Unknown template "${name}": add "${name}": { "store": "<store config>", "secret": "<secret>" } to the secretref.templates setting.`,
      );
    }
    if (!configs.some((config) => config.name === template.store)) {
      return problem(`Template "${name}" uses store config "${template.store}", which is not in secretref.stores.`);
    }
    return { target: { store: template.store, path: template.secret, key: ref.key, options: {} } };
  }
  const store = awsStoreFor(ref, configs, settings);
  if (!store) {
    const region = ref.arn?.region ?? ref.selfHosted?.region;
    return problem(
      region
        ? `No AWS store config for region ${region}: add one to secretref.stores, or set secretref.defaultAwsStore.`
        : 'No AWS store config to resolve this secret: add one to secretref.stores, or set secretref.defaultAwsStore.',
    );
  }
  const options: ReadOptions = {};
  if (ref.versionStage) options.stage = ref.versionStage;
  if (ref.versionId) options.version = ref.versionId;
  return { target: { store, path: ref.path ?? '', key: ref.kind === 'aws' ? ref.key : null, options } };
}
