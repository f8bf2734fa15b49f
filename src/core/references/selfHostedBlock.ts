// Self-hosted credentials blocks (Monte Carlo, "Using self-hosted credentials",
// https://docs.getmontecarlo.com/docs/using-self-hosted-credentials): a JSON object with
// "self_hosting_mechanism": "secretsmanager" and "self_hosting_key": "<secret ARN>" (plus assumable_role, external_id, region). The whole secret is
// the connection's credential JSON. Found from the mechanism key; the enclosing object is located by a
// bounded, string-aware brace scan and only its top-level string members are read.
import { isArnError, parseSecretArn } from './arn';
import { isPlaceholder, malformed, ParseOutcome } from './scanSupport';
import type { Span } from './types';

export const SELF_HOSTED_MARKER = '"self_hosting_mechanism"';

/** Blocks are small; never scan further than this for their braces (keeps huge files linear). */
const MAX_BLOCK = 64 * 1024;

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= 0 && text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Offset of the `{` opening the object that contains `from` (which is outside any string). */
function findOpenBrace(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.max(0, from - MAX_BLOCK);
  for (let i = from - 1; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === 34 && !isEscaped(text, i)) inString = !inString;
    else if (inString) continue;
    else if (c === 125) depth++;
    else if (c === 123) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Offset just past the `}` closing the object opened at `open`. */
function findCloseBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, open + MAX_BLOCK);
  for (let i = open; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i + 1;
  }
  return -1;
}

interface StringMember {
  value: string;
  /** Span of the value's content (inside the quotes). */
  span: Span;
}

/** Reads a JSON string whose opening quote is at `quote`; returns its decoded value and end. */
function readString(text: string, quote: number, limit: number): { value: string; end: number } | null {
  let i = quote + 1;
  let escaped = false;
  for (; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      escaped = true;
      i++;
    } else if (c === 34) break;
    else if (c === 10) return null;
  }
  if (i >= limit) return null;
  const body = text.slice(quote + 1, i);
  if (!escaped) return { value: body, end: i + 1 };
  try {
    return { value: JSON.parse(`"${body}"`) as string, end: i + 1 };
  } catch {
    return null;
  }
}

/** The object's top-level members whose values are strings (nested objects are skipped). */
function topLevelStrings(text: string, open: number, close: number): Map<string, StringMember> {
  const members = new Map<string, StringMember>();
  let depth = 0;
  let pendingKey: string | null = null;
  let expectValue = false;
  for (let i = open; i < close; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const read = readString(text, i, close);
      if (!read) break;
      if (depth === 1) {
        if (expectValue && pendingKey !== null) {
          members.set(pendingKey, { value: read.value, span: { offset: i + 1, length: read.end - i - 2 } });
          pendingKey = null;
          expectValue = false;
        } else pendingKey = read.value;
      }
      i = read.end - 1;
    } else if (c === 123 || c === 91) {
      depth++;
      expectValue = false;
    } else if (c === 125 || c === 93) depth--;
    else if (c === 58 && depth === 1) expectValue = pendingKey !== null;
    else if (c === 44 && depth === 1) {
      pendingKey = null;
      expectValue = false;
    }
  }
  return members;
}

export interface SelfHostedBlockParts {
  /** The ARN of the Secrets Manager secret holding the credentials. */
  secretId: string;
  assumableRole?: string | null;
  externalId?: string | null;
  region?: string | null;
}

/** The block's members in Monte Carlo's order (fields left out when empty): what parseSelfHostedBlock reads back. */
export function selfHostedMembers(parts: SelfHostedBlockParts): Record<string, string> {
  const block: Record<string, string> = { self_hosting_mechanism: 'secretsmanager', self_hosting_key: parts.secretId };
  if (parts.assumableRole) block.assumable_role = parts.assumableRole;
  if (parts.externalId) block.external_id = parts.externalId;
  if (parts.region) block.region = parts.region;
  return block;
}

/** The block as JSON text. */
export function formatSelfHostedBlock(parts: SelfHostedBlockParts, space = 2): string {
  return JSON.stringify(selfHostedMembers(parts), null, space);
}

/** Parses the block whose `"self_hosting_mechanism"` key starts at `markerAt`. */
export function parseSelfHostedBlock(text: string, markerAt: number): ParseOutcome {
  const open = findOpenBrace(text, markerAt);
  if (open === -1) return null;
  const close = findCloseBrace(text, open);
  if (close === -1) return null;
  const members = topLevelStrings(text, open, close);
  if (members.get('self_hosting_mechanism')?.value !== 'secretsmanager') return null;
  const keyMember = members.get('self_hosting_key');
  const value = (name: string) => members.get(name)?.value ?? null;
  const end = markerAt + SELF_HOSTED_MARKER.length;
  if (!keyMember) {
    return {
      diagnostic: malformed(
        open,
        close - open,
        'Self-hosted credentials block without "self_hosting_key": add the ARN of the Secrets Manager secret holding the credentials.',
      ),
      end,
    };
  }
  const secretId = keyMember.value;
  if (isPlaceholder(secretId)) return null;
  const idSpan = keyMember.span;
  const arn = parseSecretArn(secretId);
  if (isArnError(arn)) {
    return {
      diagnostic: malformed(idSpan.offset, idSpan.length, `Malformed self_hosting_key "${secretId}": ${arn.error}.`),
      end,
    };
  }
  const regionOffset = idSpan.offset + 'arn:'.length + arn.partition.length + ':secretsmanager:'.length;
  return {
    reference: {
      kind: 'self-hosted',
      offset: open,
      length: close - open,
      raw: text.slice(open, close),
      storeName: null,
      templateName: null,
      path: secretId,
      key: null,
      versionStage: null,
      versionId: null,
      arn,
      selfHosted: { assumableRole: value('assumable_role'), externalId: value('external_id'), region: value('region') },
      parts: { secretId: idSpan, region: { offset: regionOffset, length: arn.region.length } },
    },
    end,
  };
}
