// Maps a store and secret path to and from the path part of a `secretref:` URI:
// `/<store>/<secret path>.json` (e.g. `/vault-dev/apps/db.prod.json`). VS Code-free string logic;
// store names contain no '/', secret paths may.
export const DOCUMENT_SUFFIX = '.json';

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
