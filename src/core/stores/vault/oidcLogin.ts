// Vault/OpenBao OIDC login, as `bao login -method=oidc` does it (OpenBao builtin/credential/jwt/cli.go):
// - client mode (default): `PUT auth/<mount>/oidc/auth_url` with role, redirect_uri
//   (`<callbackMethod>://<callbackHost>:<callbackPort>/oidc/callback`) and a client_nonce; a loopback
//   listener receives the provider's redirect with code/state and completes the login with
//   `GET auth/<mount>/oidc/callback?state=…&code=…&client_nonce=…`;
// - device mode (OpenBao, role `callback_mode=device`, RFC 8628): auth_url answers the verification URI,
//   maybe a user code, a state and a poll_interval; `PUT auth/<mount>/oidc/poll` with state and
//   client_nonce until it stops answering authorization_pending (slow_down adds 5 s, RFC 8628 §3.5).
// Opening the browser is the caller's: the editor passes vscode.env.openExternal (after asExternalUri),
// the CLI prints the URL. No token, code or nonce reaches an error message.
import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readCaFile } from '../caFile';
import { StoreError } from '../storeError';
import { vaultTransport, type TransportRequest, type TransportResponse } from './vaultTransport';

export const DEFAULT_OIDC_PORT = 8250;
export const DEFAULT_OIDC_MOUNT = 'oidc';
/** OpenBao forgets an OIDC request after 10 minutes (oidcRequestTimeout). */
const DEFAULT_WAIT_MS = 10 * 60_000;
const SLOW_DOWN_STEP_MS = 5_000;

export interface OidcLoginOptions {
  /** Store name, for error messages. */
  store: string;
  /** Vault address, e.g. https://vault.example.com:8200. */
  url: string;
  namespace?: string;
  caPath?: string;
  /** Auth mount, default `oidc`. */
  mount?: string;
  /** Role; empty uses the mount's default_role. */
  role?: string;
  /** `client` (loopback callback, default) or `device` (OpenBao, RFC 8628). */
  callbackMode?: 'client' | 'device';
  /** Address the listener binds, default 127.0.0.1 (loopback only). */
  listenAddress?: string;
  /** Port the listener binds, default 8250. */
  port?: number;
  /** Host, port and scheme written into redirect_uri (defaults localhost, `port`, http). */
  callbackHost?: string;
  callbackPort?: number;
  callbackMethod?: 'http' | 'https';
  /** Shows the user where to sign in: opens the browser (editor) or prints the URL (CLI). In device
   *  mode `userCode` is set when the URL does not carry the code itself. */
  openBrowser: (prompt: OidcPrompt) => void | Promise<void>;
  /** Maps the local redirect_uri to the one the browser can reach (the editor's asExternalUri in a
   *  remote window, which forwards the port); the answer is what Vault and the provider see. */
  externalRedirect?: (localRedirectUri: string) => Promise<string>;
  /** Called once the listener is bound (tests and the UI read the port from it). */
  onListening?: (address: { host: string; port: number }) => void;
  signal?: AbortSignal;
  /** How long to wait for the browser or the device approval, default 10 minutes. */
  timeoutMs?: number;
  /** Per-request timeout, default 15 s. */
  requestTimeoutMs?: number;
}

export interface OidcPrompt {
  mode: 'client' | 'device';
  url: string;
  userCode?: string;
}

/** What the login returns: the token and its lease (the session takes it over). */
export interface OidcLoginResult {
  token: string;
  renewable: boolean;
  leaseDurationSeconds: number;
  policies: string[];
}

interface VaultAuth {
  client_token: string;
  renewable?: boolean;
  lease_duration?: number;
  policies?: string[];
}

type Send = (request: TransportRequest) => Promise<TransportResponse>;

const cleanMount = (mount: string | undefined): string => (mount || DEFAULT_OIDC_MOUNT).replace(/^\/+|\/+$/g, '');

export async function oidcLogin(options: OidcLoginOptions): Promise<OidcLoginResult> {
  const mount = cleanMount(options.mount);
  const ca = options.caPath ? await readCaFile(options.caPath, options.store) : undefined;
  const send = vaultTransport({ store: options.store, ca, timeoutMs: options.requestTimeoutMs ?? 15_000 }).defaults();
  const clientNonce = randomBytes(20).toString('base64url');
  if (options.signal?.aborted) throw cancelled(options.store);
  return options.callbackMode === 'device'
    ? deviceLogin(options, send, mount, clientNonce)
    : clientLogin(options, send, mount, clientNonce);
}

