// Every `secretref.*` setting in one table: its id under the section, its default (package.json's
// `contributes.configuration` must match; test/unit/settingKeys.test.ts checks) and, for a user-only
// setting, the check a user's value must pass. VS Code-free so plain-node tests read it; the typed
// reader is ./settings.ts.
//
// User-only: a setting that weakens a safeguard (how long a value is shown, cached or kept on the
// clipboard) or chooses where credentials and secrets go (the account the printed trust policy names,
// the path migrated secrets are written to, the endpoints workspace configs may use) is the user's
// alone: package.json gives it `"scope": "application"`, and the reader takes only the user's value.
import { MONTE_CARLO_ACCOUNT_ID } from '../core/migration/artefacts';
import { DEFAULT_NAME_PATTERN } from '../core/migration/naming';

export const SETTINGS_SECTION = 'secretref';

interface SharedSetting<T> {
  readonly id: string;
  readonly default: T;
}
interface UserOnlySetting<T> extends SharedSetting<T> {
  /** A user's value that fails this check counts as unset (the default applies). */
  readonly valid: (value: unknown) => boolean;
}

const shared = <T>(id: string, fallback: T): SharedSetting<T> => ({ id, default: fallback });
const userOnly = <T>(id: string, fallback: T, valid: (value: unknown) => value is T): UserOnlySetting<T> => ({
  id,
  default: fallback,
  valid,
});

const nonNegative = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const accountId = (v: unknown): v is string => typeof v === 'string' && /^\d{12}$/.test(v.trim());
const origins = (v: unknown): v is string[] => Array.isArray(v) && v.every((e) => typeof e === 'string');

export const SETTINGS = {
  /** Store configs; read per scope by ./storeSettings.ts (workspace entries are marked and gated). */
  stores: shared<unknown[]>('stores', []),
  templates: shared<Record<string, unknown>>('templates', {}),
  defaultAwsStore: shared('defaultAwsStore', ''),
  /** Glob -> schema name (or `connections`), e.g. {"**\/secrets/*.json": "snowflake"}. */
  credentialFiles: shared<Record<string, string>>('credentialFiles', {}),
  diagnosticsDelayMs: shared('references.diagnosticsDelayMs', 300),
  pageSize: shared('views.pageSize', 100),
  awsFlatList: shared('views.awsFlatList', false),
  cacheTtlSeconds: userOnly('cacheTtlSeconds', 30, nonNegative),
  clipboardClearSeconds: userOnly('clipboardClearSeconds', 30, nonNegative),
  revealSeconds: userOnly('references.revealSeconds', 5, positive),
  alreadyStoredMaxSecrets: userOnly('alreadyStored.maxSecrets', 500, positive),
  secretNamePattern: userOnly('migration.secretNamePattern', DEFAULT_NAME_PATTERN, text),
  trustedAccountId: userOnly('migration.trustedAccountId', MONTE_CARLO_ACCOUNT_ID, accountId),
  workspaceEndpoints: userOnly<string[]>('workspaceEndpoints', [], origins),
} as const;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
export type UserSettingName = { [K in SettingName]: Settings[K] extends UserOnlySetting<unknown> ? K : never }[SettingName];
export type SharedSettingName = Exclude<SettingName, UserSettingName>;
export type SettingValue<K extends SettingName> = Settings[K]['default'];

export function isUserOnly(name: SettingName): name is UserSettingName {
  return 'valid' in SETTINGS[name];
}

/** The full id, e.g. `settingId('pageSize')` is `secretref.views.pageSize`. */
export function settingId(name: SettingName): string {
  return `${SETTINGS_SECTION}.${SETTINGS[name].id}`;
}

export const USER_SETTING_NAMES = (Object.keys(SETTINGS) as SettingName[]).filter(isUserOnly);
