// The workspace reference index: every reference of every kind in every walked file, keyed by what it
// reads (store, secret, key), so "where is this secret used?" is a map lookup. VS Code-free: the
// editor, the CLI (`refs --to`) and the benchmark build it the same way (indexBuilder.ts walks with the
// one repository walk and feeds it file by file).
//
// Memory: a file keeps its rows packed (packedRows.ts: kind, offsets, 1-based positions and part string
// ids in one Int32Array), never its text, and an IndexedReference is made only for a row a query returns;
// the part strings are interned (5,000 secrets referenced 100,000 times hold 5,000 path strings) and
// copied out of the file text, so no row keeps a file's text alive. Targets (which store a reference resolves
// through) depend on secretref.stores and the reference settings: they are worked out on insert and
// again on retarget() when those change.
//
// Persistence: toJSON() is a versioned snapshot with each file's stamp (fileStamp.ts), so a reopened window
// rescans only the files whose stamp changed: the rows as they are held (packed, base64) and the
// strings they use, which loads in a fraction of the time a tuple per reference took. fromJSON()
// refuses any other version or shape, and any row out of bounds (the caller then builds from
// scratch: nothing is trusted half-read).
import type { StoreConfig } from '../stores/types';
import { isArnError, parseSecretArn, secretIdentity } from './arn';
import { listedTarget, ReferenceRow } from './listing';
import { KIND_CODES, kindAt, ROW_WIDTH, RowPacker, StringTable, type PackedRows, type PackedSpan } from './packedRows';
import type { ReferenceSettings } from './settings';
import type { TargetResult } from './target';
import type { ReferenceKind, SecretReference } from './types';
import { statStamp, type FileStamp } from './fileStamp';

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

/**
 * 3: stamps with the change time. 2: packed rows (1 was a tuple per reference, 9.1 MB of JSON for
 * 100,000 references, 150 ms to load). A snapshot of another format is not read: the next refresh scans.
 */
export const REFERENCE_INDEX_FORMAT = 3;

/** The persisted shape. */
export interface SerializedReferenceIndex {
  format: typeof REFERENCE_INDEX_FORMAT;
  /** The strings the rows' string slots point at, by id. */
  strings: string[];
  /** Per file, in the order of the rows: its name, stamp and number of rows. */
  files: [file: string, mtimeMs: number, ctimeMs: number, size: number, rows: number][];
  /** Every file's rows, ROW_WIDTH Int32 slots each in packedRows.ts's layout, little-endian, base64. */
  rows: string;
}

interface FileEntry {
  stamp: FileStamp;
  /**
   * The rows of the batch the file came in (ROW_WIDTH slots per reference, packedRows.ts's layout;
   * string slots are ids into the index's strings), the file's from row `first`: one typed array per
   * batch, as making one per file cost more than filing its rows.
   */
  rows: Int32Array;
  first: number;
  /** Per reference: the secret key (store + identity) it reads, or null when no store is known. */
  secrets: (string | null)[];
}

const TEMPLATE_CODE = KIND_CODES.indexOf('template');
/** A row's first string slot (storeName); the slots before it are numbers. */
const FIRST_STRING_SLOT = 7;

/** The slots targetOf() reads of a row (kind, storeName, templateName, path, region): rows alike in these resolve alike. */
const TARGET_SLOTS = [0, 7, 8, 9, 13] as const;
const SEP = '\u0000';
const SECRET_MEMO_LIMIT = 100_000;

function secretKey(store: string, path: string): string {
  return `${store}${SEP}${secretIdentity(path)}`;
}

export class ReferenceIndex {
  private readonly files = new Map<string, FileEntry>();
  /** Secret key -> the files with a reference that reads it (a file is always linked and unlinked whole). */
  private readonly bySecret = new Map<string, Set<string>>();
  /** Every part string by id (interned: one copy each), and the id of each. */
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  /**
   * The secret key of each combination of a reference's target parts seen since the last retarget(),
   * keyed by its path's or template name's string id: 5,000 secrets referenced 100,000 times resolve
   * their store 5,000 times, not 100,000.
   */
  private readonly secretMemo = new Map<number, { parts: number[]; secret: string | null }[]>();
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

