// Builds the SecretStore implementation for a config. The implementations load their SDKs lazily
// (sdkLoader), so importing this file costs nothing at activation.
import { AwsStore } from './aws/awsStore';
import type { ResolvedStoreConfig, SecretStore, StoreCredentials, StoreStatus } from './types';
import { VaultStore } from './vault/vaultStore';

export interface StoreFactoryOptions {
  onStatus?: (status: StoreStatus) => void;
  /** Request timeout for Vault and AWS (ms, per attempt). */
  timeoutMs?: number;
  /** AWS SDK attempts (throttling/transient retries with backoff). */
  maxAttempts?: number;
  /** Called once per HTTP request a store sends. */
  onRequest?: () => void;
  /** See StoreManagerOptions.allowedAwsEndpoints. */
  allowedAwsEndpoints?: readonly string[];
}

export function createStore(
  config: ResolvedStoreConfig,
  credentials: StoreCredentials | undefined,
  options: StoreFactoryOptions = {},
): SecretStore {
  if (config.kind === 'vault')
    return new VaultStore(config, credentials, { onStatus: options.onStatus, timeoutMs: options.timeoutMs, onRequest: options.onRequest });
  return new AwsStore(config, credentials, {
    maxAttempts: options.maxAttempts,
    onRequest: options.onRequest,
    timeoutMs: options.timeoutMs,
    allowedEndpoints: options.allowedAwsEndpoints,
  });
}
