// The user-only settings, read in one place. A setting that weakens a safeguard (how long a value is
// shown, cached or kept on the clipboard) or chooses where credentials and secrets go (the account the
// printed trust policy names, the path migrated secrets are written to, the endpoints workspace configs
// may use) is the user's alone: package.json gives it `"scope": "application"`, and this reader takes
// only the user's value (inspect().globalValue, else the default). A workspace that sets one is told,
// once, that it is ignored.
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { SCHEMA_SETTINGS } from '../constants';

const SECTION = 'secretref';

const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const accountId = (v: unknown): v is string => typeof v === 'string' && /^\d{12}$/.test(v.trim());
const origins = (v: unknown): v is string[] => Array.isArray(v) && v.every((e) => typeof e === 'string');

/** key -> [setting id under `secretref`, default, validity check]. */
export const USER_ONLY_SETTINGS = {
  cacheTtlSeconds: ['cacheTtlSeconds', 30, nonNegative],
  clipboardClearSeconds: ['clipboardClearSeconds', 30, nonNegative],
  revealSeconds: ['references.revealSeconds', 5, positive],
  secretNamePattern: ['migration.secretNamePattern', 'secretref/{file}/{connection}', text],
  trustedAccountId: ['migration.trustedAccountId', '590183797493', accountId],
  workspaceEndpoints: ['workspaceEndpoints', [] as string[], origins],
} as const;

type UserOnly = typeof USER_ONLY_SETTINGS;
export type UserSettingName = keyof UserOnly;
type ValueOf<K extends UserSettingName> = UserOnly[K][1] extends number ? number : UserOnly[K][1] extends string ? string : string[];

/** The user's value of a user-only setting (never a workspace's); the default when unset or invalid. */
export function userSetting<K extends UserSettingName>(name: K): ValueOf<K> {
  const [id, fallback, valid] = USER_ONLY_SETTINGS[name];
  const value = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(id)?.globalValue;
  return ((valid as (v: unknown) => boolean)(value) ? value : fallback) as ValueOf<K>;
}

/** Settings files a repository controls: each folder's .vscode/settings.json and the .code-workspace file. */
function repositorySettingsFiles(): { uri: vscode.Uri; nested: boolean }[] {
  const files = (vscode.workspace.workspaceFolders ?? []).map((f) => ({ uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'), nested: false }));
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
  const ids = Object.values(USER_ONLY_SETTINGS).map(([id]) => `${SECTION}.${id}`);
  const found = new Set<string>();
  const config = vscode.workspace.getConfiguration(SECTION);
  for (const [id] of Object.values(USER_ONLY_SETTINGS)) {
    const inspected = config.inspect(id);
    if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) found.add(`${SECTION}.${id}`);
  }
  for (const file of repositorySettingsFiles()) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file.uri));
    } catch {
      continue;
    }
    const parsed: unknown = parse(text, [], { allowTrailingComma: true });
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
      if (e.affectsConfiguration(SECTION)) run();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(run),
  );
}

/** `secretref.credentialFiles` for a document (glob -> schema name), workspace values included: what schema detection reads. */
export function credentialFilesFor(uri: vscode.Uri): Record<string, string> {
  return vscode.workspace.getConfiguration(SCHEMA_SETTINGS.section, uri).get<Record<string, string>>(SCHEMA_SETTINGS.credentialFiles, {});
}
