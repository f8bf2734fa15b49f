// The HTTP layer under node-vault, for every Vault call (login, read, write, list, renew). node-vault's
// own layer is axios, which follows up to 21 redirects to any host, https to http included, and
// resends X-Vault-Token, the AppRole secret_id and (307/308) the body with the secret. This one:
// - follows a redirect only within the same origin (scheme, host, port), at most MAX_REDIRECTS times;
//   any other redirect is a StoreError naming it (from -> to) and what to do;
// - refuses a request whose path the URL parser would rewrite ("..", "%2e%2e"): the path sent is
//   exactly the path asked for;
// - logs nothing (node-vault's `debug` logging, which printed tokens and values, is replaced too).
// node:http and node:https load with the first request: at the start of every front end (the language
// server, `secretref check`, the extension) they cost ~8 ms, and most starts never reach a store.
import type * as http from 'node:http';
import type * as https from 'node:https';
import { StoreError } from '../storeError';

export const MAX_REDIRECTS = 3;
/** Vault answers are small; a runaway body must not exhaust memory. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** What node-vault hands its request layer (the request-promise shape it was written for). */
export interface TransportRequest {
  method: string;
  uri: string;
  headers?: Record<string, string>;
  json?: unknown;
}

/** What node-vault expects back. */
export interface TransportResponse {
  statusCode: number;
  body: unknown;
  request: { path: string };
}

export interface VaultTransportOptions {
  store: string;
  ca?: Buffer;
  timeoutMs: number;
}

/** The `request-promise` option of node-vault: `.defaults()` gives the request function. */
export function vaultTransport(options: VaultTransportOptions): { defaults(): (request: TransportRequest) => Promise<TransportResponse> } {
  let agent: Promise<https.Agent | undefined> | undefined;
  const agentOnce = () =>
    (agent ??= options.ca
      ? import('node:https').then(({ Agent }) => new Agent({ ca: options.ca, keepAlive: true }))
      : Promise.resolve(undefined));
  return { defaults: () => async (request) => send(request, options, await agentOnce()) };
}

function redirectError(store: string, from: URL, to: string, why: string): StoreError {
  return new StoreError({
    kind: 'invalid',
    store,
    problem: `Vault at ${from.origin} answered ${from.pathname} with a redirect to ${to} (${why}); secretref does not follow it, so no token, secret-id or value was sent there.`,
    action:
      "If that is your Vault server's real address, set the store config's URL to it; otherwise check the URL and whoever answers at it.",
    code: 'redirect',
  });
}

/** The path as given, before the URL parser resolves dot segments. */
function literalPath(uri: string, url: URL): string {
  const rest = uri.slice(uri.indexOf('//') + 2);
  const slash = rest.indexOf('/');
  const path = slash < 0 ? '/' : rest.slice(slash);
  return path.split(/[?#]/)[0] || url.pathname;
}

async function send(request: TransportRequest, options: VaultTransportOptions, agent: https.Agent | undefined): Promise<TransportResponse> {
  let url = new URL(request.uri);
  const asked = literalPath(request.uri, url);
  if (asked.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) {
    throw new StoreError({
      kind: 'invalid',
      store: options.store,
      problem: `The request path "${asked}" contains "." or ".." segments and would reach another Vault path.`,
      action: 'Use a secret path relative to the engine without "." or ".." segments, e.g. "apps/db".',
    });
  }
  let method = request.method;
  let body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json));
  for (let hop = 0; ; hop++) {
    const lib = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
    const answer = await once(lib, url, method, request.headers ?? {}, body, options.timeoutMs, agent);
    const location = answer.statusCode >= 300 && answer.statusCode < 400 ? answer.location : undefined;
    if (!location) return { statusCode: answer.statusCode, body: answer.body, request: { path: url.pathname } };
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw redirectError(options.store, url, location, 'not a valid address');
    }
    if (next.protocol !== url.protocol && url.protocol === 'https:')
      throw redirectError(options.store, url, next.href, 'from https to http');
    if (next.origin !== url.origin) throw redirectError(options.store, url, next.href, 'another server');
    if (hop >= MAX_REDIRECTS) throw redirectError(options.store, url, next.href, `more than ${MAX_REDIRECTS} redirects`);
    // 301/302/303 turn into a GET without the body (as browsers do); 307/308 keep both.
    if (answer.statusCode !== 307 && answer.statusCode !== 308) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
}

interface RawAnswer {
  statusCode: number;
  location?: string;
  body: unknown;
}

function once(
  lib: typeof http | typeof https,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  timeoutMs: number,
  agent: https.Agent | undefined,
): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    const outgoing: Record<string, string> = { Accept: 'application/json', ...headers };
    if (body) {
      outgoing['Content-Type'] = 'application/json';
      outgoing['Content-Length'] = String(body.length);
    }
    // Headers are set on the request, not passed in its options: Node's own debug output
    // (NODE_DEBUG=http) prints the options, and X-Vault-Token is one of the headers.
    const req = lib.request(url, { method, ...(url.protocol === 'https:' && agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(Object.assign(new Error('response too large'), { code: 'ERR_RESPONSE_TOO_LARGE' }));
        else chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        if (text.trim()) {
          try {
            parsed = JSON.parse(text);
          } catch {
            // A proxy's HTML page: node-vault reports the status.
          }
        } else parsed = undefined;
        const location = res.headers.location;
        resolve({ statusCode: res.statusCode ?? 0, body: parsed, location: typeof location === 'string' ? location : undefined });
      });
    });
    for (const [name, value] of Object.entries(outgoing)) req.setHeader(name, value);
    const timer = setTimeout(
      () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
