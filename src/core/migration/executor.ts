// Runs a plan as a transaction per connection: write the secret (create only), read it back and
// compare, and only when every written secret checks out edit the document once. If a step fails the
// document is untouched for that connection and its secret is removed again (or named in the report).
// VS Code-free: the document and the stores are injected.
import { redact } from '../redaction';
import { storeErrorPolicy } from '../stores/errorPolicy';
import { isStoreError } from '../stores/storeError';
import type { SecretPayload, SecretStore, SecretValue } from '../stores/types';
import { MigrationJournal, NO_JOURNAL } from './journal';
import type { ConnectionOutcome, MigrationReport } from './report';
import { hashText } from './textEdits';
import type { MigrationPlan, PlannedConnection, TextEdit } from './types';

export interface MigrationDocument {
  /** The document's current text (and editor version, if any). */
  read(): Promise<{ text: string; version?: number }>;
  /** Applies edits made against the planned text as one change, only if the text still has `baseHash`.
   *  Resolves false when the document changed in between. */
  apply(edits: TextEdit[], base: { baseHash: string; baseVersion?: number }): Promise<boolean>;
}

export interface MigrationProgress {
  done: number;
  total: number;
  outcome: ConnectionOutcome;
}

export interface ExecuteOptions {
  /** Awaited before the next connection starts. */
  onProgress?(progress: MigrationProgress): void | Promise<void>;
  /** Checked before each connection starts. */
  isCancelled?(): boolean;
  /** Connections in flight at once; default 1. */
  concurrency?: number;
  /** Tags for AWS secrets / custom metadata (names only, no values). */
  tags?: Record<string, string>;
  /** Records each secret before it is written, once written and once removed, so a run cut short
   *  can be cleaned up later. The caller closes it when the report is in hand. */
  journal?: Pick<MigrationJournal, 'writing' | 'created' | 'removed'>;
}

type Journal = NonNullable<ExecuteOptions['journal']>;

/** Failures that will hit every following connection too: stop instead of hammering the store. */

/** A value as JSON with object keys sorted: equal data, equal text (read-back comparisons hash it). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function readBackData(value: SecretValue): unknown {
  if (value.type === 'keyed') return value.data;
  if (value.type === 'text') {
    try {
      return JSON.parse(value.text);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Error text for the report; also strips any value of this connection, as a second line of defence. */
function errorText(error: unknown, secrets: readonly string[]): string {
  return redact(error instanceof Error ? error.message : String(error), secrets);
}

/** Removes a secret a run created (all versions); true when it is gone. */
export async function removeSecret(store: SecretStore, path: string, journal: Journal = NO_JOURNAL): Promise<boolean> {
  const removed = async (): Promise<boolean> => {
    try {
      await store.deleteAll(path);
      return true;
    } catch (error) {
      if (isStoreError(error) && error.kind === 'not-found') return true;
      if (isStoreError(error) && error.kind === 'unsupported') {
        try {
          await store.delete(path);
          return true;
        } catch {
          return false;
        }
      }
      return false;
    }
  };
  const done = await removed();
  if (done) journal.removed(path);
  return done;
}

class StopBatch extends Error {}

interface Written {
  connection: PlannedConnection;
  secretId: string;
  version: string;
}

function alreadyExists(plan: MigrationPlan, c: PlannedConnection): ConnectionOutcome {
  return {
    name: c.name,
    location: c.location,
    secretPath: c.secretPath,
    status: 'failed',
    valueIn: 'file',
    secret: 'not-written',
    message: `Store "${plan.target.store}" already has a secret "${c.secretPath}"; choose another name pattern or remove it first.`,
  };
}

async function writeAndVerify(
  store: SecretStore,
  plan: MigrationPlan,
  c: PlannedConnection,
  tags: Record<string, string> | undefined,
  journal: Journal,
): Promise<{ written?: Written; outcome?: ConnectionOutcome; fatal?: boolean }> {
  const base = { name: c.name, location: c.location, secretPath: c.secretPath };
  const values = c.values.reveal();
  const secrets = c.values.strings();
  let written = false;
  try {
    // Create only: an existing secret is somebody's data; never overwrite it, never remove it.
    // AWS CreateSecret and Vault KV v2 `cas: 0` refuse atomically; KV v1 (or unknown) has no cas: look first.
    const exists =
      plan.target.kind === 'vault' &&
      plan.target.kvVersion !== 2 &&
      (await store.metadata(c.secretPath).then(
        () => true,
        (error: unknown) => {
          if (isStoreError(error) && error.kind === 'not-found') return false;
          throw error;
        },
      ));
    if (exists) return { outcome: alreadyExists(plan, c) };
    const payload: SecretPayload =
      plan.target.kind === 'aws' ? { type: 'text', text: JSON.stringify(values) } : { type: 'keyed', data: { ...values } };
    const options = {
      create: true,
      expectedVersion: plan.target.kind === 'vault' && plan.target.kvVersion !== 1 ? '0' : undefined,
      description: plan.target.kind === 'aws' ? `Credentials of connection "${c.name}" (migrated by secretref)` : undefined,
      tags,
    };
    journal.writing(c.secretPath);
    const result = await store.write(c.secretPath, payload, options).catch((error: unknown) => {
      // KV v1 has no cas (the look above stood in for it): write plainly.
      if (isStoreError(error) && error.kind === 'unsupported' && options.expectedVersion) {
        return store.write(c.secretPath, payload, { ...options, expectedVersion: undefined });
      }
      throw error;
    });
    written = true;
    journal.created(c.secretPath);
    const back = await store.read(c.secretPath);
    if (canonical(readBackData(back)) !== canonical(values)) {
      throw new Error(`Store "${plan.target.store}", secret "${c.secretPath}": the value read back differs from the value written.`);
    }
    let secretId = c.secretPath;
    if (plan.target.kind === 'aws') {
      const arn = result.arn ?? (await store.metadata(c.secretPath)).arn;
      if (!arn) throw new Error(`Store "${plan.target.store}", secret "${c.secretPath}": the store returned no ARN.`);
      secretId = arn;
    }
    return { written: { connection: c, secretId, version: result.version } };
  } catch (error) {
    if (!written && isStoreError(error) && error.kind === 'conflict') return { outcome: alreadyExists(plan, c) };
    const fatal = isStoreError(error) && storeErrorPolicy(error.kind).fatalForBatch;
    const removed = written ? await removeSecret(store, c.secretPath, journal) : false;
    return {
      fatal,
      outcome: {
        ...base,
        status: 'failed',
        valueIn: 'file',
        secret: !written ? 'not-written' : removed ? 'removed' : 'left-behind',
        message: errorText(error, secrets),
      },
    };
  }
}

