// Printable forms of a plan and a report (CLI output, the VS Code preview). Keys and names only:
// the values a plan carries are MaskedValues and never reach these strings.
import { countOutcomes, describeOutcome, isAlreadyMigrated, MigrationReport } from './report';
import type { Artefacts, MigrationPlan } from './types';

export interface PlannedConnectionJson {
  name: string;
  location: string;
  connectionId: string | null;
  schema: string;
  status: 'ready' | 'skipped';
  skipReason: string | null;
  /** Skipped because a store holds its credentials already (the file holds references). */
  alreadyMigrated: boolean;
  secretPath: string;
  secretKeys: string[];
  secretId: string;
  artefacts: Artefacts | null;
}

export function planToJson(plan: MigrationPlan): {
  file: string;
  store: string;
  target: string;
  connections: PlannedConnectionJson[];
  diff: string;
} {
  return {
    file: plan.source,
    store: plan.target.store,
    target: plan.target.kind,
    connections: plan.connections.map((c) => ({
      name: c.name,
      location: c.location,
      connectionId: c.connectionId,
      schema: c.schema,
      status: c.status,
      skipReason: c.skipReason ?? null,
      alreadyMigrated: c.alreadyMigrated,
      secretPath: c.secretPath,
      secretKeys: c.secretKeys,
      secretId: c.previewSecretId,
      artefacts: c.status === 'ready' ? c.artefactsFor(c.previewSecretId) : null,
    })),
    diff: plan.diff,
  };
}

function artefactText(artefacts: Artefacts, indent: string): string[] {
  const block = (title: string, body: string | undefined) =>
    body
      ? [
          `${indent}${title}:`,
          ...body
            .trimEnd()
            .split('\n')
            .map((line) => `${indent}  ${line}`),
        ]
      : [];
  return [
    ...block('IAM policy', artefacts.iamPolicy),
    ...block('Role trust policy', artefacts.trustPolicy),
    ...block('Monte Carlo', artefacts.montecarloCommand),
    ...block('Vault policy', artefacts.vaultPolicy),
  ];
}

/** One block per connection (secret, keys, artefacts), then the masked diff. */
export function planToText(plan: MigrationPlan, options: { artefacts?: boolean } = {}): string {
  const ready = plan.connections.filter((c) => c.status === 'ready');
  const lines = [
    `Plan: ${ready.length} of ${plan.connections.length} connection(s) of ${plan.source} to ${plan.target.kind === 'aws' ? 'AWS Secrets Manager' : 'Vault'} store "${plan.target.store}"`,
    '',
  ];
  for (const c of plan.connections) {
    const label = c.name || '(document)';
    if (c.status === 'skipped') {
      lines.push(`- ${label}: ${c.alreadyMigrated ? 'already migrated, ' : ''}skipped, ${c.skipReason}`);
      continue;
    }
    lines.push(
      `- ${label} (${c.schema}${c.location ? `, ${c.location}` : ''}): create secret "${c.secretPath}" with keys ${c.secretKeys.join(', ')} (values masked)`,
    );
    if (options.artefacts !== false) lines.push(...artefactText(c.artefactsFor(c.previewSecretId), '    '));
  }
  lines.push('', plan.diff || '(no change to the file)');
  return lines.join('\n');
}

/**
 * The plan as a document to read before deciding (the editor's preview, shown wrapped): where each
 * secret goes (full path or ARN), its keys, what the file will hold instead (the new references,
 * whole), the policies and the `montecarlo` command, then the masked diff. Keys and names only.
 */
