// One authenticated connection to a Vault/OpenBao server: node-vault client (CA, namespace), login
// (a kept token: pasted, from the CLI's session or from a userpass/LDAP sign-in; AppRole, or the worker/runner flow with a wrapped secret-id of Cloudomation Engine, "Secret
// Handling": https://docs.cloudomation.com/engine/8/docs/vault-integration), auto-renew of
// renewable tokens before they expire, and a clear "expired, sign in again" at max TTL.
import type NodeVault from 'node-vault';
import { readCaFile } from '../caFile';
import { mapVaultError } from '../errorMapping';
import { withRetry } from '../retry';
import { loadNodeVault } from '../sdkLoader';
import { steps, StoreError, type Phrase } from '../storeError';
import type { StoreCredentials, StoreStatus, VaultStoreConfig } from '../types';
import { vaultTransport } from './vaultTransport';
import { signAwsIamLogin } from './awsIamLogin';
import { authMount, VAULT_AUTH_METHODS } from './vaultAuthMethods';

const silent = Object.assign(() => undefined, { enabled: false });

export interface VaultRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** API path without /v1/, e.g. `secret/data/apps/db`. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send no token (login calls) or this token instead of the session's. */
  token?: string | null;
  /** For error messages. */
  secretPath?: string;
  operation: string;
}

export interface VaultSessionOptions {
  onStatus?: (status: StoreStatus) => void;
  /** Request timeout, default 15 s. */
  timeoutMs?: number;
  /** Called once per HTTP request sent (benchmarks and tests count requests with it). */
  onRequest?: () => void;
}

/** What tests and the UI may know about the token (never the token). */
export interface VaultTokenInfo {
  renewable: boolean;
  expiresAt?: number;
  renewals: number;
  /** True once a renewal was capped by the token's max TTL. */
  atMaxTtl: boolean;
  displayName?: string;
  policies?: string[];
}

const RENEW_FRACTION = 2 / 3;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** HTTP 429 (rate-limit quotas) is retried with backoff: waits of ~0.25, 0.5, 1 and 2 s. */
const VAULT_RETRY = { attempts: 5, baseDelayMs: 250 };

/**
 * Vault answers 403 both for an unknown/expired token and for a missing policy. The token check
 * fails with a bare "permission denied" (or "invalid token"); an ACL refusal comes wrapped as
 * "1 error occurred: * permission denied". Only the former means "sign in again".
 */
function tokenIsInvalid(error: StoreError): boolean {
  const detail = (error.detail ?? '').trim();
  return /invalid token|bad token|token (is )?expired/i.test(detail) || /^permission denied$/i.test(detail);
}

export class VaultSession {
  private client?: NodeVault.client;
  private token?: string;
  private info: VaultTokenInfo = { renewable: false, renewals: 0, atMaxTtl: false };
  private ttlIncrement?: number;
  private renewTimer?: NodeJS.Timeout;
  private expiryTimer?: NodeJS.Timeout;
  private loginPromise?: Promise<void>;
  private disposed = false;
  readonly secrets: string[];

  constructor(
    readonly config: VaultStoreConfig,
    private readonly credentials: StoreCredentials | undefined,
    private readonly options: VaultSessionOptions = {},
  ) {
    this.secrets = Object.values(credentials ?? {}).filter((v): v is string => typeof v === 'string');
  }

  get url(): string {
    return this.config.url.replace(/\/+$/, '');
  }

  tokenInfo(): VaultTokenInfo {
    return { ...this.info };
  }