export async function executeMigration(
  plan: MigrationPlan,
  store: SecretStore,
  document: MigrationDocument,
  options: ExecuteOptions = {},
): Promise<MigrationReport> {
  const outcomes = new Map<PlannedConnection, ConnectionOutcome>();
  const report = (applied: boolean, documentChanged: boolean, cancelled: boolean, edits: TextEdit[]): MigrationReport => ({
    source: plan.source,
    store: plan.target.store,
    applied,
    documentChanged,
    cancelled,
    outcomes: plan.connections.map((c) => outcomes.get(c)!),
    edits,
  });
  const notAttempted = (c: PlannedConnection, message: string): ConnectionOutcome => ({
    name: c.name,
    location: c.location,
    secretPath: c.secretPath,
    status: 'not-attempted',
    valueIn: 'file',
    secret: 'not-written',
    message,
  });
  for (const c of plan.connections) {
    if (c.status === 'skipped') {
      const valueIn = c.alreadyMigrated ? 'store' : 'file';
      outcomes.set(c, { ...notAttempted(c, `Skipped: ${c.skipReason ?? 'nothing to migrate'}.`), status: 'skipped', valueIn });
    }
  }
  const ready = plan.connections.filter((c) => c.status === 'ready');
  const journal = options.journal ?? NO_JOURNAL;
  const current = await document.read();
  if (hashText(current.text) !== plan.baseHash) {
    for (const c of ready) outcomes.set(c, notAttempted(c, 'The document changed after the preview; nothing was written. Preview again.'));
    return report(false, true, false, []);
  }

  const written: Written[] = [];
  let next = 0;
  let done = 0;
  let stopped: string | null = null;
  let cancelled = false;
  const finish = async (c: PlannedConnection, outcome: ConnectionOutcome) => {
    outcomes.set(c, outcome);
    done++;
    await options.onProgress?.({ done, total: ready.length, outcome });
  };
  const worker = async () => {
    for (;;) {
      if (stopped !== null) throw new StopBatch();
      if (options.isCancelled?.()) {
        cancelled = true;
        throw new StopBatch();
      }
      const c = ready[next++];
      if (!c) return;
      const result = await writeAndVerify(store, plan, c, options.tags, journal);
      if (result.written) {
        written.push(result.written);
        // Provisional: stays 'migrated' only if the document edit lands.
        await finish(c, {
          name: c.name,
          location: c.location,
          secretPath: c.secretPath,
          status: 'migrated',
          valueIn: 'store',
          secret: 'kept',
          secretId: result.written.secretId,
          version: result.written.version,
          artefacts: c.artefactsFor(result.written.secretId),
        });
      } else if (result.outcome) {
        if (result.fatal) stopped = result.outcome.message ?? 'the store failed';
        await finish(c, result.outcome);
      }
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 1, ready.length || 1));
  await Promise.all(
    Array.from({ length: concurrency }, () =>
      worker().catch((error: unknown) => {
        if (!(error instanceof StopBatch)) throw error;
      }),
    ),
  );
  for (const c of ready) {
    if (outcomes.has(c)) continue;
    outcomes.set(
      c,
      cancelled
        ? { ...notAttempted(c, 'Cancelled before this connection started.'), status: 'cancelled' }
        : notAttempted(c, `Not attempted: an earlier connection failed with a store error that stops the batch (${stopped}).`),
    );
  }

  if (written.length === 0) return report(false, false, cancelled, []);
  // Edits in file order, against the planned text.
  const edits = written.sort((a, b) => a.connection.index - b.connection.index).flatMap((w) => w.connection.editsFor(w.secretId));
  let applied = false;
  let changed = false;
  let failure = '';
  try {
    const latest = await document.read();
    changed = hashText(latest.text) !== plan.baseHash;
    if (!changed) {
      applied = await document.apply(edits, { baseHash: plan.baseHash, baseVersion: plan.baseVersion });
      changed = !applied;
    }
  } catch (error) {
    failure = errorText(
      error,
      written.flatMap((w) => w.connection.values.strings()),
    );
  }
  if (applied) return report(true, false, cancelled, edits);
  // The document could not take the edit: undo every secret this run wrote.
  for (const w of written) {
    const removed = await removeSecret(store, w.connection.secretPath, journal);
    const outcome = outcomes.get(w.connection)!;
    outcomes.set(w.connection, {
      ...outcome,
      status: 'failed',
      valueIn: 'file',
      secret: removed ? 'removed' : 'left-behind',
      artefacts: undefined,
      message: changed
        ? 'The document changed during the migration; its edit was not applied. Preview again.'
        : `The document edit failed: ${failure}`,
    });
  }
  return report(false, changed, cancelled, []);
}
