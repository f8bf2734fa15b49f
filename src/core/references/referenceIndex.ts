// The workspace reference index: every reference of every kind in every walked file, keyed by what it
// reads (store, secret, key), so "where is this secret used?" is a map lookup. VS Code-free: the
// editor, the CLI (`refs --to`) and the benchmark build it the same way (indexBuilder.ts walks with the
// one repository walk and feeds it file by file).
//
// Memory: a file keeps compact rows (parts, offsets and 1-based positions), never its text; the part
// strings are interned (5,000 secrets referenced 100,000 times hold 5,000 path strings) and copied out of
// the file text, so no row keeps a file's text alive. Targets (which store a reference resolves
// through) depend on secretref.stores and the reference settings: they are worked out on insert and
// again on retarget() when those change.
//
// Persistence: toJSON() is a versioned, plain-JSON snapshot with each file's mtime and size, so a
// reopened window rescans only the files whose stamp changed. fromJSON() refuses any other version or
// shape (the caller then builds from scratch: nothing is trusted half-read).
import type { StoreConfig } from '../stores/types';
import { isArnError, parseSecretArn, secretIdentity } from './arn';
import { listedTarget, ReferenceRow } from './listing';
import { kindAt, ROW_WIDTH, RowPacker, StringTable, type PackedRows, type PackedSpan } from './packedRows';
import type { ReferenceSettings } from './settings';
import type { TargetResult } from './target';
import type { ReferenceKind, SecretReference } from './types';

/** What tells a file changed without reading it. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/** One reference as the index keeps it: no text, only parts and positions. */
export interface IndexedReference {
  readonly kind: ReferenceKind;
  /** UTF-16 offset and length in the file's text (BOM removed). */
  readonly offset: number;
  readonly length: number;
  /** 1-based, end exclusive: the positions of `secretref refs`. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly storeName: string | null;
  readonly templateName: string | null;
  readonly path: string | null;
  readonly key: string | null;
  readonly versionStage: string | null;
  readonly versionId: string | null;
  /** Self-hosted blocks: the block's region (it picks the AWS store config). */
  readonly region: string | null;
}

/** A reference found through the index: its file and its row. */
export interface IndexHit {
  file: string;
  ref: IndexedReference;
  /** The store config it resolves through and the secret it reads (a template's secret), or null. */
  store: string | null;
  path: string | null;
}

/** A file of a packed batch: where its rows are, and its stamp. */
export interface PackedFile extends PackedSpan {
  file: string;
  stamp: FileStamp;
}

/** What to look for: a secret (key undefined: every key of it, and the whole secret) or one key of it. */
export interface IndexQuery {
  store: string;
  /** Vault path or AWS secret name; an ARN stands for the secret name inside it. */
  path: string;
  key?: string;
}

export interface ReferenceIndexOptions {
  configs: () => readonly StoreConfig[];
  settings: () => ReferenceSettings;
}

export const REFERENCE_INDEX_FORMAT = 1;

/** One reference as a flat tuple: the snapshot's shape. */
export type IndexRow = [
  kind: ReferenceKind,
  offset: number,
  length: number,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  storeName: string | null,
  templateName: string | null,
  path: string | null,
  key: string | null,
  versionStage: string | null,
  versionId: string | null,
  region: string | null,
];

/** The persisted shape: `{format, files: {file: [mtimeMs, size, rows]}}`. */
export interface SerializedReferenceIndex {
  format: typeof REFERENCE_INDEX_FORMAT;
  files: Record<string, [mtimeMs: number, size: number, rows: IndexRow[]]>;
}

interface FileEntry {
  stamp: FileStamp;
  refs: IndexedReference[];
  /** Per reference: the secret key (store + identity) it reads, or null when no store is known. */
  secrets: (string | null)[];
}

const KINDS: ReadonlySet<string> = new Set<ReferenceKind>(['vault', 'aws', 'self-hosted', 'template']);
const SEP = '\u0000';
const SECRET_MEMO_LIMIT = 100_000;

