// The editor's side of the workspace reference index (core/references/referenceIndex.ts): one index per
// local workspace folder, built in the background with window progress by the one repository walk
// (.gitignore, .secretref.json, files.exclude), kept current from file-system watchers and open
// editors, and persisted in the extension's workspace storage so a reopened window reads only the
// files whose mtime or size changed. Find All References, the hover and the destructive confirmations
// of the Secrets view ask it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { endIdleWorkers, indexText, refreshIndex, reindexFile } from '../../core/references/indexBuilder';
import { IndexHit, IndexQuery, ReferenceIndex } from '../../core/references/referenceIndex';
import type { ReferenceSettings } from '../../core/references/settings';
import type { StoreManager } from '../../core/stores/types';
import { EMPTY_PROJECT_CONFIG, PROJECT_CONFIG_FILE, ProjectConfig, readProjectConfig } from '../../core/workspace/projectConfig';
import { affectsSettings, filesExcludeGlobs } from '../../platform/settings';
import type { Logger } from '../../platform/logger';

const SNAPSHOT_FILE = 'reference-index.json';
/** How long after the last change the snapshot is written. */
const SAVE_DELAY_MS = 2_000;
/** How long file-system events are gathered before a walk picks up new files. */
const RESCAN_DELAY_MS = 300;
/** Typing re-indexes its document once per pause, not per keystroke (each re-index reads the whole text
 *  and refreshes the Secrets view's counts). */
const EDIT_DELAY_MS = 250;

export interface IndexLocation {
  uri: vscode.Uri;
  range: vscode.Range;
  hit: IndexHit;
}

interface FolderIndex {
  folder: vscode.WorkspaceFolder;
  root: string;
  index: ReferenceIndex;
}

export interface WorkspaceIndexOptions {
  stores: Pick<StoreManager, 'configs' | 'onDidChange'>;
  settings: () => ReferenceSettings;
  log: Logger;
  /** Where the snapshot lives (context.storageUri); none: nothing is persisted. */
  storage: vscode.Uri | undefined;
}

export class WorkspaceReferenceIndex implements vscode.Disposable {
  private folders: FolderIndex[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when what the index holds may have changed. */
  readonly onDidChange = this.changed.event;
  private building: Promise<void> = Promise.resolve();
  private built = false;
  private cancelled = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private rescanTimer: ReturnType<typeof setTimeout> | undefined;
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly edited = new Set<vscode.TextDocument>();
  private settingsCache: ReferenceSettings | undefined;

  constructor(private readonly options: WorkspaceIndexOptions) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidCreate(() => this.scheduleRescan()),
      watcher.onDidChange((uri) => this.fileChanged(uri)),
      watcher.onDidDelete((uri) => this.fileDeleted(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => this.editorChanged(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.fileChanged(document.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSettings(event, 'templates', 'defaultAwsStore')) this.retarget();
        if (event.affectsConfiguration('files.exclude')) this.scheduleRescan();
      }),
    );
    const subscription = options.stores.onDidChange((event) => {
      if (event.type === 'configs') this.retarget();
    });
    this.disposables.push({ dispose: () => subscription.dispose() });
    this.rebuild();
  }

  /** Resolves when the current build (or rescan) has finished. */
  whenReady(): Promise<void> {
    return this.building;
  }

  /**
   * Brings the index in line with the disk and the open editors now, and resolves when it is. A write
   * that depends on every reference (Move / Rename) must not plan on a watcher event still on its way: a
   * file rewritten atomically is deleted and created again, and is out of the index in between. Reads
   * only the files whose stamp changed.
   */
  current(): Promise<void> {
    clearTimeout(this.rescanTimer);
    this.refresh(false);
    return this.building;
  }

  /** Whether a first full build has finished (before that, a count may be short). */
  get isReady(): boolean {
    return this.built;
  }

  get stats(): { files: number; references: number } {
    return {
      files: this.folders.reduce((n, f) => n + f.index.fileCount, 0),
      references: this.folders.reduce((n, f) => n + f.index.referenceCount, 0),
    };
  }

  /** Every reference to the secret (or the key) in the workspace. */
  referencesTo(query: IndexQuery): IndexLocation[] {
    return this.folders.flatMap(({ folder, index }) =>
      index.referencesTo(query).map((hit) => ({
        uri: vscode.Uri.joinPath(folder.uri, hit.file),
        range: new vscode.Range(hit.ref.line - 1, hit.ref.column - 1, hit.ref.endLine - 1, hit.ref.endColumn - 1),
        hit,
      })),
    );
  }

