// Runs a move: copy the secret (KV v2: every readable version, replayed in order; AWS: the current
// version), verify the copy by hash (never showing a value), rewrite every reference, and remove the old
// secret (or key) only when the caller confirms. Each step is journalled first (moveJournal.ts), so a
// move cut short is found by the next start and can be finished or rolled back; the old secret is never
// touched before the copy is verified and the references point at it. VS Code-free: the store and the
// files are injected (the CLI writes files on disk, the editor applies one WorkspaceEdit).
import { createHash } from 'node:crypto';
import { canonical, removeSecret } from '../migration/executor';
import { isStoreError } from '../stores/storeError';
import type { SecretPayload, SecretStore, SecretValue } from '../stores/types';
import { continueMoveJournal, MoveJournal, MoveRecord, openMoveJournal } from './moveJournal';
import { FileRewrite, MoveError, MoveRequest, ReferenceRewrite, reverseRequest, spotText } from './movePlan';

/** What the copy will do, in words, before anything is written. */
export interface CopyPlan {
  /** e.g. `copy bao:apps/db (KV v2, versions 1–3 replayed in order) to apps/db2`. */
  summary: string;
  /** What cannot be copied or will differ (AWS history, deleted Vault versions, an empty secret left behind). */
  notes: string[];
  /** Key moves to another secret: the destination does not exist yet. */
  createsDestination: boolean;
}

/** The files side of a move: read the current text, apply every file's edits as one change. */
export interface MoveFiles {
  /** Plans the rewrite of the references to `request.from` (planReferenceRewrite on a current index). */
  plan(request: MoveRequest, newArn: string | undefined): Promise<ReferenceRewrite>;
  /** Applies the rewrite (one undoable change in the editor); resolves the files whose text changed in between (not applied). */
  apply(rewrite: ReferenceRewrite): Promise<{ stale: string[] }>;
}

export interface MoveOptions {
  /** Folder of the journals (the migration journals' folder). */
  journalDir: string;
  /** The workspace root the files are relative to, recorded in the journal. */
  root: string;
  /** Asked once the copy is verified and the references are rewritten; false keeps the old secret. */
  confirmDelete(): Promise<boolean>;
  /** Called before each step (words for a progress line). */
  onStep?(step: string): void;
}

export interface MoveOutcome {
  copied: boolean;
  verified: boolean;
  rewritten: FileRewrite[];
  referenceCount: number;
  /** Files not rewritten because they changed in between: run the move's finish again for them. */
  stale: string[];
  /** The old secret (or key) was removed. */
  deleted: boolean;
  notes: string[];
  newArn?: string;
}

type VersionCopy = { version?: string; payload: SecretPayload };

function payloadOf(value: SecretValue): SecretPayload {
  if (value.type === 'keyed') return { type: 'keyed', data: value.data };
  if (value.type === 'text') return { type: 'text', text: value.text };
  return { type: 'binary', bytes: value.bytes };
}

/** A value's fingerprint for the read-back check: sha256 of its canonical form (never shown, never logged). */
export function payloadHash(payload: SecretPayload | { type: 'key'; value: unknown }): string {
  const form =
    payload.type === 'keyed'
      ? `k:${canonical(payload.data)}`
      : payload.type === 'text'
        ? `t:${payload.text}`
        : payload.type === 'binary'
          ? `b:${Buffer.from(payload.bytes).toString('base64')}`
          : `v:${canonical(payload.value)}`;
  return createHash('sha256').update(form).digest('hex');
}

async function metadataOrAbsent(store: SecretStore, path: string) {
  try {
    return await store.metadata(path);
  } catch (error) {
    if (isStoreError(error) && error.kind === 'not-found') return undefined;
    throw error;
  }
}

function keyedData(value: SecretValue, store: string, path: string): Record<string, unknown> {
  if (value.type !== 'keyed') throw new MoveError(`"${store}:${path}" holds no keys.`);
  return value.data;
}

/** The store side of one move; every method reads what it needs from the store again (recovery uses it too). */
class StoreSide {
  constructor(
    private readonly store: SecretStore,
    private readonly request: MoveRequest,
  ) {}

  private get name(): string {
    return this.request.store;
  }

