// CloudFormation dynamic references:
// {{resolve:secretsmanager:<secret-id>[:SecretString[:<json-key>[:<version-stage>[:<version-id>]]]]}}
// The secret id may be a full ARN, which has colons of its own: an id starting with `arn:` takes 7 segments.
import { ARN_SEGMENTS, isArnError, parseSecretArn } from './arn';
import { findStop, stopTable, isPlaceholder, malformed, ParseOutcome, unterminated } from './scanSupport';
import type { ParsedArn, ReferenceParts, Span } from './types';

const AWS_STOPS = stopTable('{}');

export const AWS_PREFIX = '{{resolve:secretsmanager:';

const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const STAGE = /^[A-Za-z0-9_-]+$/;
const VERSION_ID = /^[A-Za-z0-9-]{32,64}$/;

export interface AwsReferenceParts {
  /** Secret name or full ARN. */
  secretId: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

/** The text of a dynamic reference: what parseAwsReference reads back as these parts. */
export function formatAwsReference(parts: AwsReferenceParts): string {
  const segments = [parts.secretId];
  const version = parts.versionStage || parts.versionId ? [parts.versionStage ?? '', ...(parts.versionId ? [parts.versionId] : [])] : [];
  if (parts.jsonKey || version.length > 0) segments.push('SecretString', parts.jsonKey ?? '', ...version);
  return `${AWS_PREFIX}${segments.join(':')}}}`;
}

/** Parses the dynamic reference whose `{{` is at `start`. */
export function parseAwsReference(text: string, start: number): ParseOutcome {
  const contentStart = start + AWS_PREFIX.length;
  const stop = findStop(text, contentStart, AWS_STOPS);
  const content = text.slice(contentStart, stop);
  if (isPlaceholder(content)) return null;
  const closed = text.startsWith('}}', stop);
  if (!closed) {
    return {
      diagnostic: unterminated(
        start,
        stop - start,
        `Unterminated reference: "${text.slice(start, stop)}" is missing its closing "}}". Write {{resolve:secretsmanager:<secret-id>[:SecretString[:<json-key>[:<version-stage>[:<version-id>]]]]}}.`,
      ),
      end: stop,
    };
  }
  const end = stop + 2;
  const raw = text.slice(start, end);
  const bad = (why: string) => ({
    diagnostic: malformed(start, end - start, `Malformed reference ${raw}: ${why}.`),
    end,
  });
  // Colon positions inside the content (no split: this runs for every reference of a big file).
  const colons: number[] = [];
  for (let i = content.indexOf(':'); i !== -1; i = content.indexOf(':', i + 1)) colons.push(i);
  let idEnd = colons.length > 0 ? colons[0] : content.length;
  let arn: ParsedArn | null = null;
  if (content.startsWith('arn:')) {
    if (colons.length < ARN_SEGMENTS - 1) return bad('the secret ARN is incomplete');
    idEnd = colons.length >= ARN_SEGMENTS ? colons[ARN_SEGMENTS - 1] : content.length;
    const parsed = parseSecretArn(content.slice(0, idEnd));
    if (isArnError(parsed)) return bad(parsed.error);
    arn = parsed;
  }
  const secretId = content.slice(0, idEnd);
  if (!secretId) return bad('the secret id is empty');
  if (!arn && !SECRET_NAME.test(secretId)) return bad(`"${secretId}" is not a valid secret name`);
  // Segments after the id: SecretString, json-key, version-stage, version-id (each may be empty).
  const spans: Span[] = [];
  let from = idEnd;
  while (from < content.length) {
    const next = content.indexOf(':', from + 1);
    const end = next === -1 ? content.length : next;
    spans.push({ offset: contentStart + from + 1, length: end - from - 1 });
    from = end;
  }
  if (spans.length > 4) return bad('too many ":" segments (at most SecretString, json-key, version-stage, version-id)');
  const segment = (index: number): string =>
    spans[index] ? text.slice(spans[index].offset, spans[index].offset + spans[index].length) : '';
  const secretString = segment(0);
  const jsonKey = segment(1);
  const stage = segment(2);
  const versionId = segment(3);
  if (secretString && secretString !== 'SecretString') return bad(`"${secretString}" must be SecretString (or empty)`);
  if (stage && !STAGE.test(stage)) return bad(`"${stage}" is not a valid version stage`);
  if (versionId && !VERSION_ID.test(versionId)) return bad(`"${versionId}" is not a valid version id`);
  if (stage && versionId) return bad('give a version stage or a version id, not both');

  const parts: ReferenceParts = { secretId: { offset: contentStart, length: secretId.length } };
  if (arn) {
    const regionOffset = contentStart + 'arn:'.length + arn.partition.length + ':secretsmanager:'.length;
    parts.region = { offset: regionOffset, length: arn.region.length };
  }
  if (jsonKey) parts.jsonKey = spans[1];
  if (stage) parts.versionStage = spans[2];
  if (versionId) parts.versionId = spans[3];
  return {
    reference: {
      kind: 'aws',
      offset: start,
      length: end - start,
      raw,
      storeName: null,
      templateName: null,
      path: secretId,
      key: jsonKey || null,
      versionStage: stage || null,
      versionId: versionId || null,
      arn,
      selfHosted: null,
      parts,
    },
    end,
  };
}
