// FileSystemProvider for `secretref:/<store>/<path>.secretref.json`: a secret's current version as
// formatted JSON. Saving writes a new version with a conflict check against the version read at open
// (Vault cas, AWS version id). A refused save throws (VS Code keeps the edits in the dirty editor,
// nothing is written) and offers a diff against the store's newer version (`?version=<v>` URIs are
// read-only snapshots).
// A secret is written only by a save the user asked for: the editor tells the provider, through
// `onWillSaveTextDocument`, which saves are manual (Ctrl+S, File: Save, `document.save()`); any other
// write (auto-save after a delay or on focus change, a save that skips save participants, another
// extension's `workspace.fs.writeFile`) is refused, so half-typed values never reach the store.
import * as vscode from 'vscode';
import type { SecretValue, WriteOptions } from '../../core/stores/types';
import { isStoreError } from '../../core/stores/storeError';
import type { Services } from '../../services';
import { parseDocumentText, SecretDocumentError, toDocumentText, toMaskedDocumentText } from './secretDocument';
import { DOCUMENT_SUFFIX, MASKED_QUERY, parseSecretPath, SecretLocation } from './secretPath';

/** What the editor's copy is based on: the version its conflict check expects. */
interface OpenedSecret {
  version?: string;
  mtime: number;
  size: number;
}

/** A save that wrote nothing, and the words the user is shown. */
export interface SaveFailure {
  uri: vscode.Uri;
  store: string;
  path: string;
  kind: 'not-requested' | 'invalid' | 'store';
  message: string;
}

export interface SaveConflict {
  uri: vscode.Uri;
  store: string;
  path: string;
  /** The version the refused save was based on. */
  basedOn?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class SecretFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly opened = new Map<string, OpenedSecret>();
  private readonly conflictEmitter = new vscode.EventEmitter<SaveConflict>();
  /** Fires when a save is refused because the store holds a newer version. */
  readonly onDidRefuseSave = this.conflictEmitter.event;
  private readonly failureEmitter = new vscode.EventEmitter<SaveFailure>();
  /** Fires for every save that wrote nothing, with the message for the user. */
  readonly onDidFailSave = this.failureEmitter.event;
  /** Documents whose next write is a save the user asked for (set by `requestedSave`). */
  private readonly requested = new Set<string>();

  constructor(private readonly services: Services) {}

