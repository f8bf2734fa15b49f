// Resolution: a reference -> its target (./target) -> one read -> the key picked (resolutionOf). Reads
// are shared and cached in one place, ./referenceState (createResolutionSession there is the CLI's
// one-run view of it). Values stay in memory for the caller (hover reveal); they never enter a message.
import { storeErrorPolicy, ReferenceFailure } from '../stores/errorPolicy';
import { isStoreError, StoreError } from '../stores/types';
import type { SecretValue } from '../stores/types';
import type { ReferenceTarget } from './target';
import type { SecretReference } from './types';

export type ResolutionCode = ReferenceFailure | 'key-not-found';

export type Resolution =
  | {
      status: 'resolved';
      target: ReferenceTarget;
      secret: SecretValue;
      /** The referenced key's value, or the whole secret as text; sensitive: never log it. */
      value: string;
      /** Keys of a keyed secret (empty for text/binary). */
      keys: string[];
    }
  | {
      status: 'failed';
      target: ReferenceTarget | null;
      code: ResolutionCode;
      /** Names store, secret, problem and action; never a value. */
      message: string;
      storeErrorKind?: StoreError['kind'];
    };

/** Maps a store error to the diagnostic code a user sees (the store error policy's `reference`). */
export function codeForStoreError(error: StoreError): ResolutionCode {
  return storeErrorPolicy(error.kind).reference;
}

function valueAsText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function wholeSecretText(secret: SecretValue): string {
  if (secret.type === 'keyed') return JSON.stringify(secret.data);
  if (secret.type === 'text') return secret.text;
  return Buffer.from(secret.bytes).toString('base64');
}

export interface ResolutionSession {
  resolve(ref: SecretReference): Promise<Resolution>;
  /** Distinct reads started in this session (for tests and benchmarks). */
  readonly readCount: number;
}

/** What a read that threw means: a StoreError as is; anything else (a bug, an SDK surprise) without its text (it may echo input). */
export function readFailure(target: Pick<ReferenceTarget, 'store' | 'path'>, error: unknown): StoreError {
  if (isStoreError(error)) return error;
  return new StoreError({
    kind: 'internal',
    store: target.store,
    path: target.path,
    problem: 'the read failed unexpectedly.',
    action: 'See the Secret References log.',
  });
}

/** The resolution of a target from the outcome of its read (pure: the key picked, or why not). */
export function resolutionOf(target: ReferenceTarget, outcome: SecretValue | StoreError): Resolution {
  if (outcome instanceof StoreError) {
    return { status: 'failed', target, code: codeForStoreError(outcome), message: outcome.message, storeErrorKind: outcome.kind };
  }
  const keys = outcome.type === 'keyed' ? Object.keys(outcome.data) : [];
  if (target.key === null) return { status: 'resolved', target, secret: outcome, value: wholeSecretText(outcome), keys };
  if (outcome.type !== 'keyed') {
    return {
      status: 'failed',
      target,
      code: 'key-not-found',
      message: `Store "${target.store}", secret "${target.path}": the secret is ${outcome.type === 'text' ? 'plain text' : 'binary'}, not key/value, so it has no key "${target.key}". Reference the whole secret instead.`,
    };
  }
  if (!Object.prototype.hasOwnProperty.call(outcome.data, target.key)) {
    const known = keys.length ? ` Its keys: ${keys.join(', ')}.` : '';
    return {
      status: 'failed',
      target,
      code: 'key-not-found',
      message: `Store "${target.store}", secret "${target.path}" has no key "${target.key}".${known}`,
    };
  }
  return { status: 'resolved', target, secret: outcome, value: valueAsText(outcome.data[target.key]), keys };
}
