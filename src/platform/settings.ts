// The one reader of `secretref.*` settings (the table, with ids and defaults, is ./settingKeys.ts).
// A user-only setting is read from the user's settings alone (inspect().globalValue, else the
// default), and a workspace that sets one is told, once, that it is ignored.
import { nodeValue, parseJsonc } from '../core/schemas/jsonc';
import * as vscode from 'vscode';
import { SETTINGS, SETTINGS_SECTION as SECTION, settingId, USER_SETTING_NAMES } from './settingKeys';
import type { SettingName, SettingValue, SharedSettingName, UserSettingName } from './settingKeys';

export { settingId } from './settingKeys';
export type { UserSettingName } from './settingKeys';

function configuration(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

/** A shared setting as VS Code merges it (user, workspace, folder of `scope`); its default when unset. */
export function setting<K extends SharedSettingName>(name: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  const { id, default: fallback } = SETTINGS[name];
  return configuration(scope).get<SettingValue<K>>(id, fallback as SettingValue<K>);
}

/** The user's value of a user-only setting (never a workspace's); the default when unset or invalid. */
export function userSetting<K extends UserSettingName>(name: K): SettingValue<K> {
  const { id, default: fallback, valid } = SETTINGS[name];
  const value = configuration().inspect<unknown>(id)?.globalValue;
  return (valid(value) ? value : fallback) as SettingValue<K>;
}

/** The globs `files.exclude` turns on for a folder (VS Code's own setting; `when` clauses count as off). */
export function filesExcludeGlobs(scope?: vscode.ConfigurationScope): string[] {
  const value = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude', {});
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/** Every scope's value of a setting, for readers that treat the scopes differently (store configs). */
export function inspectSetting(name: SettingName): ReturnType<vscode.WorkspaceConfiguration['inspect']> {
  return configuration().inspect<unknown>(SETTINGS[name].id);
}

export async function updateSetting(name: SharedSettingName, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
  await configuration().update(SETTINGS[name].id, value, target);
}

/** Whether a configuration change touches any of `names` (all `secretref.*` settings when none). */
export function affectsSettings(event: vscode.ConfigurationChangeEvent, ...names: SettingName[]): boolean {
  return names.length === 0 ? event.affectsConfiguration(SECTION) : names.some((name) => event.affectsConfiguration(settingId(name)));
}

/** Settings files a repository controls: each folder's .vscode/settings.json and the .code-workspace file. */
function repositorySettingsFiles(): { uri: vscode.Uri; nested: boolean }[] {
  const files = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
    uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'),
    nested: false,
  }));
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, nested: true });
  return files;
}

/**
 * Full ids (`secretref.…`) of the user-only settings that the repository's settings files set. VS Code
 * drops application-scoped values from workspace settings before an extension sees them, so the files
 * themselves are read (and inspect() as well, for a setting whose scope a fork does not honour).
 */
export async function workspaceAttempts(): Promise<string[]> {
  const ids = USER_SETTING_NAMES.map(settingId);
  const found = new Set<string>();
  for (const name of USER_SETTING_NAMES) {
    const inspected = inspectSetting(name);
    if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) found.add(settingId(name));
  }
  for (const file of repositorySettingsFiles()) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file.uri));
    } catch {
      continue;
    }
    // Whatever parses counts, errors or not: a broken file may still set a user-only setting.
    const parsed = nodeValue(parseJsonc(text).root);
    const values = file.nested && parsed && typeof parsed === 'object' ? (parsed as { settings?: unknown }).settings : parsed;
    if (!values || typeof values !== 'object') continue;
    const record = values as Record<string, unknown>;
    const section = record[SECTION] && typeof record[SECTION] === 'object' ? (record[SECTION] as Record<string, unknown>) : {};
    for (const id of ids) if (record[id] !== undefined || section[id.slice(SECTION.length + 1)] !== undefined) found.add(id);
  }
  return ids.filter((id) => found.has(id));
}

/** Says once per setting and window, in words, that a workspace's value of a user-only setting is ignored. */
export function watchWorkspaceAttempts(context: vscode.ExtensionContext, log: { warn(message: string): void }): void {
  const told = new Set<string>();
  const check = async () => {
    const fresh = (await workspaceAttempts()).filter((id) => !told.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) told.add(id);
    const list = fresh.join(', ');
    const message = `This workspace's settings set ${list}. ${fresh.length === 1 ? 'It is' : 'They are'} ignored: only your user settings can change ${fresh.length === 1 ? 'this safeguard or destination' : 'these safeguards and destinations'}.`;
    log.warn(message);
    void vscode.window.showWarningMessage(message);
  };
  const run = () => void check().catch(() => undefined);
  run();
  const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(run),
    watcher.onDidCreate(run),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e)) run();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(run),
  );
}
