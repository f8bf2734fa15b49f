// Turns a read secret into the one string a reference points at (a key of a keyed secret, the
// whole text, or base64 of binary), with not-found errors that list key names, never values.
import { StoreError } from './storeError';
import type { SecretValue } from './types';

export function secretKeyNames(value: SecretValue): string[] {
  return value.type === 'keyed' ? Object.keys(value.data) : [];
}

export function valueToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value);
}

export function secretKeyValue(secret: SecretValue, key?: string): string {
  if (secret.type === 'binary') {
    if (key) throw keyError(secret, key, 'The secret is binary (SecretBinary) and has no keys.');
    return Buffer.from(secret.bytes).toString('base64');
  }
  if (secret.type === 'text') {
    if (key) throw keyError(secret, key, 'The secret is plain text, not a JSON object, so it has no keys.');
    return secret.text;
  }
  if (!key) return JSON.stringify(secret.data);
  if (!Object.prototype.hasOwnProperty.call(secret.data, key)) {
    const names = Object.keys(secret.data);
    throw keyError(secret, key, `It has no key "${key}"${names.length ? ` (keys: ${names.join(', ')})` : ''}.`);
  }
  return valueToString(secret.data[key]);
}

function keyError(secret: SecretValue, key: string, problem: string): StoreError {
  return new StoreError({
    kind: 'not-found',
    store: secret.store,
    path: `${secret.path}.${key}`,
    problem,
    action: 'Check the key name in the reference.',
  });
}
