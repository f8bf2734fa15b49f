// vault.secret(<store-config>:<path>.<key>): the key follows the LAST dot; the path may hold `/` and dots.
import { findStop, stopTable, isPlaceholder, malformed, ParseOutcome, unterminated } from './scanSupport';

const VAULT_STOPS = stopTable('()[]{},;');

export const VAULT_PREFIX = 'vault.secret(';

const STORE_NAME = /^[A-Za-z0-9_.-]+$/;
const PATH_CHARS = /^[^:()\\]+$/;
const KEY_CHARS = /^[^:/()\\]+$/;

/** The text of a Vault reference: what parseVaultReference reads back as these parts. */
export function formatVaultReference(store: string, path: string, key: string): string {
  return `${VAULT_PREFIX}${store}:${path}.${key})`;
}

/** Parses the reference whose `vault.secret(` starts at `start`. */
export function parseVaultReference(text: string, start: number): ParseOutcome {
  const contentStart = start + VAULT_PREFIX.length;
  // `(`, `)` and brackets end the content too, so a later reference on the line is not swallowed.
  const stop = findStop(text, contentStart, VAULT_STOPS);
  const content = text.slice(contentStart, stop);
  if (isPlaceholder(content)) return null;
  const closed = stop < text.length && text[stop] === ')';
  if (!closed) {
    return {
      diagnostic: unterminated(
        start,
        stop - start,
        `Unterminated reference: "${text.slice(start, stop)}" is missing its closing ")". Write vault.secret(<store-config>:<path>.<key>).`,
      ),
      end: stop,
    };
  }
  const end = stop + 1;
  const raw = text.slice(start, end);
  const bad = (why: string) => ({
    diagnostic: malformed(start, end - start, `Malformed reference ${raw}: ${why}. Write vault.secret(<store-config>:<path>.<key>).`),
    end,
  });
  const colon = content.indexOf(':');
  if (colon === -1) return bad('no ":" between the store config and the path');
  const store = content.slice(0, colon);
  if (!store) return bad('the store config name is empty');
  if (!STORE_NAME.test(store)) return bad(`"${store}" is not a valid store config name`);
  const rest = content.slice(colon + 1);
  const lastDot = rest.lastIndexOf('.');
  if (lastDot === -1) return bad('no ".<key>" after the path');
  const path = rest.slice(0, lastDot);
  const key = rest.slice(lastDot + 1);
  if (!path) return bad('the secret path is empty');
  if (!key) return bad('the key after the last "." is empty');
  if (!PATH_CHARS.test(path) || path.startsWith('/') || path.endsWith('/') || path.includes('//')) {
    return bad(`"${path}" is not a valid secret path`);
  }
  if (!KEY_CHARS.test(key)) return bad(`"${key}" is not a valid key`);
  const pathOffset = contentStart + colon + 1;
  return {
    reference: {
      kind: 'vault',
      offset: start,
      length: end - start,
      raw,
      storeName: store,
      templateName: null,
      path,
      key,
      versionStage: null,
      versionId: null,
      arn: null,
      selfHosted: null,
      parts: {
        store: { offset: contentStart, length: store.length },
        path: { offset: pathOffset, length: path.length },
        key: { offset: pathOffset + lastDot + 1, length: key.length },
      },
    },
    end,
  };
}