function secretKey(store: string, path: string): string {
  return `${store}${SEP}${secretIdentity(path)}`;
}

export class ReferenceIndex {
  private readonly files = new Map<string, FileEntry>();
  /** Secret key -> the files with a reference that reads it (a file is always linked and unlinked whole). */
  private readonly bySecret = new Map<string, Set<string>>();
  private readonly strings = new Map<string, string>();
  /**
   * The secret key of each combination of a reference's target parts seen since the last retarget(),
   * keyed by its (interned) path or template name: 5,000 secrets referenced 100,000 times resolve
   * their store 5,000 times, not 100,000.
   */
  private readonly secretMemo = new Map<string | null, { ref: IndexedReference; secret: string | null }[]>();
  private referenceTotal = 0;

  constructor(private readonly options: ReferenceIndexOptions) {}

  get fileCount(): number {
    return this.files.size;
  }

  get referenceCount(): number {
    return this.referenceTotal;
  }

  /** The indexed files, sorted. */
  fileNames(): string[] {
    return [...this.files.keys()].sort();
  }

  stampOf(file: string): FileStamp | undefined {
    return this.files.get(file)?.stamp;
  }

  referencesIn(file: string): readonly IndexedReference[] {
    return this.files.get(file)?.refs ?? [];
  }

  /** Adds or replaces a file from its text and the references the scanner found in it. */
  setFile(file: string, text: string, refs: readonly SecretReference[], stamp: FileStamp): void {
    const packer = new RowPacker();
    const span = packer.add(text, refs);
    this.setPackedFiles(packer.finish(), [{ file, stamp, ...span }], new StringTable());
  }

  /**
   * Adds or replaces files from a batch of packed rows (an index worker's, or the in-thread scan's);
   * `table`: the strings of the batch's sender so far, which the batch's new strings are added to.
   */
  setPackedFiles(batch: PackedRows, files: readonly PackedFile[], table: StringTable): void {
    // Each string is interned once for its sender, not once per row that uses it.
    table.receive(batch, (value) => this.intern(value));
    const { strings } = table;
    const { numbers } = batch;
    const part = (at: number) => (numbers[at] === -1 ? null : strings[numbers[at]]);
    for (const { file, stamp, first, count } of files) {
      const refs = new Array<IndexedReference>(count);
      for (let i = 0; i < count; i++) {
        const at = (first + i) * ROW_WIDTH;
        refs[i] = {
          kind: kindAt(numbers, first + i),
          offset: numbers[at + 1],
          length: numbers[at + 2],
          line: numbers[at + 3],
          column: numbers[at + 4],
          endLine: numbers[at + 5],
          endColumn: numbers[at + 6],
          storeName: part(at + 7),
          templateName: part(at + 8),
          path: part(at + 9),
          key: part(at + 10),
          versionStage: part(at + 11),
          versionId: part(at + 12),
          region: part(at + 13),
        };
      }
      this.setRows(file, refs, stamp);
    }
  }

  deleteFile(file: string): boolean {
    const entry = this.files.get(file);
    if (!entry) return false;
    this.unlink(file, entry);
    this.files.delete(file);
    this.referenceTotal -= entry.refs.length;
    return true;
  }

  /** secretref.stores or the reference settings changed: every reference's store is worked out again. */
  retarget(): void {
    this.bySecret.clear();
    this.secretMemo.clear();
    for (const [file, entry] of this.files) {
      entry.secrets = entry.refs.map((ref) => this.secretOf(ref));
      this.link(file, entry);
    }
  }

  /** Every reference to the secret (or the key), by file then position. */
  referencesTo(query: IndexQuery): IndexHit[] {
    const wanted = secretKey(query.store, query.path);
    const files = this.bySecret.get(wanted);
    if (!files) return [];
    const hits: IndexHit[] = [];
    for (const file of [...files.keys()].sort()) {
      const entry = this.files.get(file)!;
      entry.refs.forEach((ref, i) => {
        if (entry.secrets[i] !== wanted || (query.key !== undefined && ref.key !== query.key)) return;
        const target = this.targetOf(ref);
        hits.push({ file, ref, store: target.store, path: target.path });
      });
    }
    return hits;
  }

