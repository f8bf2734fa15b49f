// What a recording proxy (test/support/faultProxy.ts) saw of the user's credentials: the helpers the
// shadowing and red-team suites share. Plain Node (no vscode), so unit tests may use them too.
import type { ProxiedRequest } from './faultProxy';

/** Which of the named credential strings appear anywhere in the recorded requests (headers or body). */
export function credentialsSeen(requests: readonly ProxiedRequest[], credentials: Record<string, string>): string[] {
  const text = (r: ProxiedRequest) => `${JSON.stringify(r.headers)}\n${r.body}`;
  return Object.entries(credentials)
    .filter(([, secret]) => secret && requests.some((r) => text(r).includes(secret)))
    .map(([name]) => name);
}

/** Requests signed with one of these AWS access key ids (SigV4 `Credential=<AKID>/...`). */
export function signedWith(requests: readonly ProxiedRequest[], accessKeyIds: Record<string, string>): string[] {
  return Object.entries(accessKeyIds)
    .filter(([, id]) => requests.some((r) => String(r.headers.authorization ?? '').includes(`Credential=${id}/`)))
    .map(([name]) => name);
}

export function describeRequests(requests: readonly ProxiedRequest[]): string {
  return requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none';
}

/** Requests that carry any credential at all: a Vault token, an authorization header, an AWS session token. */
export function credentialedRequests(requests: readonly ProxiedRequest[]): ProxiedRequest[] {
  return requests.filter(
    (r) =>
      r.headers['x-vault-token'] !== undefined || r.headers.authorization !== undefined || r.headers['x-amz-security-token'] !== undefined,
  );
}

/** Runs a step that may fail (the point is what it sends), bounded so a stray prompt cannot hang the suite. */
export async function attempt<T>(
  what: string,
  step: () => PromiseLike<T> | Promise<T>,
  outcomes: Map<string, unknown>,
  timeoutMs = 20_000,
): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      Promise.resolve(step()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
    outcomes.set(what, result);
    return result;
  } catch (error) {
    outcomes.set(what, error);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
