// A real OpenID provider for the OIDC tests: the npm package oidc-provider (panva), in-process on a free
// loopback port, with one confidential client and devInteractions (any login, a plain HTML form), the
// device flow (RFC 8628) enabled; plus the OpenBao side (an oidc auth mount that trusts it) and a
// "browser" made of fetch + a cookie jar that submits the provider's forms and follows redirects.
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { vaultApi } from './stores';

/** The part of oidc-provider's API used here. */
type ProviderConstructor = new (
  issuer: string,
  configuration: Record<string, unknown> & { findAccount: (ctx: unknown, sub: string) => { accountId: string; claims: () => object } },
) => { callback(): http.RequestListener; on(event: string, listener: (...args: unknown[]) => void): void };

export interface OidcProviderServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** `redirectUris`: more redirect URIs the client may use, e.g. the callback as a remote window's
 *  asExternalUri forwards it (code-server's `<origin>/proxy/<port>/oidc/callback`). */
export async function startOidcProvider(options: { redirectUris?: readonly string[] } = {}): Promise<OidcProviderServer> {
  // oidc-provider is ESM only (and ships no types); the compiled tests are CommonJS, so load it with a
  // real import() of a module name TypeScript does not resolve.
  const moduleName = 'oidc-provider';
  const { default: Provider } = (await import(moduleName)) as { default: ProviderConstructor };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'secretref-tests';
  const clientSecret = randomBytes(24).toString('hex');
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        // native: loopback redirect URIs match on any port (RFC 8252 §7.3), as in OpenBao's role check.
        application_type: 'native',
        redirect_uris: ['http://localhost/oidc/callback', ...(options.redirectUris ?? [])],
        grant_types: ['authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    cookies: { keys: [randomBytes(16).toString('hex')] },
    ttl: { AccessToken: 300, DeviceCode: 300, Grant: 300, IdToken: 300, Interaction: 300, Session: 300 },
    features: { devInteractions: { enabled: true }, deviceFlow: { enabled: true } },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  });
  // Its "insecure" warnings (http issuer, dev interactions) are expected here.
  provider.on('server_error', () => undefined);
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Enables an oidc auth mount on OpenBao that trusts `provider`, with a client-mode role `dev` (the
 *  default role) and a device-mode role `device`, both with `policies`; `redirectUris` are allowed
 *  beside `http://localhost:8250/oidc/callback` (any port on loopback). */
export async function configureOpenBaoOidc(
  vault: { address: string; rootToken: string },
  provider: OidcProviderServer,
  mount: string,
  policies: string[],
  redirectUris: readonly string[] = [],
): Promise<void> {
  const root = (method: string, path: string, body?: unknown) => vaultApi(vault, vault.rootToken, method, path, body);
  await root('POST', `sys/auth/${mount}`, { type: 'oidc' });
  await root('POST', `auth/${mount}/config`, {
    oidc_discovery_url: provider.issuer,
    oidc_client_id: provider.clientId,
    oidc_client_secret: provider.clientSecret,
    default_role: 'dev',
  });
  const role = {
    role_type: 'oidc',
    user_claim: 'sub',
    token_policies: policies,
    token_ttl: '5m',
    allowed_redirect_uris: ['http://localhost:8250/oidc/callback', ...redirectUris],
  };
  await root('POST', `auth/${mount}/role/dev`, role);
  await root('POST', `auth/${mount}/role/device`, { ...role, callback_mode: 'device', poll_interval: 1 });
}

export interface BrowserResult {
  /** The last URL fetched and its answer. */
  url: string;
  status: number;
  text: string;
}

const attr = (tag: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  const raw = match ? (match[2] ?? match[3]) : undefined;
  return raw
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#39;/g, "'");
};

/**
 * Plays the user's browser: GETs `start`, submits every form it meets (the login form with
 * `login`/`password`, consent, the device confirmation) and follows redirects, sending the cookies it
 * got, until a page has no form. Returns that last page (for the client flow, the loopback listener's).
 */
export async function signInWithBrowser(
  start: string,
  user: string,
  options: { /** Maps an address before it is fetched (a port proxy the test plays). */ rewrite?: (url: string) => string } = {},
): Promise<BrowserResult> {
  const jar = new Map<string, string>();
  const rewrite = options.rewrite ?? ((url: string) => url);
  let url = start;
  let init: RequestInit = { method: 'GET' };
  for (let step = 0; step < 25; step++) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(rewrite(url), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as object), ...(cookie ? { Cookie: cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      url = new URL(location, url).href;
      init = { method: 'GET' };
      continue;
    }
    const text = await response.text();
    const form = /<form[^>]*>/i.exec(text)?.[0];
    if (!form) return { url, status: response.status, text };
    const fields = new URLSearchParams();
    for (const input of text.match(/<input[^>]*>/gi) ?? []) {
      const name = attr(input, 'name');
      if (!name) continue;
      fields.set(name, name === 'login' ? user : name === 'password' ? 'any-password' : (attr(input, 'value') ?? ''));
    }
    const target = new URL(attr(form, 'action') ?? url, url);
    if ((attr(form, 'method') ?? 'GET').toUpperCase() === 'POST') {
      init = { method: 'POST', body: fields, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
    } else {
      target.search = fields.toString();
      init = { method: 'GET' };
    }
    url = target.href;
  }
  throw new Error(`the sign-in at ${new URL(start).origin} did not finish within 25 pages`);
}
