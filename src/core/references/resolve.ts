// Resolution: a reference -> its store config and one read through the store layer. A session shares
// reads, so N references to the same secret cost one read (the manager adds its own cache on top).
// Values stay in memory for the caller (hover reveal); they never enter a message.
import { storeErrorPolicy, ReferenceFailure } from '../stores/errorPolicy';
import { isStoreError, StoreError } from '../stores/types';
import type { SecretValue, StoreConfig, StoreManager } from '../stores/types';
import type { ReferenceSettings } from './settings';
import { ReferenceTarget, targetOf } from './target';
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

export interface ResolutionDeps {
  manager: Pick<StoreManager, 'read' | 'configs'>;
  settings: ReferenceSettings;
  /** Overrides manager.configs() (the CLI passes its --stores file). */
  configs?: readonly StoreConfig[];
}

/** A session shares one read per (store, path, version, stage) across every reference it resolves. */
export function createResolutionSession(deps: ResolutionDeps): ResolutionSession {
  const reads = new Map<string, Promise<SecretValue | StoreError>>();
  const configs = deps.configs ?? deps.manager.configs();
  const readShared = (target: ReferenceTarget): Promise<SecretValue | StoreError> => {
    const id = [target.store, target.path, target.options.version ?? '', target.options.stage ?? ''].join('\u0000');
    let pending = reads.get(id);
    if (!pending) {
      pending = deps.manager.read(target.store, target.path, target.options).then(
        (secret) => secret,
        (error: unknown) => {
          if (isStoreError(error)) return error;
          // Anything else is a bug or an SDK surprise: report it without its text (it may echo input).
          return new StoreError({
            kind: 'internal',
            store: target.store,
            path: target.path,
            problem: 'the read failed unexpectedly.',
            action: 'See the Secret References log.',
          });
        },
      );
      reads.set(id, pending);
    }
    return pending;
  };
  return {
    get readCount() {
      return reads.size;
    },
    async resolve(ref) {
      const found = targetOf(ref, configs, deps.settings);
      if ('problem' in found) return { status: 'failed', target: null, code: 'unknown-store', message: found.problem.message };
      const { target } = found;
      const outcome = await readShared(target);
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
    },
  };
}
