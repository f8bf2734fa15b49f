// What each kind of store failure means, in one table: the status it gives the store, whether a
// migration batch stops on it, the fixes to offer and the code a reference that fails this way gets.
// Every consumer (the store manager, the Secret Stores view, the migration executor, the error
// presenter, reference resolution in the editor and `secretref check --resolve`) reads this table.
import type { StoreError, StoreErrorKind } from './storeError';
import type { StoreStatus } from './types';

/** A fix the editor offers as a button: sign in again, edit the store config, review trust, or sign
 *  the store's AWS profile in with the AWS CLI (`aws sso login` / `aws login`, see awsProfileConfig.ts). */
export type StoreFix = 'sign-in' | 'edit-store' | 'trust' | 'aws-sso-login' | 'aws-login';

/** What a reference that cannot be resolved because of the failure is reported as (references/resolve.ts). */
export type ReferenceFailure = 'secret-not-found' | 'unknown-store' | 'access-denied' | 'signed-out' | 'store-unreachable';

export interface StoreErrorPolicy {
  /** The store's status after a request failed this way (undefined: the failure says nothing about the store). */
  status?: StoreStatus;
  /** The store as a whole is not usable: a migration batch stops instead of trying the next connection. */
  fatalForBatch: boolean;
  fixes: readonly StoreFix[];
  /** A reference this failure leaves unresolved: its diagnostic code. */
  reference: ReferenceFailure;
}

const NONE: StoreErrorPolicy = { fatalForBatch: false, fixes: [], reference: 'store-unreachable' };
const DOWN: StoreErrorPolicy = { status: 'error', fatalForBatch: true, fixes: ['edit-store'], reference: 'store-unreachable' };
const MISSING: StoreErrorPolicy = { fatalForBatch: false, fixes: [], reference: 'secret-not-found' };

export const STORE_ERROR_POLICY: Readonly<Record<StoreErrorKind, StoreErrorPolicy>> = {
  'not-found': MISSING,
  conflict: NONE,
  deleted: MISSING,
  'decryption-failure': { fatalForBatch: false, fixes: [], reference: 'access-denied' },
  internal: NONE,
  throttled: NONE,
  unsupported: NONE,
  'access-denied': { fatalForBatch: false, fixes: ['sign-in'], reference: 'access-denied' },
  invalid: { fatalForBatch: false, fixes: ['edit-store'], reference: 'secret-not-found' },
  // Signed out or expired: nothing is wrong with the store or the reference; the user signs in.
  'signed-out': { status: 'signed-out', fatalForBatch: true, fixes: ['sign-in'], reference: 'signed-out' },
  expired: { status: 'expired', fatalForBatch: true, fixes: ['sign-in'], reference: 'signed-out' },
  untrusted: { status: 'untrusted', fatalForBatch: true, fixes: ['trust'], reference: 'store-unreachable' },
  disabled: { status: 'disabled', fatalForBatch: true, fixes: ['edit-store'], reference: 'store-unreachable' },
  'unknown-store': { fatalForBatch: true, fixes: [], reference: 'unknown-store' },
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