  /** Every secret a reference in the workspace reads, with the files referencing it (all folders). */
  secrets(): { store: string; path: string; files: number }[] {
    const merged = new Map<string, { store: string; path: string; files: number }>();
    for (const { index } of this.folders) {
      for (const secret of index.secrets()) {
        const key = `${secret.store}\u0000${secret.path}`;
        const held = merged.get(key);
        if (held) held.files += secret.files;
        else merged.set(key, { ...secret });
      }
    }
    return [...merged.values()];
  }

  /** Each local workspace folder with its index (Move / Rename plans its rewrite on them). */
  folderIndexes(): readonly { folder: vscode.WorkspaceFolder; root: string; index: ReferenceIndex }[] {
    return this.folders;
  }

  /** The workspace-relative files that reference the secret (or the key), sorted. */
  filesReferencing(query: IndexQuery): string[] {
    const multi = this.folders.length > 1;
    return this.folders.flatMap(({ folder, index }) =>
      index.filesReferencing(query).map((file) => (multi ? `${folder.name}/${file}` : file)),
    );
  }

  /**
   * How many files use the secret (or the key), for the Secrets view: a short description and a
   * tooltip line; undefined before the first build (a count then may be short).
   */
  usage(store: string, secret: string, key?: string): { short: string; line: string } | undefined {
    if (!this.built) return undefined;
    const files = this.filesReferencing({ store, path: secret, key }).length;
    if (files === 0) return { short: 'unused', line: 'No file in the workspace references it.' };
    const n = `${files} ${files === 1 ? 'file' : 'files'}`;
    return { short: `used in ${n}`, line: `Used in ${n} in the workspace (Show References lists them).` };
  }

  /**
   * The sentence a destructive confirmation adds: the files that will break, or that none references
   * the secret, or that the index is not built yet.
   */
  impactNote(store: string, secret: string, verb = 'will stop resolving'): string {
    if (!this.built) return 'The workspace reference index is still being built: the files that reference it are not known yet.';
    const files = this.filesReferencing({ store, path: secret });
    if (files.length === 0) return 'No file in the workspace references it.';
    const shown = files.slice(0, 10).map((file) => `  ${file}`);
    if (files.length > shown.length) shown.push(`  … and ${files.length - shown.length} more`);
    return [
      `${files.length} ${files.length === 1 ? 'file references' : 'files reference'} it; its references there ${verb}:`,
      ...shown,
    ].join('\n');
  }

  // --- Building.

  private settings(): ReferenceSettings {
    this.settingsCache ??= this.options.settings();
    return this.settingsCache;
  }

  private newIndex(snapshot?: unknown): ReferenceIndex {
    const options = { configs: () => this.options.stores.configs(), settings: () => this.settings() };
    return (snapshot !== undefined ? ReferenceIndex.fromJSON(snapshot, options) : undefined) ?? new ReferenceIndex(options);
  }

  private rebuild(): void {
    const snapshots = this.loadSnapshots();
    this.folders = (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => ({ folder, root: folder.uri.fsPath, index: this.newIndex(snapshots[folder.uri.toString()]) }));
    this.built = false;
    this.refresh(true);
  }

  private refresh(withProgress: boolean): void {
    const run = async () => {
      const started = performance.now();
      const totals = { scanned: 0, reused: 0, removed: 0, threads: 0 };
      for (const entry of this.folders) {
        if (this.cancelled) return;
        const result = await refreshIndex(entry.index, {
          root: entry.root,
          config: this.projectConfig(entry.root),
          excludeAlso: filesExcludeGlobs(entry.folder.uri),
          isCancelled: () => this.cancelled,
          skip: (file) => this.openDirty(entry, file),
        });
        totals.scanned += result.scanned;
        totals.reused += result.reused;
        totals.removed += result.removed;
        totals.threads = Math.max(totals.threads, result.threads);
        for (const file of this.openDirtyFiles(entry)) this.indexEditor(entry, file.document, file.rel);
      }
      this.built = true;
      const { files, references } = this.stats;
      this.options.log.info(
        `Reference index: ${files} files, ${references} references (${totals.scanned} read, ${totals.reused} unchanged, ${totals.removed} removed) in ${Math.round(performance.now() - started)} ms${totals.threads > 0 ? ` on ${totals.threads} worker threads` : ''}`,
      );
      this.changed.fire();
      this.scheduleSave();
    };
    const previous = this.building;
    const next = previous.then(() =>
      withProgress
        ? vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Indexing secret references' }, run)
        : run(),
    );
    this.building = next.catch((error: unknown) => {
      this.options.log.warn(`Reference index: the walk failed (${error instanceof Error ? error.message : String(error)})`);
    });
  }

