// The one error type the store layer throws. `kind` is for code (icons, retries, status); `message`
// is for people: it names the store, the secret, what went wrong and what to do, and never carries a
// secret value or a token (errorMapping.ts builds every message from fixed text plus names only).
export type StoreErrorKind =
  | 'not-found'
  | 'access-denied'
  | 'unreachable'
  | 'signed-out'
  | 'expired'
  | 'conflict'
  | 'sealed'
  | 'tls'
  | 'throttled'
  | 'invalid'
  | 'decryption-failure'
  | 'internal'
  | 'deleted'
  | 'disabled'
  | 'untrusted'
  | 'unknown-store'
  | 'unsupported'
  | 'timeout';

export interface StoreErrorInit {
  kind: StoreErrorKind;
  store: string;
  /** Secret path/name, when the failure concerns one. */
  path?: string;
  /** What went wrong, one sentence, no secrets. */
  problem: string;
  /** What the user can do about it. */
  action: string;
  /** The provider's error code or HTTP status (e.g. ResourceNotFoundException, 403). */
  code?: string;
  /** True when retrying later may succeed (throttled, unreachable, internal). */
  retryable?: boolean;
  /** The provider's own error text, scrubbed of secrets; for logs and heuristics, not the message. */
  detail?: string;
}

export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  readonly store: string;
  readonly path?: string;
  readonly problem: string;
  readonly action: string;
  readonly code?: string;
  readonly retryable: boolean;
  readonly detail?: string;

  constructor(init: StoreErrorInit) {
    const where = init.path ? `Store "${init.store}", secret "${init.path}"` : `Store "${init.store}"`;
    super(`${where}: ${init.problem} ${init.action}`);
    this.name = 'StoreError';
    this.kind = init.kind;
    this.store = init.store;
    this.path = init.path;
    this.problem = init.problem;
    this.action = init.action;
    this.code = init.code;
    this.retryable = init.retryable ?? false;
    this.detail = init.detail;
  }
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