  /** The files that reference the secret (or the key), sorted. */
  filesReferencing(query: IndexQuery): string[] {
    if (query.key === undefined) return [...(this.bySecret.get(secretKey(query.store, query.path))?.keys() ?? [])].sort();
    return [...new Set(this.referencesTo(query).map((hit) => hit.file))];
  }

  /** Every secret a reference reads (an ARN as the name inside it), with how many files reference it; sorted. */
  secrets(): { store: string; path: string; files: number }[] {
    const out = [...this.bySecret].map(([key, files]) => {
      const at = key.indexOf(SEP);
      return { store: key.slice(0, at), path: key.slice(at + 1), files: files.size };
    });
    return out.sort((a, b) => (a.store === b.store ? (a.path < b.path ? -1 : 1) : a.store < b.store ? -1 : 1));
  }

  /** Whether any reference reads the secret (all keys). */
  hasSecret(store: string, path: string): boolean {
    return this.bySecret.has(secretKey(store, path));
  }

  /** The row `secretref refs` prints for a hit (`raw` is the reference's text, which the index does not keep). */
  static row(hit: IndexHit, raw: string): ReferenceRow {
    const { ref } = hit;
    return {
      file: hit.file,
      line: ref.line,
      column: ref.column,
      endLine: ref.endLine,
      endColumn: ref.endColumn,
      kind: ref.kind,
      store: hit.store,
      path: hit.path,
      key: ref.key,
      versionStage: ref.versionStage,
      versionId: ref.versionId,
      raw,
    };
  }

  // --- Persistence.

  toJSON(): SerializedReferenceIndex {
    const files: SerializedReferenceIndex['files'] = {};
    for (const [file, entry] of this.files) {
      files[file] = [
        entry.stamp.mtimeMs,
        entry.stamp.size,
        entry.refs.map((r) => [
          r.kind,
          r.offset,
          r.length,
          r.line,
          r.column,
          r.endLine,
          r.endColumn,
          r.storeName,
          r.templateName,
          r.path,
          r.key,
          r.versionStage,
          r.versionId,
          r.region,
        ]),
      ];
    }
    return { format: REFERENCE_INDEX_FORMAT, files };
  }

  /** An index from a snapshot, or undefined when it is of another format or not well formed. */
  static fromJSON(data: unknown, options: ReferenceIndexOptions): ReferenceIndex | undefined {
    if (!isRecord(data) || data.format !== REFERENCE_INDEX_FORMAT || !isRecord(data.files)) return undefined;
    const index = new ReferenceIndex(options);
    for (const [file, value] of Object.entries(data.files)) {
      if (!Array.isArray(value) || value.length !== 3) return undefined;
      const [mtimeMs, size, rows] = value as unknown[];
      if (!isCount(mtimeMs) || !isCount(size) || !Array.isArray(rows) || !rows.every(isRow)) return undefined;
      index.setRows(
        file,
        rows.map((row) => index.row(row)),
        { mtimeMs, size },
      );
    }
    return index;
  }

  // --- Internals.

  private setRows(file: string, refs: IndexedReference[], stamp: FileStamp): void {
    this.deleteFile(file);
    const entry: FileEntry = { stamp: { mtimeMs: stamp.mtimeMs, size: stamp.size }, refs, secrets: refs.map((ref) => this.secretOf(ref)) };
    this.files.set(file, entry);
    this.referenceTotal += refs.length;
    this.link(file, entry);
  }