  /** The source's versions to copy, oldest first, and what is left out. */
  private async sourceVersions(): Promise<{ copies: VersionCopy[]; notes: string[]; kv: 'v1' | 'v2' | 'aws' }> {
    const { from } = this.request;
    const metadata = await metadataOrAbsent(this.store, from.path);
    if (!metadata || metadata.deletedDate)
      throw new MoveError(`"${this.name}:${from.path}" does not exist (or is scheduled for deletion).`);
    if (this.request.kind === 'aws') {
      const current = await this.store.read(from.path);
      const older = metadata.versions.filter((v) => v.version !== current.version).length;
      const notes = [
        `AWS Secrets Manager cannot copy a secret's history: only the current version (AWSCURRENT) is copied${older > 0 ? `; ${older} older version(s) and their stages stay with "${from.path}" until it is deleted` : ''}.`,
      ];
      return { copies: [{ version: current.version, payload: payloadOf(current) }], notes, kv: 'aws' };
    }
    if (metadata.versions.length === 0 || from.key !== undefined) {
      // KV v1 (no versions), or a key move: the current value only.
      const current = await this.store.read(from.path);
      return {
        copies: [{ version: current.version, payload: payloadOf(current) }],
        notes: [],
        kv: metadata.versions.length === 0 ? 'v1' : 'v2',
      };
    }
    const copies: VersionCopy[] = [];
    const notes: string[] = [];
    for (const info of [...metadata.versions].sort((a, b) => Number(a.version) - Number(b.version))) {
      if (info.destroyed || info.deletedTime) {
        notes.push(
          `version ${info.version} is ${info.destroyed ? 'destroyed' : 'deleted'} and cannot be read: it is not copied, so later versions get lower numbers.`,
        );
        continue;
      }
      copies.push({ version: info.version, payload: payloadOf(await this.store.read(from.path, { version: info.version })) });
    }
    if (copies.length === 0) throw new MoveError(`"${this.name}:${from.path}" has no readable version to copy.`);
    return { copies, notes, kv: 'v2' };
  }

  /** Checks the move can be made and says what the copy will do; writes nothing. */
  async describe(): Promise<CopyPlan> {
    const { from, to } = this.request;
    const { copies, notes, kv } = await this.sourceVersions();
    if (from.key !== undefined) {
      const data = keyedData(await this.store.read(from.path), this.name, from.path);
      if (!(from.key in data)) throw new MoveError(`"${this.name}:${from.path}" has no key "${from.key}".`);
      let createsDestination = false;
      if (to.path === from.path) {
        if (to.key! in data) throw new MoveError(`"${this.name}:${to.path}" already has a key "${to.key}": nothing is overwritten.`);
      } else {
        const target = await metadataOrAbsent(this.store, to.path);
        createsDestination = !target;
        if (target) {
          const targetData = keyedData(await this.store.read(to.path), this.name, to.path);
          if (to.key! in targetData)
            throw new MoveError(`"${this.name}:${to.path}" already has a key "${to.key}": nothing is overwritten.`);
        }
      }
      const left = Object.keys(data).length - 1;
      return {
        summary: `copy the key "${from.key}" of ${this.name}:${from.path} to ${to.path === from.path ? 'the same secret' : `${createsDestination ? 'a new secret ' : ''}${to.path}`} as "${to.key}" (a new version)`,
        notes: [
          ...notes,
          ...(to.path !== from.path && left === 0 ? [`"${from.path}" has no other key: deleting the old key deletes the secret.`] : []),
        ],
        createsDestination,
      };
    }
    const target = await metadataOrAbsent(this.store, to.path);
    if (target)
      throw new MoveError(
        `"${this.name}:${to.path}" already exists${target.deletedDate ? ' (scheduled for deletion)' : ''}: nothing is overwritten; choose another name.`,
      );
    const what =
      kv === 'aws'
        ? 'the current version'
        : kv === 'v1'
          ? 'KV v1, no history'
          : `KV v2, ${copies.length === 1 ? `version ${copies[0].version}` : `versions ${copies.map((c) => c.version).join(', ')} replayed in order`}`;
    return { summary: `copy ${this.name}:${from.path} (${what}) to ${to.path}`, notes, createsDestination: true };
  }