  /** A file's references, in document order (made from its rows on each call). */
  referencesIn(file: string): IndexedReference[] {
    const entry = this.files.get(file);
    return entry ? entry.secrets.map((_, i) => this.referenceAt(entry.rows, entry.first + i)) : [];
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
   * The index takes the batch: its string slots are rewritten to the index's own ids.
   */
  setPackedFiles(batch: PackedRows, files: readonly PackedFile[], table: StringTable): void {
    // Each string is interned once for its sender, not once per row that uses it.
    table.receive(batch, (value) => this.intern(value));
    const { ids } = table;
    const { numbers } = batch;
    for (let at = 0; at < numbers.length; at += ROW_WIDTH) {
      kindAt(numbers, at / ROW_WIDTH); // throws on a kind no sender writes
      for (let slot = at + FIRST_STRING_SLOT; slot < at + ROW_WIDTH; slot++) if (numbers[slot] !== -1) numbers[slot] = ids[numbers[slot]];
    }
    for (const { file, stamp, first, count } of files) this.setRows(file, numbers, first, count, stamp);
  }

  deleteFile(file: string): boolean {
    const entry = this.files.get(file);
    if (!entry) return false;
    this.unlink(file, entry);
    this.files.delete(file);
    this.referenceTotal -= entry.secrets.length;
    return true;
  }

  /** secretref.stores or the reference settings changed: every reference's store is worked out again. */
  retarget(): void {
    this.bySecret.clear();
    this.secretMemo.clear();
    for (const [file, entry] of this.files) {
      entry.secrets = this.secretsOf(entry.rows, entry.first, entry.secrets.length);
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
      const { rows, first, secrets } = this.files.get(file)!;
      secrets.forEach((secret, i) => {
        if (secret !== wanted) return;
        const ref = this.referenceAt(rows, first + i);
        if (query.key !== undefined && ref.key !== query.key) return;
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
    const ids = new Map<number, number>();
    const strings: string[] = [];
    const files: SerializedReferenceIndex['files'] = [];
    const rows = new Int32Array(this.referenceTotal * ROW_WIDTH);
    let at = 0;
    for (const [file, entry] of this.files) {
      const count = entry.secrets.length;
      files.push([file, entry.stamp.mtimeMs, entry.stamp.ctimeMs, entry.stamp.size, count]);
      rows.set(entry.rows.subarray(entry.first * ROW_WIDTH, (entry.first + count) * ROW_WIDTH), at);
      // Only the strings a row uses, renumbered: the index's own table keeps those of files since replaced.
      for (let end = at + count * ROW_WIDTH; at < end; at += ROW_WIDTH) {
        for (let slot = at + FIRST_STRING_SLOT; slot < at + ROW_WIDTH; slot++) {
          if (rows[slot] === -1) continue;
          let id = ids.get(rows[slot]);
          if (id === undefined) ids.set(rows[slot], (id = strings.push(this.strings[rows[slot]]) - 1));
          rows[slot] = id;
        }
      }
    }
    return { format: REFERENCE_INDEX_FORMAT, strings, files, rows: littleEndian(rows).toString('base64') };
  }

  /** An index from a snapshot, or undefined when it is of another format or not well formed. */
  static fromJSON(data: unknown, options: ReferenceIndexOptions): ReferenceIndex | undefined {
    if (!isRecord(data) || data.format !== REFERENCE_INDEX_FORMAT) return undefined;
    const { strings, files, rows: encoded } = data;
    if (!Array.isArray(strings) || !strings.every((value) => typeof value === 'string')) return undefined;
    if (!Array.isArray(files) || !files.every(isFileRecord) || typeof encoded !== 'string') return undefined;
    const rows = fromLittleEndian(Buffer.from(encoded, 'base64'));
    if (!rows || rows.length !== files.reduce((n, file) => n + file[4], 0) * ROW_WIDTH) return undefined;
    if (!rowsInBounds(rows, strings.length)) return undefined;
    // The snapshot is one batch from one sender: filed as a worker's rows are.
    let first = 0;
    const packed = files.map(([file, mtimeMs, ctimeMs, size, count]): PackedFile => {
      const span = { file, stamp: { mtimeMs, ctimeMs, size }, first, count };
      first += count;
      return span;
    });
    const index = new ReferenceIndex(options);
    index.setPackedFiles({ numbers: rows, base: 0, strings }, packed, new StringTable());
    return index;
  }

  // --- Internals.

  private setRows(file: string, rows: Int32Array, first: number, count: number, stamp: FileStamp): void {
    this.deleteFile(file);
    const entry: FileEntry = {
      stamp: statStamp(stamp),
      rows,
      first,
      secrets: this.secretsOf(rows, first, count),
    };
    this.files.set(file, entry);
    this.referenceTotal += entry.secrets.length;
    this.link(file, entry);
  }

  /** The reference packed row `row` stands for (made when a query returns it: the index holds rows). */
  private referenceAt(rows: Int32Array, row: number): IndexedReference {
    const at = row * ROW_WIDTH;
    const part = (slot: number) => (rows[at + slot] === -1 ? null : this.strings[rows[at + slot]]);
    return {
      kind: kindAt(rows, row),
      offset: rows[at + 1],
      length: rows[at + 2],
      line: rows[at + 3],
      column: rows[at + 4],
      endLine: rows[at + 5],
      endColumn: rows[at + 6],
      storeName: part(7),
      templateName: part(8),
      path: part(9),
      key: part(10),
      versionStage: part(11),
      versionId: part(12),
      region: part(13),
    };
  }

  /** The id of one copy of each part string, detached from the text it was cut from. */
  private intern(value: string): number {
    const held = this.stringIds.get(value);
    if (held !== undefined) return held;
    // A slice of a file's text would keep the whole text alive: keep a flat copy instead.
    const own = JSON.parse(JSON.stringify(value)) as string;
    const id = this.strings.push(own) - 1;
    this.stringIds.set(own, id);
    return id;
  }

  private targetOf(ref: Pick<IndexedReference, 'kind' | 'storeName' | 'templateName' | 'path' | 'region'>): {
    store: string | null;
    path: string | null;
  } {
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

  /** Per row of `count` from `first`: the secret key it reads, or null. */
  private secretsOf(rows: Int32Array, first: number, count: number): (string | null)[] {
    const secrets = new Array<string | null>(count);
    for (let i = 0; i < count; i++) secrets[i] = this.secretOf(rows, (first + i) * ROW_WIDTH);
    return secrets;
  }

  /** The secret key of the row at `at`. */
  private secretOf(rows: Int32Array, at: number): string | null {
    const id = rows[at] === TEMPLATE_CODE ? rows[at + 8] : rows[at + 9];
    let seen = this.secretMemo.get(id);
    if (!seen) {
      // Edits in open editors keep adding half-typed paths: the memo is a cache, dropped when it grows.
      if (this.secretMemo.size >= SECRET_MEMO_LIMIT) this.secretMemo.clear();
      this.secretMemo.set(id, (seen = []));
    }
    for (const { parts, secret } of seen) {
      if (TARGET_SLOTS.every((slot, i) => parts[i] === rows[at + slot])) return secret;
    }
    const parts = TARGET_SLOTS.map((slot) => rows[at + slot]);
    const text = (stringId: number) => (stringId === -1 ? null : this.strings[stringId]);
    const target = this.targetOf({
      kind: KIND_CODES[parts[0]],
      storeName: text(parts[1]),
      templateName: text(parts[2]),
      path: text(parts[3]),
      region: text(parts[4]),
    });
    const secret = target.store !== null && target.path !== null ? this.strings[this.intern(secretKey(target.store, target.path))] : null;
    seen.push({ parts, secret });
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isFileRecord(value: unknown): value is SerializedReferenceIndex['files'][number] {
  return (
    Array.isArray(value) &&
    value.length === 5 &&
    typeof value[0] === 'string' &&
    isCount(value[1]) &&
    isCount(value[2]) &&
    isCount(value[3]) &&
    Number.isInteger(value[4]) &&
    (value[4] as number) >= 0
  );
}

/** Every row's kind is one the packer writes, its numbers are not negative and its string ids are in the table. */
function rowsInBounds(rows: Int32Array, strings: number): boolean {
  for (let at = 0; at < rows.length; at += ROW_WIDTH) {
    if (rows[at] < 0 || rows[at] >= KIND_CODES.length) return false;
    for (let slot = at + 1; slot < at + FIRST_STRING_SLOT; slot++) if (rows[slot] < 0) return false;
    for (let slot = at + FIRST_STRING_SLOT; slot < at + ROW_WIDTH; slot++) if (rows[slot] < -1 || rows[slot] >= strings) return false;
  }
  return true;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The bytes of `rows` little-endian (the snapshot's order, whatever this machine's). */
function littleEndian(rows: Int32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  const bytes = Buffer.alloc(rows.length * 4);
  for (let i = 0; i < rows.length; i++) bytes.writeInt32LE(rows[i], i * 4);
  return bytes;
}

/** The rows of little-endian bytes, or undefined when they are not whole rows' worth. */
function fromLittleEndian(bytes: Buffer): Int32Array | undefined {
  if (bytes.length % (ROW_WIDTH * 4) !== 0) return undefined;
  // A copy: its own buffer, aligned for an Int32Array.
  if (LITTLE_ENDIAN) return new Int32Array(new Uint8Array(bytes).buffer);
  const rows = new Int32Array(bytes.length / 4);
  for (let i = 0; i < rows.length; i++) rows[i] = bytes.readInt32LE(i * 4);
  return rows;
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
