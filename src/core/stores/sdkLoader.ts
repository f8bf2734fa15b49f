// Loads the store SDKs on first use only, so activating the extension never pays for them
// (node-vault ~41 ms, AWS clients ~25-60 ms to require). loadedStoreSdks() lets tests prove it. In the
// bundles these imports read dist/storeSdks.js, so no start even parses them (scripts/build.mjs).
import type * as SecretsManagerModule from '@aws-sdk/client-secrets-manager';
import type * as CredentialProvidersModule from '@aws-sdk/credential-providers';
import type NodeVault from 'node-vault';

const loaded = new Set<string>();

/** Names of the SDK modules this process has loaded through the store layer so far. */
export function loadedStoreSdks(): string[] {
  return [...loaded].sort();
}

export async function loadNodeVault(): Promise<typeof NodeVault> {
  const mod = await import('node-vault');
  loaded.add('node-vault');
  // CommonJS export: `module.exports = fn` arrives as default (and sometimes as the module itself).
  const fn = (mod as unknown as { default?: typeof NodeVault }).default ?? (mod as unknown as typeof NodeVault);
  return fn;
}

export async function loadSecretsManager(): Promise<typeof SecretsManagerModule> {
  const mod = await import('@aws-sdk/client-secrets-manager');
  loaded.add('@aws-sdk/client-secrets-manager');
  return mod;
}

export async function loadCredentialProviders(): Promise<typeof CredentialProvidersModule> {
  const mod = await import('@aws-sdk/credential-providers');
  loaded.add('@aws-sdk/credential-providers');
  return mod;
}

/** The SDK's shared-config reader (the same parser the clients use; a dependency of the AWS SDK). */
export async function loadSharedConfigReader(): Promise<typeof import('@smithy/core/config')> {
  const mod = await import('@smithy/core/config');
  loaded.add('@smithy/core/config');
  return mod;
}

/** The SDK's SigV4 signer (a dependency of the AWS SDK's core), for Vault's AWS IAM login. */
export async function loadSignatureV4(): Promise<typeof import('@smithy/signature-v4')> {
  const mod = await import('@smithy/signature-v4');
  loaded.add('@smithy/signature-v4');
  return mod;
}