  private row(row: IndexRow): IndexedReference {
    const s = (value: string | null) => (value === null ? null : this.intern(value));
    return {
      kind: row[0],
      offset: row[1],
      length: row[2],
      line: row[3],
      column: row[4],
      endLine: row[5],
      endColumn: row[6],
      storeName: s(row[7]),
      templateName: s(row[8]),
      path: s(row[9]),
      key: s(row[10]),
      versionStage: s(row[11]),
      versionId: s(row[12]),
      region: s(row[13]),
    };
  }

  /** One copy of each part string, detached from the text it was cut from. */
  private intern(value: string): string {
    const held = this.strings.get(value);
    if (held !== undefined) return held;
    // A slice of a file's text would keep the whole text alive: keep a flat copy instead.
    const own = JSON.parse(JSON.stringify(value)) as string;
    this.strings.set(own, own);
    return own;
  }

  private targetOf(ref: IndexedReference): { store: string | null; path: string | null } {
    const arn = ref.path?.startsWith('arn:') ? parseSecretArn(ref.path) : null;
    return listedTarget(
      {
        kind: ref.kind,
        storeName: ref.storeName,
        templateName: ref.templateName,
        path: ref.path,
        arn: arn && !isArnError(arn) ? arn : null,
        selfHosted: ref.kind === 'self-hosted' ? { assumableRole: null, externalId: null, region: ref.region } : null,
      },
      this.options.configs(),
      this.options.settings(),
    );
  }

  private secretOf(ref: IndexedReference): string | null {
    const id = ref.kind === 'template' ? ref.templateName : ref.path;
    let seen = this.secretMemo.get(id);
    if (!seen) {
      // Edits in open editors keep adding half-typed paths: the memo is a cache, dropped when it grows.
      if (this.secretMemo.size >= SECRET_MEMO_LIMIT) this.secretMemo.clear();
      this.secretMemo.set(id, (seen = []));
    }
    for (const one of seen) if (sameTarget(one.ref, ref)) return one.secret;
    const target = this.targetOf(ref);
    const secret = target.store !== null && target.path !== null ? this.intern(secretKey(target.store, target.path)) : null;
    seen.push({ ref, secret });
    return secret;
  }

  private link(file: string, entry: FileEntry): void {
    for (const secret of entry.secrets) {
      if (secret === null) continue;
      let files = this.bySecret.get(secret);
      if (!files) this.bySecret.set(secret, (files = new Set<string>()));
      files.add(file);
    }
  }

  private unlink(file: string, entry: FileEntry): void {
    for (const secret of entry.secrets) {
      if (secret === null) continue;
      const files = this.bySecret.get(secret);
      if (files?.delete(file) && files.size === 0) this.bySecret.delete(secret);
    }
  }
}

/** Whether two references resolve alike: the parts targetOf() reads. */
function sameTarget(a: IndexedReference, b: IndexedReference): boolean {
  return (
    a.kind === b.kind && a.storeName === b.storeName && a.templateName === b.templateName && a.path === b.path && a.region === b.region
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isRow(value: unknown): value is IndexRow {
  if (!Array.isArray(value) || value.length !== 14 || !KINDS.has(value[0] as string)) return false;
  for (let i = 1; i <= 6; i++) if (!Number.isInteger(value[i]) || (value[i] as number) < 0) return false;
  for (let i = 7; i <= 13; i++) if (value[i] !== null && typeof value[i] !== 'string') return false;
  return true;
}

/** What a reference is about, for the index: the secret, or the key when the offset is on its key (Find All References, the hover's usage, the language server). */
export function indexQueryOf(
  state: { targetOf(ref: SecretReference): TargetResult },
  ref: SecretReference,
  offset?: number,
): IndexQuery | undefined {
  const found = state.targetOf(ref);
  if ('problem' in found) return undefined;
  const keySpan = ref.parts.key ?? ref.parts.jsonKey;
  const onKey = offset !== undefined && keySpan !== undefined && offset >= keySpan.offset && offset <= keySpan.offset + keySpan.length;
  return { store: found.target.store, path: found.target.path, key: onKey && ref.key !== null ? ref.key : undefined };
}