  /** Makes the copy; returns the destination's ARN (AWS). The destination was checked absent by describe(). */
  async copy(): Promise<string | undefined> {
    const { from, to } = this.request;
    if (from.key !== undefined) {
      const source = await this.store.read(from.path);
      const data = keyedData(source, this.name, from.path);
      const value = data[from.key];
      if (to.path === from.path) {
        await this.store.write(from.path, { type: 'keyed', data: { ...data, [to.key!]: value } }, { expectedVersion: source.version });
        return undefined;
      }
      const target = await metadataOrAbsent(this.store, to.path);
      const targetValue = target ? await this.store.read(to.path) : undefined;
      const targetData = targetValue ? keyedData(targetValue, this.name, to.path) : {};
      const expectedVersion = targetValue ? targetValue.version : source.version === undefined ? undefined : '0';
      await this.store.write(to.path, { type: 'keyed', data: { ...targetData, [to.key!]: value } }, { expectedVersion, create: !target });
      return undefined;
    }
    const { copies } = await this.sourceVersions();
    const metadata = await this.store.metadata(from.path);
    let arn: string | undefined;
    for (const [i, c] of copies.entries()) {
      const options =
        this.request.kind === 'aws'
          ? { create: true, description: metadata.description, tags: metadata.tags }
          : // Check-and-set: the first write creates only (cas 0), each next one follows the last (KV v1: none).
            { expectedVersion: c.version === undefined ? undefined : String(i) };
      const result = await this.store.write(to.path, c.payload, options);
      arn = result.arn ?? arn;
    }
    if (this.request.kind === 'vault' && metadata.customMetadata && Object.keys(metadata.customMetadata).length > 0)
      await this.store.tag(to.path, metadata.customMetadata);
    return arn ?? (this.request.kind === 'aws' ? (await this.store.metadata(to.path)).arn : undefined);
  }

  /** Reads both sides and compares by hash; throws a MoveError naming what differs (never a value). */
  async verify(): Promise<void> {
    const { from, to } = this.request;
    const differs = (what: string) =>
      new MoveError(`The copy at "${this.name}:${spotText(to)}" does not match ${what} of "${spotText(from)}": the old secret is kept.`);
    if (from.key !== undefined) {
      const source = keyedData(await this.store.read(from.path), this.name, from.path);
      const target = keyedData(await this.store.read(to.path), this.name, to.path);
      if (
        !(to.key! in target) ||
        payloadHash({ type: 'key', value: target[to.key!] }) !== payloadHash({ type: 'key', value: source[from.key] })
      )
        throw differs('the key');
      return;
    }
    const { copies } = await this.sourceVersions();
    const copied = await this.store.metadata(to.path);
    const live =
      copied.versions.length === 0 ? [undefined] : [...copied.versions].map((v) => v.version).sort((a, b) => Number(a) - Number(b));
    if (this.request.kind === 'aws') {
      const current = await this.store.read(to.path);
      if (payloadHash(payloadOf(current)) !== payloadHash(copies[0].payload)) throw differs('the current version');
      return;
    }
    if (live.length !== copies.length) throw differs(`the ${copies.length} version(s)`);
    for (const [i, c] of copies.entries()) {
      const back = await this.store.read(to.path, live[i] === undefined ? {} : { version: live[i] });
      if (payloadHash(payloadOf(back)) !== payloadHash(c.payload)) throw differs(`version ${c.version ?? ''}`);
    }
  }

  /** Removes the old secret (AWS: scheduled for deletion with its recovery window) or the old key. */
  async removeSource(): Promise<void> {
    const { from, to } = this.request;
    if (from.key !== undefined) {
      await this.removeKey(from.path, from.key, to.path !== from.path);
      return;
    }
    if (this.request.kind === 'aws') {
      await this.store.delete(from.path);
      return;
    }
    if (!(await removeSecret(this.store, from.path)))
      throw new MoveError(`"${this.name}:${from.path}" could not be removed: check the store's permissions, or remove it by hand.`);
  }

  /** Roll back: removes the copy (never the source: the caller checked it is still there). */
  async removeCopy(createdDestination: boolean): Promise<void> {
    const { from, to } = this.request;
    if (from.key !== undefined) {
      await this.removeKey(to.path, to.key!, createdDestination);
      return;
    }
    if (!(await removeSecret(this.store, to.path)))
      throw new MoveError(`the copy "${this.name}:${to.path}" could not be removed: check the store's permissions, or remove it by hand.`);
  }

