// Each workspace folder's `.secretref.json` (the CLI's project config, src/core/workspace/projectConfig.ts),
// read at activation and again whenever it is created, changed or deleted on disk: its include/exclude
// and credentialFiles choose which files the schema features treat as credential files, next to the
// `secretref.credentialFiles` setting. A repository's file, read in untrusted workspaces too: it maps
// files to schemas and does nothing else (no store, no destination, no safeguard reads it).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PROJECT_CONFIG_FILE, parseProjectConfig, projectCredentialFiles, type ProjectConfig } from '../../core/workspace/projectConfig';
import type { Logger } from '../../platform/logger';

export class ProjectConfigs implements vscode.Disposable {
  private readonly configs = new Map<string, ProjectConfig>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Fires after a folder's `.secretref.json` was read again (created, changed, deleted, folders changed). */
  readonly onDidChange = this.changed.event;
  /** Settles when every folder's config has been read once. */
  readonly ready: Promise<void>;

  constructor(private readonly log: Pick<Logger, 'warn'>) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${PROJECT_CONFIG_FILE}`);
    const reload = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      // Only the folder root's file counts, as `secretref check` reads the one in its working directory.
      if (folder && path.posix.dirname(uri.path) === folder.uri.path) void this.load(folder).then(() => this.changed.fire());
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reload),
      watcher.onDidChange(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.loadAll().then(() => this.changed.fire())),
    );
    this.ready = this.loadAll().then(() => this.changed.fire());
  }

  /** The project config's credentialFiles globs that apply to the file at `uri` (none outside a folder with one). */
  credentialFiles(uri: vscode.Uri): Record<string, string> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const config = folder && this.configs.get(folder.uri.toString());
    if (!folder || !config) return {};
    return projectCredentialFiles(config, path.posix.relative(folder.uri.path, uri.path));
  }

  private async loadAll(): Promise<void> {
    this.configs.clear();
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => this.load(folder)));
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<void> {
    const file = vscode.Uri.joinPath(folder.uri, PROJECT_CONFIG_FILE);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      this.configs.delete(folder.uri.toString());
      return;
    }
    try {
      this.configs.set(folder.uri.toString(), parseProjectConfig(text, `${folder.name}/${PROJECT_CONFIG_FILE}`));
    } catch (error) {
      // A broken config maps nothing (as if absent) and says why; `secretref check` exits 2 on it.
      this.configs.delete(folder.uri.toString());
      this.log.warn(`${error instanceof Error ? error.message : String(error)}: its credentialFiles are not applied`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.configs.clear();
  }
}
