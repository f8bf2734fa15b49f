// What a migration run that was cut short left behind, read from its journal, the store and the file
// as it is now, and how to clean up. The executor edits the file only after every secret is written
// and read back, so a cut-short run normally leaves the file as it was (credentials inline) and some
// secrets in the store that nothing references: copies, not losses. Removing them is safe exactly
// when this run created them; a secret that existed before the run is somebody's data and stays.
import { formatVaultReference } from '../references/vaultReference';
import { isStoreError } from '../stores/storeError';
import type { SecretStore } from '../stores/types';
import { removeSecret } from './executor';
import type { JournalConnection, JournalRecord } from './journal';

export type LeftoverState =
  /** The file references the secret: that connection was migrated (the edit landed). */
  | 'referenced'
  /** Written by the run, not referenced: a copy of credentials the file still holds inline. */
  | 'unreferenced'
  /** Never written, or already removed. */
  | 'absent'
  /** The path holds a secret older than the run: the run's create-only write was refused. */
  | 'not-ours';

export interface Leftover extends JournalConnection {
  state: LeftoverState;
}

export interface InterruptedRun {
  record: JournalRecord;
  /** Secrets the run started writing, with what became of them. */
  leftovers: Leftover[];
  /** Connections the run planned but never started (their credentials are still inline). */
  notStarted: number;
}

/** Tolerance between this machine's clock (journal) and the store's (creation time). */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether the file's text holds a reference to the secret the run meant to write. */
export function referencesSecret(text: string, record: JournalRecord, secretPath: string): boolean {
  const { store, storeKind } = record.header;
  if (storeKind === 'vault') return text.includes(formatVaultReference(store, secretPath, '').slice(0, -1));
  // The AWS self-hosted block carries the ARN: `...:secret:<name>-<6 random characters>`.
  return text.includes(`:secret:${secretPath}-`);
}

async function storedSince(store: SecretStore, secretPath: string, startedAt: number): Promise<'absent' | 'new' | 'old'> {
  try {
    const metadata = await store.metadata(secretPath);
    if (metadata.deletedDate) return 'absent';
    const created = metadata.createdTime ? Date.parse(metadata.createdTime) : NaN;
    // KV v1 has no creation time; the executor looked before writing there, so the secret is the run's.
    if (Number.isNaN(created)) return 'new';
    return created >= startedAt - CLOCK_SKEW_MS ? 'new' : 'old';
  } catch (error) {
    if (isStoreError(error) && error.kind === 'not-found') return 'absent';
    throw error;
  }
}

/**
 * Classifies each secret the run touched. `text` is the file as it is now (the editor's text when it is
 * open), or undefined when it can no longer be read: then nothing counts as referenced, and a caller
 * must not remove anything. Store errors (unreachable, signed out) propagate: try again later.
 */
export async function assessInterruptedRun(record: JournalRecord, store: SecretStore, text: string | undefined): Promise<InterruptedRun> {
  const startedAt = Date.parse(record.header.startedAt);
  const leftovers: Leftover[] = [];
  let notStarted = 0;
  for (const connection of record.header.connections) {
    const journalState = record.states.get(connection.secretPath);
    if (!journalState) {
      notStarted++;
      continue;
    }
    if (journalState === 'removed') {
      leftovers.push({ ...connection, state: 'absent' });
      continue;
    }
    if (text !== undefined && referencesSecret(text, record, connection.secretPath)) {
      leftovers.push({ ...connection, state: 'referenced' });
      continue;
    }
    const stored = await storedSince(store, connection.secretPath, startedAt);
    // 'writing' that ended in an older secret: the create-only write was refused; not ours to remove.
    // 'created' is certain: the store acknowledged this run's create.
    const state: LeftoverState =
      stored === 'absent' ? 'absent' : journalState === 'created' || stored === 'new' ? 'unreferenced' : 'not-ours';
    leftovers.push({ ...connection, state });
  }
  return { record, leftovers, notStarted };
}

export interface CleanupResult {
  removed: string[];
  /** Still in the store: the removal failed (unreachable, denied). */
  failed: string[];
}

/** Removes the run's unreferenced secrets (never a referenced or older one). */
export async function removeUnreferenced(run: InterruptedRun, store: SecretStore): Promise<CleanupResult> {
  const result: CleanupResult = { removed: [], failed: [] };
  for (const leftover of run.leftovers.filter((l) => l.state === 'unreferenced')) {
    if (await removeSecret(store, leftover.secretPath)) result.removed.push(leftover.secretPath);
    else result.failed.push(leftover.secretPath);
  }
  return result;
}
