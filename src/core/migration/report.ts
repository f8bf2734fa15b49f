// What a migration run did, per connection, in words a person can act on. Never holds a value.
import type { Artefacts, TextEdit } from './types';

export type OutcomeStatus = 'migrated' | 'failed' | 'skipped' | 'cancelled' | 'not-attempted';

/** What became of a secret this run wrote. */
export type SecretState = 'not-written' | 'kept' | 'removed' | 'left-behind';

export interface ConnectionOutcome {
  name: string;
  location: string;
  secretPath: string;
  status: OutcomeStatus;
  /** Where the original credential is now: still inline in the file, or in the store (file references it;
   *  for a skipped connection: it was migrated before). */
  valueIn: 'file' | 'store';
  secret: SecretState;
  /** AWS: the new secret's ARN; Vault: the path. */
  secretId?: string;
  version?: string;
  /** What happened, when it did not simply work. Names store and secret, never a value. */
  message?: string;
  artefacts?: Artefacts;
}

export interface MigrationReport {
  source: string;
  store: string;
  /** True when the document edit was applied. */
  applied: boolean;
  /** True when the run refused or rolled back because the document changed. */
  documentChanged: boolean;
  cancelled: boolean;
  outcomes: ConnectionOutcome[];
  /** The edits applied (against the planned text). */
  edits: TextEdit[];
}

export function countOutcomes(report: MigrationReport): Record<OutcomeStatus, number> {
  const counts: Record<OutcomeStatus, number> = { migrated: 0, failed: 0, skipped: 0, cancelled: 0, 'not-attempted': 0 };
  for (const outcome of report.outcomes) counts[outcome.status]++;
  return counts;
}

/** A skipped connection whose credentials a store holds already (the file references them). */
export function isAlreadyMigrated(outcome: ConnectionOutcome): boolean {
  return outcome.status === 'skipped' && outcome.valueIn === 'store';
}

export function describeOutcome(outcome: ConnectionOutcome): string {
  const state = isAlreadyMigrated(outcome) ? 'already migrated' : outcome.status;
  const where = isAlreadyMigrated(outcome)
    ? 'in the store; the file holds references'
    : outcome.valueIn === 'store'
      ? 'now in the store'
      : 'still in the file';
  const secretNote =
    outcome.secret === 'left-behind'
      ? ` Secret "${outcome.secretPath}" was written but could not be removed: delete it by hand.`
      : outcome.secret === 'removed'
        ? ` Secret "${outcome.secretPath}" was written, then removed again.`
        : '';
  const message = outcome.message ? ` ${outcome.message}` : '';
  return `${outcome.name || outcome.location || '(document)'}: ${state} (credentials ${where}).${message}${secretNote}`;
}

export function summarize(report: MigrationReport): string {
  const counts = countOutcomes(report);
  const parts = (Object.keys(counts) as OutcomeStatus[]).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  return `${report.source} -> ${report.store}: ${parts.join(', ') || 'nothing to do'}`;
}
