// Where the cursor is inside a (possibly unfinished) reference, so completion knows what to offer.
// Looks back from the cursor on the current line only, so it costs O(line length).
import type { TextLike } from '../chunkedText';
import { ARN_SEGMENTS } from './arn';
import { AWS_PREFIX } from './awsReference';
import { VAULT_PREFIX } from './vaultReference';

/** Completion replaces [start, offset) (`prefix` is that text). */
interface SiteBase {
  start: number;
  prefix: string;
}

export type CompletionSite =
  | (SiteBase & { kind: 'vault-store' })
  /** In the path: `folder` is the listed folder ('' or ending in '/'); `prefix` the rest after it.
   *  `keyOf` is set when the text has a dot: keys of that secret are candidates too. */
  | (SiteBase & { kind: 'vault-path'; store: string; folder: string; keyOf?: { path: string; start: number; prefix: string } })
  | (SiteBase & { kind: 'aws-secret' })
  | (SiteBase & { kind: 'aws-secret-string'; secretId: string })
  | (SiteBase & { kind: 'aws-json-key'; secretId: string })
  | (SiteBase & { kind: 'aws-stage'; secretId: string })
  | (SiteBase & { kind: 'aws-version'; secretId: string })
  | (SiteBase & { kind: 'template-key'; template: string })
  /** The value of a field (JSON or YAML) that may hold a secret, e.g. `"password": "|"`. */
  | (SiteBase & { kind: 'field-value'; field: string });

const MAX_LOOKBACK = 4000;
const BREAKS = /[\s'"`]/;

function lineStart(text: TextLike, offset: number): number {
  const limit = Math.max(0, offset - MAX_LOOKBACK);
  for (let i = offset - 1; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  return limit;
}

function vaultSite(content: string, contentStart: number): CompletionSite | undefined {
  if (/[()]/.test(content)) return undefined;
  const colon = content.indexOf(':');
  if (colon === -1) return { kind: 'vault-store', start: contentStart, prefix: content };
  const store = content.slice(0, colon);
  const rest = content.slice(colon + 1);
  const restStart = contentStart + colon + 1;
  const slash = rest.lastIndexOf('/');
  const folder = rest.slice(0, slash + 1);
  const tail = rest.slice(slash + 1);
  const site: CompletionSite = { kind: 'vault-path', store, folder, start: restStart + slash + 1, prefix: tail };
  const dot = rest.lastIndexOf('.');
  if (dot > slash && dot > 0) site.keyOf = { path: rest.slice(0, dot), start: restStart + dot + 1, prefix: rest.slice(dot + 1) };
  return site;
}

function awsSite(content: string, contentStart: number): CompletionSite | undefined {
  if (/[{}]/.test(content)) return undefined;
  const segments = content.split(':');
  const idCount = segments[0] === 'arn' ? ARN_SEGMENTS : 1;
  if (segments.length <= idCount) return { kind: 'aws-secret', start: contentStart, prefix: content };
  const secretId = segments.slice(0, idCount).join(':');
  const rest = segments.slice(idCount);
  const prefix = rest[rest.length - 1];
  const start = contentStart + content.length - prefix.length;
  const kinds = ['aws-secret-string', 'aws-json-key', 'aws-stage', 'aws-version'] as const;
  const kind = kinds[rest.length - 1];
  return kind ? { kind, secretId, start, prefix } : undefined;
}

const TEMPLATE = /\{\{\s*([A-Za-z_$][\w$]*)\.response\.([\w-]*)$/;
const JSON_FIELD = /"([A-Za-z_][\w-]*)"\s*:\s*"([^"\\]*)$/;
const YAML_FIELD = /^\s*-?\s*([A-Za-z_][\w-]*)\s*[:=]\s*(['"]?)([^'"\s]*)$/;

/** What completion can offer at `offset`, or undefined outside any reference or secret field. */
export function completionSiteAt(text: TextLike, offset: number): CompletionSite | undefined {
  const from = lineStart(text, offset);
  const before = text.slice(from, offset);
  const vaultAt = before.lastIndexOf(VAULT_PREFIX);
  const awsAt = before.lastIndexOf(AWS_PREFIX);
  if (vaultAt !== -1 && vaultAt > awsAt) {
    const content = before.slice(vaultAt + VAULT_PREFIX.length);
    const site = BREAKS.test(content) ? undefined : vaultSite(content, from + vaultAt + VAULT_PREFIX.length);
    if (site) return site;
  }
  if (awsAt !== -1) {
    const content = before.slice(awsAt + AWS_PREFIX.length);
    const site = BREAKS.test(content) ? undefined : awsSite(content, from + awsAt + AWS_PREFIX.length);
    if (site) return site;
  }
  const template = TEMPLATE.exec(before);
  if (template) return { kind: 'template-key', template: template[1], start: offset - template[2].length, prefix: template[2] };
  const json = JSON_FIELD.exec(before);
  if (json) return { kind: 'field-value', field: json[1], start: offset - json[2].length, prefix: json[2] };
  const yaml = YAML_FIELD.exec(before);
  if (yaml) return { kind: 'field-value', field: yaml[1], start: offset - yaml[3].length, prefix: yaml[3] };
  return undefined;
}