  /** Whether the source (or its key) is still there. */
  async sourceExists(): Promise<boolean> {
    const { from } = this.request;
    const metadata = await metadataOrAbsent(this.store, from.path);
    if (!metadata || metadata.deletedDate) return false;
    if (from.key === undefined) return true;
    try {
      return from.key in keyedData(await this.store.read(from.path), this.name, from.path);
    } catch (error) {
      if (isStoreError(error) && (error.kind === 'not-found' || error.kind === 'deleted')) return false;
      throw error;
    }
  }

  /** A new version without `key`; a secret left with no key is removed when `removeEmpty`. */
  private async removeKey(path: string, key: string, removeEmpty: boolean): Promise<void> {
    let current: SecretValue;
    try {
      current = await this.store.read(path);
    } catch (error) {
      if (isStoreError(error) && (error.kind === 'not-found' || error.kind === 'deleted')) return;
      throw error;
    }
    const data = { ...keyedData(current, this.name, path) };
    if (!(key in data)) return;
    delete data[key];
    if (Object.keys(data).length === 0 && removeEmpty) {
      if (!(await removeSecret(this.store, path)))
        throw new MoveError(`"${this.name}:${path}" could not be removed: check the store's permissions.`);
      return;
    }
    await this.store.write(path, { type: 'keyed', data }, { expectedVersion: current.version });
  }
}

/** What the copy will do; throws a MoveError when the move cannot be made (nothing is written). */
export function describeCopy(store: SecretStore, request: MoveRequest): Promise<CopyPlan> {
  return new StoreSide(store, request).describe();
}

async function rewriteAll(files: MoveFiles, request: MoveRequest, newArn: string | undefined, outcome: MoveOutcome): Promise<void> {
  const rewrite = await files.plan(request, newArn);
  outcome.notes.push(...rewrite.notes);
  const { stale } = await files.apply(rewrite);
  outcome.rewritten.push(...rewrite.files.filter((f) => !stale.includes(f.file)));
  outcome.referenceCount += rewrite.files.filter((f) => !stale.includes(f.file)).reduce((n, f) => n + f.references, 0);
  outcome.stale.push(...stale);
}

function emptyOutcome(): MoveOutcome {
  return { copied: false, verified: false, rewritten: [], referenceCount: 0, stale: [], deleted: false, notes: [] };
}

/** From `state` on to the end: verify, rewrite, delete on confirmation. */
async function goOn(
  side: StoreSide,
  request: MoveRequest,
  files: MoveFiles,
  journal: MoveJournal,
  options: Pick<MoveOptions, 'confirmDelete' | 'onStep'>,
  outcome: MoveOutcome,
  from: 'copied' | 'rewritten',
): Promise<MoveOutcome> {
  if (from === 'copied') {
    options.onStep?.('rewriting the references');
    await rewriteAll(files, request, outcome.newArn, outcome);
    if (outcome.stale.length > 0) return outcome;
    journal.record('rewritten');
  }
  if (!(await options.confirmDelete())) {
    // Kept: both secrets exist and every reference reads the new one. Nothing left to recover.
    journal.close();
    return outcome;
  }
  options.onStep?.(`removing ${request.store}:${spotText(request.from)}`);
  await side.removeSource();
  journal.record('deleted');
  outcome.deleted = true;
  journal.close();
  return outcome;
}

/**
 * Runs a move whose copy was described (describeCopy) and shown. Throws a MoveError or StoreError when a
 * step fails; the journal then stays behind with how far the move got (see assessMove / finishMove / rollBackMove).
 */
export async function executeMove(store: SecretStore, request: MoveRequest, files: MoveFiles, options: MoveOptions): Promise<MoveOutcome> {
  const side = new StoreSide(store, request);
  const plan = await side.describe();
  // A reference that cannot be rewritten stops the move before anything is written.
  await files.plan(request, undefined);
  const outcome = emptyOutcome();
  outcome.notes.push(...plan.notes);
  const journal = openMoveJournal(options.journalDir, { request, root: options.root, createdDestination: plan.createsDestination });
  try {
    options.onStep?.(plan.summary);
    journal.record('copying');
    outcome.newArn = await side.copy();
    outcome.copied = true;
    if (outcome.newArn) journal.record('copying', { newArn: outcome.newArn });
    options.onStep?.('verifying the copy');
    await side.verify();
    outcome.verified = true;
    journal.record('copied');
  } catch (error) {
    // Nothing references the copy yet: remove it again when it is ours, so the store is as it was.
    // A refused create (conflict) means the destination is somebody else's: never removed.
    if (error instanceof MoveError || (isStoreError(error) && error.kind !== 'conflict')) {
      const removed = await side.removeCopy(plan.createsDestination).then(
        () => true,
        () => false,
      );
      if (removed) journal.close();
    }
    throw error;
  }
  return goOn(side, request, files, journal, options, outcome, 'copied');
}

