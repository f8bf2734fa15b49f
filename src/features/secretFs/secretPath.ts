// Maps a store and secret path to and from the path part of a `secretref:` URI:
// `/<store>/<secret path>.secretref.json` (e.g. `/vault-dev/apps/db.prod.secretref.json`). VS Code-free
// string logic; store names contain no '/', secret paths may. The suffix gives secret documents their own
// language (`secretref-secret`, JSON's grammar and validation) from the moment VS Code sees the address,
// so its defaults (auto-save off) apply before the document is even created.
export const DOCUMENT_SUFFIX = '.secretref.json';
/** The query of a secret's masked, read-only view (Go to Definition, Workspace Symbols): its keys, every value masked. */
export const MASKED_QUERY = 'masked';

export interface SecretLocation {
  store: string;
  path: string;
}

export function formatSecretPath(location: SecretLocation, suffix = DOCUMENT_SUFFIX): string {
  return `/${location.store}/${location.path}${suffix}`;
}

export function parseSecretPath(uriPath: string, suffix = DOCUMENT_SUFFIX): SecretLocation | undefined {
  if (!uriPath.startsWith('/') || !uriPath.endsWith(suffix)) return undefined;
  const body = uriPath.slice(1, uriPath.length - suffix.length);
  const slash = body.indexOf('/');
  if (slash <= 0 || slash === body.length - 1) return undefined;
  return { store: body.slice(0, slash), path: body.slice(slash + 1) };
}