  /** Sends a request with the session's token, logging in first when needed. */
  async request<T = unknown>(req: VaultRequest): Promise<T> {
    if (req.token === undefined) await this.ensureToken();
    try {
      return await withRetry(() => this.raw<T>(req), VAULT_RETRY);
    } catch (error) {
      if (error instanceof StoreError && error.kind === 'access-denied' && req.token === undefined) {
        throw await this.explainDenied(error, req);
      }
      throw error;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    this.token = undefined;
  }

  /**
   * userpass / LDAP: exchanges the password for a token at auth/<mount>/login/<username>. The password
   * is sent once and kept nowhere (only in this session's scrub list, for error text); wrong
   * credentials are a signed-out StoreError, nothing else changes.
   */
  async passwordLogin(password: string): Promise<string> {
    const mount = authMount(this.config);
    const username = this.config.username;
    if (!username) throw this.invalid('The username is missing from the store config ("username").');
    this.secrets.push(password);
    return this.loginForToken(
      {
        method: 'POST',
        path: `auth/${mount}/login/${encodeURIComponent(username)}`,
        body: { password },
        token: null,
        operation: `sign in as "${username}"`,
      },
      (error) => ({
        problem: `Sign-in as "${username}" at auth/${mount} failed (${error.code ?? error.kind}): wrong username or password, or no such auth method there.`,
        action: {
          editor: 'Check the username (Edit Store) and the password, then sign in again.',
          terminal: `Check the username and the password, then try again. ${steps.signIn(this.config).terminal}`,
        },
      }),
    );
  }

  /**
   * AWS IAM: a GetCallerIdentity signed with the config's AWS profile (awsIamLogin.ts) exchanged at
   * auth/<mount>/login for a token. The signature and the AWS credentials go to this session's scrub
   * list; a refusal (wrong server id, unknown IAM principal, no such role) is a signed-out StoreError
   * that says which in Vault's words, and nothing else changes.
   */
  async awsIamLogin(): Promise<string> {
    const mount = authMount(this.config);
    const role = this.config.awsIam?.role;
    const signed = await signAwsIamLogin(this.config, { timeoutMs: this.options.timeoutMs });
    this.secrets.push(...signed.secrets);
    return this.loginForToken(
      {
        method: 'POST',
        path: `auth/${mount}/login`,
        body: { ...(role ? { role } : {}), ...signed.data },
        token: null,
        operation: `sign in with AWS IAM${role ? ` as role "${role}"` : ''}`,
      },
      (error) => ({
        problem: `The AWS IAM sign-in at auth/${mount}${role ? ` (role "${role}")` : ''} was refused (${error.code ?? error.kind}): ${error.detail ?? 'no reason given'}.`,
        action: {
          editor: 'Check the role, the server id and the AWS profile (Edit Store), then sign in again.',
          terminal: `Check the role, the server id ("awsIam.serverId") and the AWS profile, then try again. ${steps.signIn(this.config).terminal}`,
        },
      }),
    );
  }

  /** A login call that answers a token: a refusal (not a refused redirect) is signed-out, in `refused`'s words. */
  private async loginForToken(req: VaultRequest, refused: (error: StoreError) => { problem: string; action: Phrase }): Promise<string> {
    const response = await this.raw<{ auth?: VaultAuth }>(req).catch((error: unknown) => {
      if (
        error instanceof StoreError &&
        error.code !== 'redirect' &&
        (error.kind === 'invalid' || error.kind === 'access-denied' || error.kind === 'not-found')
      ) {
        throw new StoreError({ ...error, kind: 'signed-out', ...refused(error), store: this.config.name });
      }
      throw error;
    });
    const token = response.auth?.client_token;
    if (!token) throw this.invalid(`Vault answered the request to ${req.operation} (${req.path}) without a token.`);
    this.secrets.push(token);
    return token;
  }

  /** Sign Out: revokes the session's token (auth/token/revoke-self) when secretref's own login made it. */
  async revoke(): Promise<boolean> {
    if (!VAULT_AUTH_METHODS[this.config.auth].revokesOnSignOut) return false;
    const token = this.token ?? (this.keepsToken ? this.credentials?.token : undefined);
    if (!token) return false;
    try {
      await this.raw({ method: 'POST', path: 'auth/token/revoke-self', token, operation: 'revoke the token' });
      return true;
    } catch (error) {
      // Already expired or revoked: nothing left to revoke.
      if (error instanceof StoreError && error.kind === 'access-denied') return false;
      throw error;
    } finally {
      this.dispose();
    }
  }

  private async raw<T>(req: VaultRequest): Promise<T> {
    const client = await this.getClient();
    const headers: Record<string, string> = { ...req.headers };
    const token = req.token === undefined ? this.token : req.token;
    if (token) headers['X-Vault-Token'] = token;
    // node-vault falls back to client.token when no header is given: keep it empty on purpose.
    this.options.onRequest?.();
    try {
      return (await client.request({
        path: `/${req.path}`,
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { json: req.body }),
      })) as T;
    } catch (error) {
      throw mapVaultError(
        error,
        { store: this.config.name, path: req.secretPath, operation: req.operation, secrets: this.allSecrets() },
        this.url,
      );
    }
  }