/** A move left unfinished, in words, with what each way out does. */
export interface UnfinishedMove {
  record: MoveRecord;
  /** The copy is complete and verified (reads both sides again). */
  copyVerified: boolean;
  sourceExists: boolean;
  summary: string;
}

export async function assessMove(record: MoveRecord, store: SecretStore): Promise<UnfinishedMove> {
  const { request } = record.header;
  const side = new StoreSide(store, request);
  const sourceExists = record.state === 'deleted' ? false : await side.sourceExists();
  const copyVerified = sourceExists
    ? await side.verify().then(
        () => true,
        () => false,
      )
    : record.state === 'copied' || record.state === 'rewritten' || record.state === 'deleted';
  const where = `${request.store}:${spotText(request.from)} to ${spotText(request.to)}`;
  const step =
    record.state === 'rewritten'
      ? 'the copy is verified and every reference rewritten; the old secret is still there'
      : record.state === 'copied'
        ? 'the copy is verified; some references may still read the old secret, which is still there'
        : record.state === 'deleted'
          ? 'the old secret is removed'
          : 'the copy did not complete; the old secret and every reference are as they were';
  return {
    record,
    copyVerified,
    sourceExists,
    summary: `A move of ${where} (started ${record.header.startedAt}) did not finish: ${step}. Nothing is lost. Finish it, or roll it back.`,
  };
}

/** Finishes an unfinished move: copy again if needed, rewrite what still reads the old secret, delete on confirmation. */
export async function finishMove(
  run: UnfinishedMove,
  store: SecretStore,
  files: MoveFiles,
  options: Pick<MoveOptions, 'confirmDelete' | 'onStep'>,
): Promise<MoveOutcome> {
  const { request, createdDestination } = run.record.header;
  const side = new StoreSide(store, request);
  const journal = continueMoveJournal(run.record);
  const outcome = emptyOutcome();
  outcome.newArn = run.record.newArn;
  if (!run.sourceExists) {
    // The old secret is gone: only references may be left to rewrite.
    await rewriteAll(files, request, outcome.newArn, outcome);
    if (outcome.stale.length === 0) journal.close();
    return outcome;
  }
  if (!run.copyVerified) {
    options.onStep?.('making the copy again');
    await side.removeCopy(createdDestination ?? true);
    outcome.newArn = await side.copy();
    if (outcome.newArn) journal.record('copying', { newArn: outcome.newArn });
    await side.verify();
    journal.record('copied');
  }
  outcome.copied = outcome.verified = true;
  return goOn(side, request, files, journal, options, outcome, 'copied');
}

/** Rolls an unfinished move back: references to the copy read the old secret again, then the copy is removed. */
export async function rollBackMove(
  run: UnfinishedMove,
  store: SecretStore,
  files: MoveFiles,
  options: Pick<MoveOptions, 'onStep'> = {},
): Promise<MoveOutcome> {
  const { request, createdDestination } = run.record.header;
  if (!run.sourceExists)
    throw new MoveError(
      `"${request.store}:${spotText(request.from)}" is already removed, so the move cannot be rolled back: finish it instead.`,
    );
  const side = new StoreSide(store, request);
  const outcome = emptyOutcome();
  options.onStep?.('rewriting the references back');
  // ARN references to the copy get the old secret's ARN back.
  const oldArn = request.kind === 'aws' ? (await store.metadata(request.from.path)).arn : undefined;
  await rewriteAll(files, reverseRequest(request), oldArn, outcome);
  if (outcome.stale.length > 0) return outcome;
  options.onStep?.(`removing the copy ${request.store}:${spotText(request.to)}`);
  await side.removeCopy(createdDestination ?? true);
  outcome.deleted = true;
  continueMoveJournal(run.record).close();
  return outcome;
}
