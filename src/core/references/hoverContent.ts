// The hover text of a reference, as Markdown: store, path or secret id, key, version and last change,
// the value masked (or, for a few seconds after "Reveal", in clear), and command links. Pure: the
// VS Code adapter supplies the command links and renders the string.
import { MASK } from '../redaction';
import { rotationFacts } from '../stores/rotation';
import { formatTimestamp } from '../timestamp';
import type { SecretMetadata } from '../stores/types';
import type { Resolution } from './resolve';
import { checkSecretKeys } from './secretSchemaCheck';
import type { ReferenceKind, SecretReference } from './types';

export interface HoverLinks {
  reveal?: string;
  copyValue?: string;
  copyReference?: string;
  openInView?: string;
  /** AWS, where rotation is configured: starts Rotate Now (which confirms first). */
  rotateNow?: string;
}

export interface HoverInput {
  ref: SecretReference;
  resolution: Resolution | undefined;
  metadata?: SecretMetadata;
  /** Show the value in clear (only while a reveal is active). */
  revealed: boolean;
  revealSeconds: number;
  links: HoverLinks;
  /** Credential schema of the connection a self-hosted block belongs to, when the document says. */
  schemaHint?: string;
  /** References to the same secret in the workspace (the reference index), when it is built. */
  usage?: { places: number; files: number };
}

function usageLine(usage: HoverInput['usage']): string | undefined {
  if (!usage || usage.places === 0) return undefined;
  const places = usage.places === 1 ? '1 place' : `${usage.places} places`;
  const files = usage.files === 1 ? '1 file' : `${usage.files} files`;
  return `Used in ${places} (${files}) in the workspace: Find All References (Shift+F12) lists them.`;
}

const KIND_LABEL: Record<ReferenceKind, string> = {
  vault: 'Vault secret',
  aws: 'AWS Secrets Manager secret',
  'self-hosted': 'Self-hosted credentials (whole AWS secret)',
  template: 'Templated secret',
};

/** Inline code that survives any backticks in the text. */
export function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

function row(label: string, value: string | null | undefined): string | undefined {
  return value ? `${label}: ${code(value)}` : undefined;
}

function changed(metadata: SecretMetadata | undefined): string | undefined {
  if (!metadata) return undefined;
  const when =
    metadata.updatedTime ?? metadata.versions.find((v) => v.version === metadata.currentVersion)?.createdTime ?? metadata.createdTime;
  const version = metadata.currentVersion
    ? `version ${code(metadata.currentVersion.length > 12 ? `${metadata.currentVersion.slice(0, 8)}…` : metadata.currentVersion)}`
    : undefined;
  const date = when ? `last changed ${formatTimestamp(when)}` : undefined;
  return [version, date].filter(Boolean).join(' · ') || undefined;
}

/** Vault KV v2: the version the reference resolves to (pinned, else the current) and when it was written. */
function resolvedVersion(input: HoverInput): string | undefined {
  const { metadata, resolution } = input;
  if (!metadata || metadata.kind !== 'vault' || !metadata.currentVersion) return undefined;
  const version = (resolution?.status === 'resolved' ? resolution.secret.version : undefined) ?? metadata.currentVersion;
  const written =
    metadata.versions.find((v) => v.version === version)?.createdTime ??
    (resolution?.status === 'resolved' && resolution.secret.version === version ? resolution.secret.createdTime : undefined);
  const which = version === metadata.currentVersion ? 'the current version' : `not the current version (${code(metadata.currentVersion)})`;
  return `Resolves to version ${code(version)}, ${which}${written ? `; written ${formatTimestamp(written)}` : ''}`;
}

/** AWS: rotation, last rotated, next rotation and last accessed, from DescribeSecret. */
function rotationLines(metadata: SecretMetadata | undefined): string | undefined {
  if (metadata?.kind !== 'aws') return undefined;
  return rotationFacts(metadata.rotation, metadata.lastAccessedDate).join('  \n');
}

export function hoverMarkdown(input: HoverInput): string {
  const { ref, resolution } = input;
  const target = resolution?.target ?? null;
  const lines: string[] = [`**${KIND_LABEL[ref.kind]}**`, ''];
  const facts = [
    row('Store', target?.store ?? ref.storeName),
    ref.kind === 'template' ? row('Template', ref.templateName) : undefined,
    ref.kind === 'vault' ? row('Path', ref.path) : row('Secret', target?.path ?? ref.path),
    row('Key', ref.key),
    row('Version stage', ref.versionStage),
    row('Version id', ref.versionId),
    ref.selfHosted ? row('Role', ref.selfHosted.assumableRole) : undefined,
    ref.selfHosted ? row('Region', ref.selfHosted.region ?? ref.arn?.region) : undefined,
  ].filter((line): line is string => Boolean(line));
  lines.push(facts.join('  \n'));
  const version = resolvedVersion(input) ?? changed(input.metadata);
  if (version) lines.push('', version);
  const rotation = rotationLines(input.metadata);
  if (rotation) lines.push('', rotation);
  const usage = usageLine(input.usage);
  if (usage) lines.push('', usage);
  lines.push('');
  if (!resolution) {
    lines.push('_Resolving…_');
    return lines.join('\n');
  }
  if (resolution.status === 'failed') {
    // The diagnostic under the hover already says the store's full sentence: one line, and the fix.
    if (resolution.code === 'secret-not-found' && resolution.target) {
      lines.push(
        `$(error) **Not found**: store ${code(resolution.target.store)} has no secret ${code(resolution.target.path)}; check the path, or write the secret there.`,
      );
      if (input.links.openInView) lines.push('', `[$(list-tree) Open in Secrets view](${input.links.openInView})`);
      return lines.join('\n');
    }
    lines.push(`$(error) **Cannot resolve** (${resolution.code}): ${resolution.message}`);
    return lines.join('\n');
  }
  if (ref.kind === 'self-hosted') {
    const findings = checkSecretKeys(resolution.secret, input.schemaHint);
    if ('notJson' in findings) lines.push('$(warning) The secret is not a JSON object, so it cannot hold connection credentials.');
    else {
      const keys = resolution.keys.map((key) => code(key)).join(', ');
      lines.push(`Keys: ${keys || '(none)'}`);
      if (findings.schema) {
        const missing = findings.missing.map((key) => code(key)).join(', ');
        const wrong = findings.wrongType.map((key) => code(key)).join(', ');
        lines.push(
          '',
          missing || wrong
            ? `$(warning) Against the **${findings.schema}** schema: ${missing ? `missing ${missing}` : ''}${missing && wrong ? '; ' : ''}${wrong ? `wrong type or value: ${wrong}` : ''}`
            : `$(check) Matches the **${findings.schema}** credential schema.`,
        );
      }
    }
  } else {
    lines.push(`Value: ${input.revealed ? code(resolution.value) : code(MASK)}`);
  }
  const links = [
    input.links.reveal && ref.kind !== 'self-hosted' && !input.revealed
      ? `[$(eye) Reveal for ${input.revealSeconds} s](${input.links.reveal})`
      : undefined,
    input.links.copyValue ? `[$(copy) Copy value](${input.links.copyValue})` : undefined,
    input.links.copyReference ? `[$(link) Copy reference](${input.links.copyReference})` : undefined,
    input.links.openInView ? `[$(list-tree) Open in Secrets view](${input.links.openInView})` : undefined,
    input.links.rotateNow && input.metadata?.rotation?.configured ? `[$(sync) Rotate now](${input.links.rotateNow})` : undefined,
  ].filter(Boolean);
  if (links.length) lines.push('', links.join(' · '));
  return lines.join('\n');
}
