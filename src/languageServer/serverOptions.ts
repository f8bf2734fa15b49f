// The language server's initializationOptions (README "Other editors") and the stores they name: the
// same file and trust rules as the CLI (cliStores.ts). A stores file inside the workspace folder, and
// the default (the folder's .vscode/settings.json), are the repository's word: a config there that
// chooses how the shell's credentials are used is left out unless `trustRepoStores` names it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { approveRepositoryConfig, cliStoreManager, readStoresFile, withEnvironmentEndpoint } from '../cli/cliStores';
import { loadReferenceSettings } from '../cli/cliInputs';
import { EMPTY_REFERENCE_SETTINGS, type ReferenceSettings } from '../core/references/settings';
import type { ResolvedStoreConfig, StoreManagerWithStats } from '../core/stores';

export interface ServerOptions {
  /** The stores file (the CLI's `--stores`): an array of store configs or a settings.json holding `secretref.stores`. */
  stores?: string;
  /** Store configs of the repository's files approved as they are (the CLI's `--trust-repo-store`). */
  trustRepoStores: string[];
  /** A settings.json with `secretref.templates` / `secretref.defaultAwsStore` (the CLI's `--settings`). */
  settings?: string;
  /** Glob -> schema name (or `connections`), as the `secretref.credentialFiles` setting. */
  credentialFiles: Record<string, string>;
  /** How long a store's answer serves (`secretref.cacheTtlSeconds`). */
  cacheTtlSeconds: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The options the client sent; anything of the wrong shape is left at its default. */
export function serverOptions(raw: unknown): ServerOptions {
  const options = isRecord(raw) ? raw : {};
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const credentialFiles = isRecord(options.credentialFiles)
    ? Object.fromEntries(Object.entries(options.credentialFiles).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};
  const ttl = options.cacheTtlSeconds;
  return {
    stores: text(options.stores),
    trustRepoStores: Array.isArray(options.trustRepoStores)
      ? options.trustRepoStores.filter((n): n is string => typeof n === 'string')
      : [],
    settings: text(options.settings),
    credentialFiles,
    cacheTtlSeconds: typeof ttl === 'number' && Number.isFinite(ttl) && ttl >= 0 ? ttl : 30,
  };
}

function expandHome(file: string, env: NodeJS.ProcessEnv): string {
  return file === '~' || file.startsWith('~/') ? path.join(env.HOME || os.homedir(), file.slice(1)) : file;
}

function inside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface LoadedStores {
  manager: StoreManagerWithStats;
  configs: ResolvedStoreConfig[];
  /** Where the configs came from, for the destination of a move. */
  source: string;
  /** The stores file read, if any (go to definition of a reference: its store config). */
  file?: string;
  /** Why configs were left out or the file could not be read, for window/showMessage; never a value. */
  problems: string[];
}

/** The store configs of the options (else the folder's .vscode/settings.json) and a manager with the CLI's credentials. */
export async function loadServerStores(options: ServerOptions, root: string | undefined, env: NodeJS.ProcessEnv): Promise<LoadedStores> {
  const problems: string[] = [];
  let file: string | undefined;
  let source = '';
  if (options.stores) file = path.resolve(root ?? process.cwd(), expandHome(options.stores, env));
  else if (root && fs.existsSync(path.join(root, '.vscode', 'settings.json'))) file = path.join(root, '.vscode', 'settings.json');
  const repository = file !== undefined && root !== undefined && inside(root, file);
  let read: ResolvedStoreConfig[] = [];
  if (file) {
    source = repository ? `repository file ${path.relative(root ?? '', file)}` : `stores file ${file}`;
    try {
      read = readStoresFile(file, repository ? 'workspace' : 'cli');
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  const configs: ResolvedStoreConfig[] = [];
  const allowedAwsEndpoints: string[] = [];
  for (const found of read.map((config) => withEnvironmentEndpoint(config, env))) {
    const approval = approveRepositoryConfig(found, options.trustRepoStores, env, {
      approve: 'initializationOptions.trustRepoStores holding',
      own: 'set initializationOptions.stores to a file',
    });
    if ('refusal' in approval) {
      problems.push(approval.refusal);
      continue;
    }
    configs.push(approval.config);
    allowedAwsEndpoints.push(...approval.allowedAwsEndpoints);
  }
  const manager = await cliStoreManager(configs, env, { allowedAwsEndpoints });
  return { manager, configs, source, file, problems };
}

/** secretref.templates / secretref.defaultAwsStore: the options' settings file, else the folder's .vscode/settings.json. */
export function loadServerReferenceSettings(options: ServerOptions, root: string | undefined, problems: string[]): ReferenceSettings {
  try {
    if (options.settings) return loadReferenceSettings(root ?? process.cwd(), options.settings);
    return root ? loadReferenceSettings(root) : EMPTY_REFERENCE_SETTINGS;
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return EMPTY_REFERENCE_SETTINGS;
  }
}