export function planToMarkdown(plan: MigrationPlan, decide: string): string {
  const ready = plan.connections.filter((c) => c.status === 'ready');
  const storeKind = plan.target.kind === 'aws' ? 'AWS Secrets Manager' : 'Vault';
  const fence = (language: string, body: string) => ['```' + language, body.trimEnd(), '```'];
  const lines = [
    `# Migration plan: ${plan.source}`,
    '',
    `Store: "${plan.target.store}" (${storeKind}). ${ready.length} of ${plan.connections.length} connection(s) move; every value below is masked.`,
    '',
    `**Nothing is written until you decide.** ${decide}`,
    '',
    'Each secret is created (never overwritten) and read back before the file is edited; the edit can be undone.',
  ];
  for (const c of plan.connections) {
    const label = c.name || '(document)';
    lines.push('', `## ${label}${c.location ? ` (${c.location})` : ''}`, '');
    if (c.status === 'skipped') {
      lines.push(`${c.alreadyMigrated ? 'Already migrated, skipped' : 'Skipped'}: ${c.skipReason}`);
      continue;
    }
    lines.push(
      `- Schema: ${c.schema}`,
      `- Secret to create: \`${c.previewSecretId}\`${c.previewSecretId !== c.secretPath ? ` (name \`${c.secretPath}\`)` : ''}`,
      `- Keys (values masked): ${c.secretKeys.map((k) => `\`${k}\``).join(', ')}`,
      '',
      'The file will hold instead:',
      '',
    );
    for (const edit of c.editsFor(c.previewSecretId)) lines.push(...fence('json', edit.content), '');
    const artefacts = c.artefactsFor(c.previewSecretId);
    const block = (title: string, body: string | undefined, language: string) =>
      body ? [`${title}:`, '', ...fence(language, body), ''] : [];
    lines.push(
      ...block('IAM policy', artefacts.iamPolicy, 'json'),
      ...block('Role trust policy', artefacts.trustPolicy, 'json'),
      ...block('Monte Carlo command', artefacts.montecarloCommand, 'sh'),
      ...block('Vault policy', artefacts.vaultPolicy, 'hcl'),
    );
  }
  lines.push('', '## Changes to the file (values masked)', '', ...fence('diff', plan.diff || '(no change to the file)'), '');
  return lines.join('\n');
}

export function reportToJson(report: MigrationReport): Record<string, unknown> {
  return { ...report, edits: undefined, counts: countOutcomes(report) };
}

/** `2 skipped (1 already migrated)`: the CLI's and the editor's count of skipped connections. */
export function skippedText(report: MigrationReport): string {
  const already = report.outcomes.filter(isAlreadyMigrated).length;
  return `${countOutcomes(report).skipped} skipped${already > 0 ? ` (${already} already migrated)` : ''}`;
}

export function reportToText(report: MigrationReport, options: { artefacts?: boolean } = {}): string {
  const counts = countOutcomes(report);
  const lines = [
    `${report.source} -> "${report.store}": ${counts.migrated} migrated, ${counts.failed} failed, ${skippedText(report)}, ${counts.cancelled} cancelled, ${counts['not-attempted']} not attempted.` +
      (report.applied ? ' The file was updated.' : ' The file was not changed.'),
  ];
  for (const outcome of report.outcomes) {
    lines.push(`- ${describeOutcome(outcome)}`);
    if (outcome.status === 'migrated' && outcome.artefacts && options.artefacts !== false) {
      lines.push(`    secret: ${outcome.secretId}`, ...artefactText(outcome.artefacts, '    '));
    }
  }
  return lines.join('\n');
}

/** Why a plan has no connection to migrate (the editor's message), already migrated ones first. */
export function nothingToMigrateText(plan: MigrationPlan): string {
  const names = (list: readonly { name: string }[]) => {
    const all = list.map((c) => c.name || '(document)');
    return all.length > 1 ? `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}` : all[0];
  };
  const already = plan.connections.filter((c) => c.alreadyMigrated);
  const reasons = plan.connections
    .filter((c) => c.status === 'skipped' && !c.alreadyMigrated)
    .map((c) => `${c.name || '(document)'}: ${c.skipReason}`);
  if (already.length > 0)
    reasons.unshift(`${names(already)} ${already.length > 1 ? 'are' : 'is'} already migrated (the file holds references to the store)`);
  return `Nothing to migrate in ${plan.source}: ${reasons.join('; ')}.`;
}