  private projectConfig(root: string): ProjectConfig {
    try {
      return readProjectConfig(root);
    } catch (error) {
      // `secretref check` reports a bad one; the editor indexes the whole folder then.
      this.options.log.warn(`Reference index: ${error instanceof Error ? error.message : String(error)}; indexing every file`);
      return EMPTY_PROJECT_CONFIG;
    }
  }

  private retarget(): void {
    this.settingsCache = undefined;
    for (const { index } of this.folders) index.retarget();
    this.changed.fire();
  }

  // --- Keeping it current.

  private locate(uri: vscode.Uri): { entry: FolderIndex; rel: string } | undefined {
    if (uri.scheme !== 'file') return undefined;
    for (const entry of this.folders) {
      const rel = path.relative(entry.root, uri.fsPath);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { entry, rel: rel.split(path.sep).join('/') };
    }
    return undefined;
  }

  private fileChanged(uri: vscode.Uri): void {
    const found = this.locate(uri);
    if (!found) return;
    if (path.basename(found.rel) === '.gitignore' || found.rel === PROJECT_CONFIG_FILE) return this.scheduleRescan();
    // A file the walk does not yield (ignored, excluded, of no format) stays out: only indexed ones are read again.
    if (found.entry.index.stampOf(found.rel) === undefined) return;
    const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
    if (open?.isDirty) return this.indexEditor(found.entry, open, found.rel);
    reindexFile(found.entry.index, found.entry.root, found.rel);
    this.changed.fire();
    this.scheduleSave();
  }

  private fileDeleted(uri: vscode.Uri): void {
    const found = this.locate(uri);
    if (!found) return;
    let removed = found.entry.index.deleteFile(found.rel);
    // A deleted folder: every file under it.
    for (const file of found.entry.index.fileNames()) {
      if (file.startsWith(`${found.rel}/`)) removed = found.entry.index.deleteFile(file) || removed;
    }
    if (!removed) return;
    this.changed.fire();
    this.scheduleSave();
  }

  private editorChanged(document: vscode.TextDocument): void {
    this.edited.add(document);
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      const documents = [...this.edited];
      this.edited.clear();
      for (const edited of documents) {
        const found = this.locate(edited.uri);
        if (found && found.entry.index.stampOf(found.rel) !== undefined && !edited.isClosed)
          this.indexEditor(found.entry, edited, found.rel);
      }
    }, EDIT_DELAY_MS);
  }

  private indexEditor(entry: FolderIndex, document: vscode.TextDocument, rel: string): void {
    indexText(entry.index, rel, document.getText());
    this.changed.fire();
    this.scheduleSave();
  }

  private openDirty(entry: FolderIndex, file: string): boolean {
    return this.openDirtyFiles(entry).some((open) => open.rel === file);
  }

  private openDirtyFiles(entry: FolderIndex): { document: vscode.TextDocument; rel: string }[] {
    return vscode.workspace.textDocuments
      .filter((doc) => doc.isDirty)
      .map((document) => ({ document, found: this.locate(document.uri) }))
      .filter(({ found }) => found?.entry === entry)
      .map(({ document, found }) => ({ document, rel: found!.rel }));
  }

  private scheduleRescan(): void {
    clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => this.refresh(false), RESCAN_DELAY_MS);
  }

  // --- Persistence (plain JSON in the workspace storage folder: paths and parts, never a value).

  private snapshotFile(): string | undefined {
    return this.options.storage?.scheme === 'file' ? path.join(this.options.storage.fsPath, SNAPSHOT_FILE) : undefined;
  }

  private loadSnapshots(): Record<string, unknown> {
    const file = this.snapshotFile();
    if (!file) return {};
    try {
      const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, SAVE_DELAY_MS);
  }

  /** Writes the snapshot now (also on dispose). */
  save(): void {
    const file = this.snapshotFile();
    if (!file || !this.built) return;
    const snapshot: Record<string, unknown> = {};
    for (const { folder, index } of this.folders) snapshot[folder.uri.toString()] = index.toJSON();
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
      fs.renameSync(`${file}.tmp`, file);
    } catch (error) {
      this.options.log.warn(`Reference index: cannot save it (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  dispose(): void {
    this.cancelled = true;
    clearTimeout(this.rescanTimer);
    clearTimeout(this.editTimer);
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.save();
    }
    for (const disposable of this.disposables) disposable.dispose();
    // The workers kept for the next refresh: there is none after this.
    void endIdleWorkers();
  }
}