  watch(): vscode.Disposable {
    // Stores push no change events; the editor's copy is checked at save time instead.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const location = parseSecretPath(uri.path);
    if (!location) {
      if (this.isDirectory(uri)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    const version = versionOf(uri);
    // A version snapshot and the masked document are read-only views: never the base of a save.
    const editable = version === undefined && !isMasked(uri);
    const known = editable ? this.opened.get(uri.path) : undefined;
    if (known) return { type: vscode.FileType.File, ctime: 0, mtime: known.mtime, size: known.size };
    const value = await this.read(location, version, version === undefined);
    const record = recordOf(value);
    if (editable) this.opened.set(uri.path, record);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: record.mtime,
      size: record.size,
      ...(editable ? {} : { permissions: vscode.FilePermission.Readonly }),
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const location = this.locate(uri);
    const version = versionOf(uri);
    const value = await this.read(location, version, version === undefined);
    if (isMasked(uri)) return encoder.encode(toMaskedDocumentText(value));
    const bytes = encoder.encode(this.documentText(value));
    if (version === undefined) this.opened.set(uri.path, recordOf(value, bytes.byteLength));
    return bytes;
  }

  /**
   * Called for every save of a secret document before it is written (`onWillSaveTextDocument`):
   * `manual` says whether the user asked for it. Only a manual save's write reaches the store.
   */
  requestedSave(uri: vscode.Uri, manual: boolean): void {
    if (manual) this.requested.add(uri.toString());
    else this.requested.delete(uri.toString());
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): Promise<void> {
    const location = this.locate(uri);
    if (isMasked(uri)) {
      throw vscode.FileSystemError.NoPermissions(
        `The masked view of "${location.path}" is read-only. Open the secret from the Secrets view (Open as JSON Document) to edit it.`,
      );
    }
    if (versionOf(uri) !== undefined) {
      throw vscode.FileSystemError.NoPermissions(
        `Version ${versionOf(uri)} of "${location.path}" is a read-only snapshot. Open the secret itself to edit it.`,
      );
    }
    // One manual save allows one write; whatever the outcome, the next write needs a new save.
    if (!this.requested.delete(uri.toString())) {
      throw this.failed(
        uri,
        location,
        'not-requested',
        `Not saved: "${location.path}" in store "${location.store}" is written only when you save it yourself (Ctrl+S or File: Save), ` +
          'never by auto-save or another write. Nothing was written; your edits are still in the editor.',
      );
    }
    const config = this.services.stores.config(location.store);
    if (!config)
      throw vscode.FileSystemError.FileNotFound(`No store config is named "${location.store}". Add it, or check the document's address.`);
    let payload;
    try {
      payload = parseDocumentText(decoder.decode(content), location);
    } catch (error) {
      if (error instanceof SecretDocumentError) throw this.failed(uri, location, 'invalid', error.message);
      throw error;
    }
    const known = this.opened.get(uri.path);
    let writeOptions: WriteOptions;
    if (known) writeOptions = known.version === undefined ? {} : { expectedVersion: known.version };
    else if (options.create) writeOptions = config.kind === 'vault' ? { expectedVersion: '0' } : { create: true };
    else
      throw vscode.FileSystemError.FileNotFound(
        `"${location.path}" is not open from store "${location.store}". Open it from the Secrets view, then save.`,
      );
    try {
      const store = await this.services.stores.get(location.store);
      const result = await store.write(location.path, payload, writeOptions);
      this.opened.set(uri.path, {
        version: result.version,
        mtime: Math.max(Date.now(), (known?.mtime ?? 0) + 1),
        size: content.byteLength,
      });
    } catch (error) {
      if (isStoreError(error) && error.kind === 'conflict') {
        this.conflictEmitter.fire({ uri, store: location.store, path: location.path, basedOn: known?.version });
        throw new vscode.FileSystemError(
          `Not saved: "${location.path}" in store "${location.store}" has a newer version than the one you opened` +
            `${known?.version ? ` (version ${known.version})` : ''}. Nothing was written and your edits are still here. ` +
            'Run "Secret References: Compare with Store Version" to see the newer value, merge, then save again.',
        );
      }
      const fsError = this.fsError(error, location);
      this.failureEmitter.fire({
        uri,
        store: location.store,
        path: location.path,
        kind: 'store',
        message: `Not saved: ${fsError.message}`,
      });
      throw fsError;
    }
  }

  /** Reports a save that wrote nothing (the user sees `message`) and returns the error the editor gets. */
  private failed(uri: vscode.Uri, location: SecretLocation, kind: SaveFailure['kind'], message: string): vscode.FileSystemError {
    this.failureEmitter.fire({ uri, store: location.store, path: location.path, kind, message });
    return vscode.FileSystemError.NoPermissions(message);
  }

  /**
   * Reads the store's current version, makes it the base of the editor's next save (the user has now
   * seen it) and returns the read-only URI of that version for a diff.
   */
  async rebaseOnCurrent(uri: vscode.Uri): Promise<{ uri: vscode.Uri; version?: string }> {
    const location = this.locate(uri);
    const value = await this.read(location, undefined, true);
    const known = this.opened.get(uri.path);
    if (known) known.version = value.version;
    const snapshot = value.version === undefined ? uri : uri.with({ query: `version=${encodeURIComponent(value.version)}` });
    return { uri: snapshot, version: value.version };
  }

  /** Forgets what was read for a closed document, so reopening starts from the store's current version. */
  forget(uri: vscode.Uri): void {
    this.opened.delete(uri.path);
    this.requested.delete(uri.toString());
  }

  /** The version the editor's next save expects (tests, status). */
  baseVersion(uri: vscode.Uri): string | undefined {
    return this.opened.get(uri.path)?.version;
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    if (uri.path === '/' || uri.path === '') return this.services.stores.configs().map((c) => [c.name, vscode.FileType.Directory]);
    // Browsing lives in the Secrets view; documents are opened from there.
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Secret stores have no folders to create: a secret path with "/" creates them.');
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`Delete "${uri.path}" from the Secrets view, which confirms what will be lost.`);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Secrets cannot be renamed: create a new secret and delete the old one.');
  }

  dispose(): void {
    this.emitter.dispose();
    this.conflictEmitter.dispose();
    this.failureEmitter.dispose();
    this.opened.clear();
    this.requested.clear();
  }

  private locate(uri: vscode.Uri): SecretLocation {
    const location = parseSecretPath(uri.path);
    if (!location) throw vscode.FileSystemError.FileNotFound(`Not a secret document address: ${uri.path} (expected /<store>/<path>.json).`);
    return location;
  }

  /** The root, a store, and any folder-like path under a store (VS Code stats parents before writes). */
  private isDirectory(uri: vscode.Uri): boolean {
    const name = uri.path.replace(/^\/|\/$/g, '');
    if (name === '') return true;
    const store = name.split('/')[0];
    return this.services.stores.config(store) !== undefined && !name.endsWith(DOCUMENT_SUFFIX);
  }

  private async read(location: SecretLocation, version: string | undefined, fresh: boolean): Promise<SecretValue> {
    try {
      return await this.services.stores.read(location.store, location.path, {
        ...(version ? { version } : {}),
        ...(fresh ? { fresh: true } : {}),
      });
    } catch (error) {
      throw this.fsError(error, location);
    }
  }

  private documentText(value: SecretValue): string {
    try {
      return toDocumentText(value);
    } catch (error) {
      if (error instanceof SecretDocumentError) throw vscode.FileSystemError.NoPermissions(error.message);
      throw error;
    }
  }

  private fsError(error: unknown, location: SecretLocation): vscode.FileSystemError {
    if (isStoreError(error)) {
      this.services.log.warn(error.message);
      return error.kind === 'not-found'
        ? vscode.FileSystemError.FileNotFound(error.message)
        : vscode.FileSystemError.Unavailable(error.message);
    }
    const name = error instanceof Error ? error.name : 'Error';
    this.services.log.error(`Secret document "${location.path}" in store "${location.store}": ${name}`);
    return vscode.FileSystemError.Unavailable(
      `Store "${location.store}", secret "${location.path}": the request failed (${name}). See the Secret References log.`,
    );
  }
}

function isMasked(uri: vscode.Uri): boolean {
  return uri.query.split('&').includes(MASKED_QUERY);
}

function versionOf(uri: vscode.Uri): string | undefined {
  const match = /(?:^|&)version=([^&]+)/.exec(uri.query);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** Stat fields derived from the version only, so repeated stats of one version agree. */
function recordOf(value: SecretValue, size?: number): OpenedSecret {
  const created = value.createdTime ? Date.parse(value.createdTime) : NaN;
  let length = size;
  if (length === undefined) {
    try {
      length = encoder.encode(toDocumentText(value)).byteLength;
    } catch {
      length = 0;
    }
  }
  return { version: value.version, mtime: Number.isFinite(created) ? created : 0, size: length };
}