function api(options: OidcLoginOptions, send: Send) {
  const base = options.url.replace(/\/+$/, '');
  const headers: Record<string, string> = options.namespace ? { 'X-Vault-Namespace': options.namespace } : {};
  return async <T>(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: T; errors: string[] }> => {
    let response: TransportResponse;
    try {
      response = await send({ method, uri: `${base}/v1/${path}`, headers, json: body });
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new StoreError({
        kind: 'unreachable',
        store: options.store,
        problem: `Vault at ${base} did not answer the OIDC login (${code ?? 'network error'}).`,
        action: 'Check the store URL and that the server is running, then sign in again.',
        code,
        retryable: true,
      });
    }
    const errors = ((response.body as { errors?: unknown } | undefined)?.errors ?? []) as unknown[];
    return { status: response.statusCode, body: response.body as T, errors: errors.filter((e): e is string => typeof e === 'string') };
  };
}

function refused(options: OidcLoginOptions, mount: string, step: string, status: number, errors: string[]): StoreError {
  const detail = errors.join('; ').slice(0, 300);
  return new StoreError({
    kind: status === 403 || status === 400 ? 'signed-out' : 'invalid',
    store: options.store,
    problem: `OIDC login at auth/${mount} failed at ${step} (HTTP ${status}${detail ? `: ${detail}` : ''}).`,
    action: 'Check the OIDC mount, role and the provider, then sign in again.',
    code: `oidc-${step.replace(/\W+/g, '-')}`,
    detail,
  });
}

function cancelled(store: string): StoreError {
  return new StoreError({
    kind: 'signed-out',
    store,
    problem: 'The OIDC sign-in was cancelled.',
    action: 'Sign in again when ready.',
    code: 'cancelled',
  });
}

function timedOut(store: string, mode: string): StoreError {
  return new StoreError({
    kind: 'timeout',
    store,
    problem: `No OIDC ${mode === 'device' ? 'device approval' : 'browser callback'} arrived in time.`,
    action: 'Sign in again and complete the login in the browser.',
    code: 'oidc-timeout',
  });
}

function tokenOf(auth: VaultAuth | undefined, options: OidcLoginOptions, mount: string): OidcLoginResult {
  if (!auth?.client_token) throw refused(options, mount, 'callback', 200, ['no token in the answer']);
  return {
    token: auth.client_token,
    renewable: auth.renewable === true,
    leaseDurationSeconds: auth.lease_duration ?? 0,
    policies: auth.policies ?? [],
  };
}

async function clientLogin(options: OidcLoginOptions, send: Send, mount: string, clientNonce: string): Promise<OidcLoginResult> {
  const port = options.port ?? DEFAULT_OIDC_PORT;
  const host = options.listenAddress ?? '127.0.0.1';
  const localRedirectUri = `${options.callbackMethod ?? 'http'}://${options.callbackHost ?? 'localhost'}:${options.callbackPort ?? port}/oidc/callback`;
  const call = api(options, send);
  const listener = await listen(host, port, options.store);
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const address = listener.address() as AddressInfo;
    options.onListening?.({ host: address.address, port: address.port });
    const redirectUri = options.externalRedirect ? await options.externalRedirect(localRedirectUri) : localRedirectUri;
    const started = await call<{ data?: { auth_url?: string } }>('PUT', `auth/${mount}/oidc/auth_url`, {
      role: options.role ?? '',
      redirect_uri: redirectUri,
      client_nonce: clientNonce,
    });
    if (started.status !== 200) throw refused(options, mount, 'auth_url', started.status, started.errors);
    const authUrl = started.body?.data?.auth_url;
    if (!authUrl)
      throw refused(options, mount, 'auth_url', started.status, [
        `the server gave no auth URL for role "${options.role ?? '(default)'}" and redirect_uri ${redirectUri}; check the role's allowed_redirect_uris`,
      ]);
    const state = new URL(authUrl).searchParams.get('state') ?? undefined;
    // A proxy in front of the listener (a remote window's forwarded port) may keep its own path prefix:
    // the redirect_uri's path is accepted beside /oidc/callback.
    const paths = new Set(['/oidc/callback', new URL(redirectUri).pathname]);
    const callback = waitForCallback(listener, options.store, paths, state, async (code, callbackState) => {
      const query = new URLSearchParams({ state: callbackState, code, client_nonce: clientNonce });
      const done = await call<{ auth?: VaultAuth }>('GET', `auth/${mount}/oidc/callback?${query.toString()}`);
      if (done.status !== 200) throw refused(options, mount, 'callback', done.status, done.errors);
      return tokenOf(done.body?.auth, options, mount);
    });
    callback.catch(() => undefined); // raced below; a failure before the race must not go unhandled
    await options.openBrowser({ mode: 'client', url: authUrl });
    return await race(callback, abort.signal, options, 'client');
  } finally {
    options.signal?.removeEventListener('abort', stop);
    listener.closeAllConnections();
    listener.close();
  }
}