  private allSecrets(): string[] {
    return this.token ? [...this.secrets, this.token] : this.secrets;
  }

  private async getClient(): Promise<NodeVault.client> {
    if (this.client) return this.client;
    const vault = await loadNodeVault();
    const ca = this.config.caPath ? await readCaFile(this.config.caPath, this.config.name) : undefined;
    const options = {
      endpoint: this.url,
      apiVersion: 'v1',
      namespace: this.config.namespace || undefined,
      // Our own request layer (no redirect to another origin, no logging) instead of axios.
      'request-promise': vaultTransport({ store: this.config.name, ca, timeoutMs: this.options.timeoutMs ?? 15_000 }),
      // node-vault's `debug` logging prints request bodies (written values) under DEBUG=node-vault.
      debug: silent,
    };
    const client = vault(options);
    // node-vault treats any non-2xx answer whose path merely contains "sys/health" as a success
    // (a secret at "apps/sys/health" turned refusals into TypeErrors): only the health endpoint itself.
    const handle = client.handleVaultResponse.bind(client) as (response: unknown) => Promise<unknown>;
    const healthPath = `${new URL(this.url).pathname.replace(/\/+$/, '')}/v1/sys/health`;
    (client as unknown as { handleVaultResponse: (r: unknown) => Promise<unknown> }).handleVaultResponse = (response: unknown) => {
      const r = response as { statusCode?: number; request?: { path?: string }; body?: unknown } | undefined;
      if (r && r.statusCode !== 200 && r.statusCode !== 204 && r.request?.path !== healthPath) {
        return Promise.reject(Object.assign(new Error(`Status ${r.statusCode}`), { response: { statusCode: r.statusCode, body: r.body } }));
      }
      return handle(response);
    };
    // Never let node-vault pick VAULT_TOKEN from the environment.
    client.token = '';
    (client as unknown as { namespace: string }).namespace = this.config.namespace ?? '';
    this.client = client;
    return client;
  }

  private async ensureToken(): Promise<void> {
    if (this.disposed) throw this.signedOut('The store connection was closed.');
    if (this.token && (this.info.expiresAt === undefined || Date.now() < this.info.expiresAt)) return;
    if (this.token && this.keepsToken) throw this.expired();
    this.loginPromise ??= this.login().finally(() => {
      this.loginPromise = undefined;
    });
    await this.loginPromise;
  }

  /** The config's method keeps a token (pasted, the CLI's, or from a password sign-in): no re-login. */
  private get keepsToken(): boolean {
    return VAULT_AUTH_METHODS[this.config.auth].keeps === 'token';
  }

  private async login(): Promise<void> {
    this.clearTimers();
    this.token = undefined;
    const creds = this.credentials ?? {};
    const auth = this.config.auth;
    if (this.keepsToken) {
      if (!creds.token) throw this.signedOut('Not signed in: there is no Vault token for this config.');
      this.token = creds.token;
      await this.lookupSelf();
    } else {
      const mount = authMount(this.config);
      if (!this.config.roleId) throw this.invalid('The AppRole role-id is missing from the store config ("roleId").');
      if (!creds.secretId) throw this.signedOut('No AppRole secret-id is stored for this config.');
      if (auth === 'approle') {
        await this.applyLogin(await this.appRoleLogin(mount, this.config.roleId, creds.secretId, 'sign in with AppRole'));
      } else {
        await this.applyLogin(await this.workerRunnerLogin(mount, this.config.roleId, creds.secretId));
      }
    }
    this.options.onStatus?.('signed-in');
  }

  private async appRoleLogin(mount: string, roleId: string, secretId: string, operation: string): Promise<VaultAuth> {
    const response = await withRetry(() =>
      this.raw<{ auth: VaultAuth }>({
        method: 'POST',
        path: `auth/${mount}/login`,
        body: { role_id: roleId, secret_id: secretId },
        token: null,
        operation,
      }),
    ).catch((error: unknown) => {
      // A refused redirect says what happened itself; other refusals mean bad credentials.
      if (error instanceof StoreError && error.code !== 'redirect' && (error.kind === 'invalid' || error.kind === 'access-denied')) {
        throw new StoreError({
          ...error,
          kind: 'signed-out',
          problem: `AppRole login at auth/${mount} failed (${error.code ?? error.kind}).`,
          action: 'Check the role-id and secret-id (it may have expired or used up its uses), then sign in again.',
          store: this.config.name,
        });
      }
      throw error;
    });
    return response.auth;
  }

