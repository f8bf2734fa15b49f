// The one error type the store layer throws. `kind` is for code (icons, retries, status); `message`
// is for people: it names the store, the secret, what went wrong and what to do, and never carries a
// secret value or a token (errorMapping.ts builds every message from fixed text plus names only).
import type { StoreFix } from './errorPolicy';
import { vaultSignInSteps } from './vault/vaultAuthMethods';

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

/**
 * Who reads a message: someone in the editor (commands, views) or at a terminal (the CLI). Only the
 * "what to do" part differs; it is written once per audience here, never duplicated per message.
 */
export type Audience = 'editor' | 'terminal';

/** An action in both audiences' words. A plain string reads the same in both. */
export interface Phrase {
  editor: string;
  terminal: string;
}

let audience: Audience = 'editor';

/** The audience new StoreErrors are worded for: the editor unless the CLI runs (speakingTo). */
export function currentAudience(): Audience {
  return audience;
}

/** Runs `work` with messages worded for `who` (the CLI wraps each command in it). */
export async function speakingTo<T>(who: Audience, work: () => Promise<T>): Promise<T> {
  const previous = audience;
  audience = who;
  try {
    return await work();
  } finally {
    audience = previous;
  }
}

/** Picks the words for the current audience. */
export function say(phrase: string | Phrase, who: Audience = audience): string {
  return typeof phrase === 'string' ? phrase : phrase[who];
}

/** The steps messages point to, in editor and terminal words (one home for each). */
export const steps = {
  /** How to give a config credentials. */
  signIn(
    config: { kind: 'vault' | 'aws'; auth?: string; url?: string; username?: string; authPath?: string },
    editorDetail = 'for this config',
  ): Phrase {
    if (config.kind === 'vault') return vaultSignInSteps(config as Parameters<typeof vaultSignInSteps>[0]);
    const terminal =
      'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment, or pass --stores <file> with a config of your own.';
    return { editor: `Run "Secret References: Sign In to Store" ${editorDetail}.`, terminal };
  },
  editConfig: {
    editor: 'Edit the store config ("Secret References: Edit Store").',
    terminal: 'Fix the store config in the --stores file (or .vscode/settings.json).',
  },
  addStore(known: readonly string[]): Phrase {
    const use = known.length ? `Use one of: ${known.join(', ')}; or ` : '';
    return {
      editor: `${use}${use ? 'add' : 'Add'} it with "Secret References: Add Store".`,
      terminal: `${use}${use ? 'add' : 'Add'} a config of that name to the --stores file.`,
    };
  },
  testConnection: {
    editor: 'Check the store config; run "Secret References: Test Store Connection" for details.',
    terminal: 'Check the store config and that the server answers (e.g. "vault status" or "aws sts get-caller-identity").',
  },
  undelete: {
    editor: 'Undelete the version (Secret Stores view) or read another version.',
    terminal: 'Undelete the version (e.g. "vault kv undelete") or read another version.',
  },
  credentialsInSettings: {
    editor: 'credentials are kept in VS Code\'s secret storage (run "Sign In to Store")',
    terminal: 'credentials come from the environment (VAULT_TOKEN with VAULT_ADDR, AWS_ACCESS_KEY_ID, ...)',
  },
};

export interface StoreErrorInit {
  kind: StoreErrorKind;
  store: string;
  /** Secret path/name, when the failure concerns one. */
  path?: string;
  /** What went wrong, one sentence, no secrets. */
  problem: string;
  /** What the user can do about it, in one audience's words or both (see Phrase). */
  action: string | Phrase;
  /** The provider's error code or HTTP status (e.g. ResourceNotFoundException, 403). */
  code?: string;
  /** True when retrying later may succeed (throttled, unreachable, internal). */
  retryable?: boolean;
  /** The provider's own error text, scrubbed of secrets; for logs and heuristics, not the message. */
  detail?: string;
  /** Fixes for this very failure, in place of its kind's (errorPolicy.ts), e.g. an AWS SSO login. */
  fixes?: readonly StoreFix[];
}

export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  readonly store: string;
  readonly path?: string;
  readonly problem: string;
  readonly action: string;
  /** The action in both audiences' words. */
  readonly actions: Phrase;
  readonly code?: string;
  readonly retryable: boolean;
  readonly detail?: string;
  readonly fixes?: readonly StoreFix[];

  constructor(init: StoreErrorInit) {
    const where = init.path ? `Store "${init.store}", secret "${init.path}"` : `Store "${init.store}"`;
    const actions: Phrase = typeof init.action === 'string' ? { editor: init.action, terminal: init.action } : init.action;
    super(`${where}: ${init.problem} ${say(actions)}`);
    this.name = 'StoreError';
    this.kind = init.kind;
    this.store = init.store;
    this.path = init.path;
    this.problem = init.problem;
    this.action = say(actions);
    this.actions = actions;
    this.code = init.code;
    this.retryable = init.retryable ?? false;
    this.detail = init.detail;
    if (init.fixes) this.fixes = init.fixes;
  }
}

/** The error's message worded for `who`. */
export function describeStoreError(error: StoreError, who: Audience): string {
  const where = error.path ? `Store "${error.store}", secret "${error.path}"` : `Store "${error.store}"`;
  return `${where}: ${error.problem} ${say(error.actions, who)}`;
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
