// What each kind of store failure means, in one table: the status it gives the store, whether a
// migration batch stops on it, and the fixes to offer. Every consumer (the store manager, the Secret
// Stores view, the migration executor, the error presenter) reads this table, so they agree.
import type { StoreError, StoreErrorKind } from './storeError';
import type { StoreStatus } from './types';

/** A fix the editor offers as a button: sign in again, edit the store config, review trust, or sign
 *  the store's AWS profile in with the AWS CLI (`aws sso login` / `aws login`, see awsProfileConfig.ts). */
export type StoreFix = 'sign-in' | 'edit-store' | 'trust' | 'aws-sso-login' | 'aws-login';

export interface StoreErrorPolicy {
  /** The store's status after a request failed this way (undefined: the failure says nothing about the store). */
  status?: StoreStatus;
  /** The store as a whole is not usable: a migration batch stops instead of trying the next connection. */
  fatalForBatch: boolean;
  fixes: readonly StoreFix[];
}

const NONE: StoreErrorPolicy = { fatalForBatch: false, fixes: [] };
const DOWN: StoreErrorPolicy = { status: 'error', fatalForBatch: true, fixes: ['edit-store'] };

export const STORE_ERROR_POLICY: Readonly<Record<StoreErrorKind, StoreErrorPolicy>> = {
  'not-found': NONE,
  conflict: NONE,
  deleted: NONE,
  'decryption-failure': NONE,
  internal: NONE,
  throttled: NONE,
  unsupported: NONE,
  'access-denied': { fatalForBatch: false, fixes: ['sign-in'] },
  invalid: { fatalForBatch: false, fixes: ['edit-store'] },
  'signed-out': { status: 'signed-out', fatalForBatch: true, fixes: ['sign-in'] },
  expired: { status: 'expired', fatalForBatch: true, fixes: ['sign-in'] },
  untrusted: { status: 'untrusted', fatalForBatch: true, fixes: ['trust'] },
  disabled: { status: 'disabled', fatalForBatch: true, fixes: ['edit-store'] },
  'unknown-store': { fatalForBatch: true, fixes: [] },
  unreachable: DOWN,
  sealed: DOWN,
  tls: DOWN,
  // A store that does not answer in time is down for this purpose: the next connection would wait as long.
  timeout: DOWN,
};

export function storeErrorPolicy(kind: StoreErrorKind): StoreErrorPolicy {
  return STORE_ERROR_POLICY[kind];
}

/** The fixes to offer for one failure: its own when it names them (an SSO login), else its kind's. */
export function storeErrorFixes(error: Pick<StoreError, 'kind' | 'fixes'>): readonly StoreFix[] {
  return error.fixes ?? STORE_ERROR_POLICY[error.kind].fixes;
}