  /** Cloudomation Engine's AppRole worker and runner: the worker may only fetch a wrapped secret-id
   *  for the runner role; the runner
   *  unwraps it and logs in. The worker's token is revoked straight after. */
  private async workerRunnerLogin(mount: string, workerRoleId: string, workerSecretId: string): Promise<VaultAuth> {
    const runnerRole = this.config.runnerRoleName;
    const runnerRoleId = this.config.runnerRoleId;
    if (!runnerRole || !runnerRoleId)
      throw this.invalid('The runner role name and role-id ("runnerRoleName", "runnerRoleId") are missing from the store config.');
    const worker = await this.appRoleLogin(mount, workerRoleId, workerSecretId, 'sign in the AppRole worker');
    this.secrets.push(worker.client_token);
    try {
      const wrapped = await this.raw<{ wrap_info?: { token: string } }>({
        method: 'POST',
        path: `auth/${mount}/role/${encodeURIComponent(runnerRole)}/secret-id`,
        headers: { 'X-Vault-Wrap-TTL': '60s' },
        token: worker.client_token,
        operation: `fetch a wrapped secret-id for runner role "${runnerRole}"`,
      });
      const wrapToken = wrapped.wrap_info?.token;
      if (!wrapToken) throw this.invalid(`Vault returned no wrapped secret-id for runner role "${runnerRole}".`);
      this.secrets.push(wrapToken);
      const unwrapped = await this.raw<{ data: { secret_id: string } }>({
        method: 'POST',
        path: 'sys/wrapping/unwrap',
        token: wrapToken,
        operation: 'unwrap the runner secret-id',
      });
      this.secrets.push(unwrapped.data.secret_id);
      return await this.appRoleLogin(mount, runnerRoleId, unwrapped.data.secret_id, `sign in the AppRole runner "${runnerRole}"`);
    } finally {
      await this.raw({
        method: 'POST',
        path: 'auth/token/revoke-self',
        token: worker.client_token,
        operation: 'revoke the worker token',
      }).catch(() => undefined);
    }
  }

  private async applyLogin(auth: VaultAuth): Promise<void> {
    this.token = auth.client_token;
    this.secrets.push(auth.client_token);
    this.info = {
      renewable: auth.renewable,
      renewals: 0,
      atMaxTtl: false,
      expiresAt: auth.lease_duration > 0 ? Date.now() + auth.lease_duration * 1000 : undefined,
      policies: auth.policies,
    };
    this.ttlIncrement = auth.lease_duration > 0 ? auth.lease_duration : undefined;
    this.scheduleRenewal(auth.lease_duration);
  }

  private async lookupSelf(): Promise<void> {
    let d: TokenLookup;
    try {
      d = (await this.raw<{ data: TokenLookup }>({ method: 'GET', path: 'auth/token/lookup-self', operation: 'check the token' })).data;
    } catch (error) {
      if (!(error instanceof StoreError && error.kind === 'access-denied')) throw error;
      if (tokenIsInvalid(error)) throw this.expired('The Vault token is invalid, expired or revoked.');
      // A valid token without the default policy may not look itself up: use it without renewal.
      this.info = { renewable: false, renewals: 0, atMaxTtl: false };
      return;
    }
    this.info = {
      renewable: Boolean(d.renewable),
      renewals: 0,
      atMaxTtl: false,
      expiresAt: d.ttl > 0 ? Date.now() + d.ttl * 1000 : undefined,
      displayName: d.display_name,
      policies: d.policies,
    };
    this.ttlIncrement = d.creation_ttl > 0 ? d.creation_ttl : d.ttl;
    this.scheduleRenewal(d.ttl);
  }