async function listen(host: string, port: number, store: string): Promise<http.Server> {
  const server = (await import('node:http')).createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new StoreError({
            kind: 'invalid',
            store,
            problem: `port ${port} is in use, so the OIDC callback listener cannot start on ${host}:${port}.`,
            action:
              "Set callbackPort (and the role's allowed_redirect_uris if it names a port) to a free port in the store config, or stop what listens there, then sign in again.",
            code: 'EADDRINUSE',
          }),
        );
      } else reject(error);
    });
    server.listen(port, host, () => resolve(server));
  });
}

/** Serves `paths` (/oidc/callback) until one request carries the expected state; other requests get 404/400. */
function waitForCallback(
  server: http.Server,
  store: string,
  paths: ReadonlySet<string>,
  expectedState: string | undefined,
  complete: (code: string, state: string) => Promise<OidcLoginResult>,
): Promise<OidcLoginResult> {
  return new Promise((resolve, reject) => {
    let busy = false;
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      const reply = (status: number, text: string): void => {
        res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', Connection: 'close' });
        res.end(`<!doctype html><title>secretref</title><p>${text}</p>`);
      };
      if (!paths.has(url.pathname) || req.method !== 'GET') return reply(404, 'Not found.');
      const state = url.searchParams.get('state') ?? '';
      if (busy || (expectedState !== undefined && state !== expectedState))
        return reply(400, 'This sign-in link is not the one secretref is waiting for.');
      const providerError = url.searchParams.get('error');
      const code = url.searchParams.get('code') ?? '';
      busy = true;
      if (providerError || !code) {
        reply(400, 'Sign-in failed. You can close this tab.');
        return reject(
          new StoreError({
            kind: 'signed-out',
            store,
            problem: `The OpenID provider answered ${providerError ? `"${providerError.replace(/[^\w.-]/g, '').slice(0, 60)}"` : 'without a code'}.`,
            action: 'Sign in again; if it keeps failing, ask your Vault administrator about the OIDC role.',
            code: 'oidc-provider-error',
          }),
        );
      }
      complete(code, state).then(
        (result) => {
          reply(200, 'Signed in to Vault. You can close this tab and return to the editor or terminal.');
          resolve(result);
        },
        (error: unknown) => {
          reply(400, 'Vault refused the sign-in. See the editor or terminal for details.');
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  });
}

async function race(
  work: Promise<OidcLoginResult>,
  signal: AbortSignal,
  options: OidcLoginOptions,
  mode: string,
): Promise<OidcLoginResult> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(options.store, mode)), options.timeoutMs ?? DEFAULT_WAIT_MS);
    onAbort = () => reject(cancelled(options.store));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Waits `ms` unless the signal fires first (then rejects with "cancelled"). */
function pause(ms: number, signal: AbortSignal | undefined, store: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(store));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled(store));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function deviceLogin(options: OidcLoginOptions, send: Send, mount: string, clientNonce: string): Promise<OidcLoginResult> {
  const call = api(options, send);
  const started = await call<{ data?: { auth_url?: string; user_code?: string; state?: string; poll_interval?: string } }>(
    'PUT',
    `auth/${mount}/oidc/auth_url`,
    { role: options.role ?? '', client_nonce: clientNonce },
  );
  if (started.status !== 200) throw refused(options, mount, 'auth_url', started.status, started.errors);
  const data = started.body?.data ?? {};
  if (!data.auth_url || !data.state || !data.poll_interval)
    throw refused(options, mount, 'auth_url', started.status, [
      `the server did not start a device flow for role "${options.role ?? '(default)'}"; its role needs callback_mode=device`,
    ]);
  let intervalMs = Math.max(1, Number.parseInt(data.poll_interval, 10) || 5) * 1000;
  await options.openBrowser({ mode: 'device', url: data.auth_url, ...(data.user_code ? { userCode: data.user_code } : {}) });
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_WAIT_MS);
  for (;;) {
    await pause(intervalMs, options.signal, options.store);
    if (Date.now() > deadline) throw timedOut(options.store, 'device');
    const polled = await call<{ auth?: VaultAuth }>('PUT', `auth/${mount}/oidc/poll`, { state: data.state, client_nonce: clientNonce });
    if (polled.status === 200) return tokenOf(polled.body?.auth, options, mount);
    const next = nextPollInterval(intervalMs, polled.errors);
    if (next === undefined) throw refused(options, mount, 'poll', polled.status, polled.errors);
    intervalMs = next;
  }
}

/**
 * RFC 8628 §3.5 for OpenBao's poll answers (its error text ends with the provider's error code):
 * authorization_pending keeps the interval, slow_down adds 5 seconds to it for this and every later
 * poll; anything else ends the flow (undefined).
 */
export function nextPollInterval(intervalMs: number, errors: readonly string[]): number | undefined {
  const last = errors.join(' ').trim();
  if (/slow_down$/.test(last)) return intervalMs + SLOW_DOWN_STEP_MS;
  if (/authorization_pending$/.test(last)) return intervalMs;
  return undefined;
}