  private scheduleRenewal(ttlSeconds: number): void {
    this.clearTimers();
    if (!(ttlSeconds > 0) || this.disposed) return;
    if (this.info.expiresAt !== undefined) this.armExpiryTimer();
    if (!this.info.renewable || this.config.autoRenew === false || this.info.atMaxTtl) return;
    // Long-lived tokens renew early rather than overflow setTimeout's 2^31 ms limit: harmless.
    this.renewTimer = setTimeout(() => void this.renew(), Math.min(MAX_TIMER_MS, Math.max(200, ttlSeconds * 1000 * RENEW_FRACTION)));
    this.renewTimer.unref?.();
  }

  private armExpiryTimer(): void {
    const remaining = Math.max(0, (this.info.expiresAt ?? 0) - Date.now());
    this.expiryTimer = setTimeout(
      () => (Date.now() >= (this.info.expiresAt ?? 0) ? this.onExpired() : this.armExpiryTimer()),
      Math.min(MAX_TIMER_MS, remaining),
    );
    this.expiryTimer.unref?.();
  }

  private async renew(): Promise<void> {
    if (!this.token || this.disposed) return;
    try {
      const response = await this.raw<{ auth: VaultAuth; warnings?: string[] }>({
        method: 'POST',
        path: 'auth/token/renew-self',
        body: this.ttlIncrement ? { increment: `${this.ttlIncrement}s` } : {},
        operation: 'renew the token',
      });
      const lease = response.auth.lease_duration;
      this.info.renewals++;
      this.info.expiresAt = Date.now() + lease * 1000;
      // A renewal shorter than asked for means the max TTL caps the token: no further renewals help.
      if (
        (this.ttlIncrement !== undefined && lease < this.ttlIncrement) ||
        (response.warnings ?? []).some((w) => /max_ttl|max ttl/i.test(w))
      ) {
        this.info.atMaxTtl = true;
      }
      this.scheduleRenewal(lease);
    } catch {
      // Keep the current expiry; the expiry timer reports "expired" if the token runs out.
      this.info.atMaxTtl = true;
      this.scheduleRenewal(Math.max(0, ((this.info.expiresAt ?? 0) - Date.now()) / 1000));
    }
  }

  private onExpired(): void {
    if (this.disposed) return;
    if (this.keepsToken) {
      this.options.onStatus?.('expired');
    } else {
      // AppRole sessions log in again on the next request.
      this.token = undefined;
    }
  }

  /** A 403 can mean "no policy" or "token gone": ask Vault which. */
  private async explainDenied(error: StoreError, req: VaultRequest): Promise<StoreError> {
    if (this.info.expiresAt !== undefined && Date.now() >= this.info.expiresAt) return this.expired(undefined, req.secretPath);
    if (!tokenIsInvalid(error)) return error;
    try {
      await this.raw({ method: 'GET', path: 'auth/token/lookup-self', operation: 'check the token' });
      return error;
    } catch (lookupError) {
      if (lookupError instanceof StoreError && lookupError.kind === 'access-denied' && tokenIsInvalid(lookupError)) {
        if (!this.keepsToken) this.token = undefined;
        return this.expired('The Vault token is no longer valid (expired or revoked).', req.secretPath);
      }
      return error;
    }
  }

  private clearTimers(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.renewTimer = undefined;
    this.expiryTimer = undefined;
  }

  private expired(problem = 'The Vault token has expired: it reached its maximum TTL and cannot be renewed.', path?: string): StoreError {
    this.options.onStatus?.('expired');
    return new StoreError({
      kind: 'expired',
      store: this.config.name,
      path,
      problem,
      action: {
        editor: `Sign in again: ${steps.signIn(this.config).editor}`,
        terminal: `Sign in again: ${steps.signIn(this.config).terminal}`,
      },
    });
  }

  private signedOut(problem: string): StoreError {
    this.options.onStatus?.('signed-out');
    return new StoreError({ kind: 'signed-out', store: this.config.name, problem, action: steps.signIn(this.config) });
  }

  private invalid(problem: string): StoreError {
    return new StoreError({ kind: 'invalid', store: this.config.name, problem, action: steps.editConfig });
  }
}

interface VaultAuth {
  client_token: string;
  lease_duration: number;
  renewable: boolean;
  policies?: string[];
}

interface TokenLookup {
  ttl: number;
  creation_ttl: number;
  renewable: boolean;
  display_name?: string;
  policies?: string[];
}
