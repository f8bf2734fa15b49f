// The session the Vault and OpenBao command lines leave behind after `vault login` / `bao login`: the
// token their token helper keeps. The helper is the program named by `token_helper = "/path"` in the
// CLI's config file (~/.vault or VAULT_CONFIG_PATH for vault, ~/.bao or BAO_CONFIG_PATH for bao), run
// as `<helper> get`; without one, the built-in helper's file ~/.vault-token (both CLIs write it;
// BAO_TOKEN_PATH moves bao's). Which server the token is for is the CLI's own pairing: VAULT_ADDR for
// vault's session, BAO_ADDR for bao's; the callers (credentials.ts) apply it, never a config's URL alone.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type VaultCli = 'VAULT' | 'BAO';

/** How long a token helper may take to answer `get`. */
const HELPER_TIMEOUT_MS = 10_000;
/** A token is short; a file or helper answer beyond this is not one. */
const MAX_TOKEN_BYTES = 16 * 1024;

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** The CLI's config file: VAULT_CONFIG_PATH / BAO_CONFIG_PATH, else ~/.vault / ~/.bao. */
export function cliConfigFile(cli: VaultCli, env: NodeJS.ProcessEnv): string {
  return env[`${cli}_CONFIG_PATH`] || path.join(home(env), cli === 'VAULT' ? '.vault' : '.bao');
}

/** The `token_helper` of an HCL config file's text (the only setting of it the CLIs read here). */
export function tokenHelperOf(hcl: string): string | undefined {
  for (const raw of hcl.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (line.startsWith('#') || line.startsWith('//')) continue;
    const match = /^token_helper\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line);
    if (match) return match[1].replace(/\\(["\\])/g, '$1');
  }
  return undefined;
}

function readSmall(file: string): string | undefined {
  try {
    const info = fs.statSync(file);
    if (!info.isFile() || info.size > MAX_TOKEN_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function runHelper(helper: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(helper, ['get'], { env, timeout: HELPER_TIMEOUT_MS, maxBuffer: MAX_TOKEN_BYTES, windowsHide: true }, (error, stdout) =>
      resolve(error ? undefined : String(stdout)),
    );
  });
}

/**
 * The token of the `cli`'s own session, or undefined when there is none (no helper answer, no file).
 * A helper must be named by an absolute path, as both CLIs require; a relative one is ignored.
 */
export async function cliSessionToken(cli: VaultCli, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const config = readSmall(cliConfigFile(cli, env));
  const helper = config === undefined ? undefined : tokenHelperOf(config);
  let raw: string | undefined;
  if (helper) raw = path.isAbsolute(helper) ? await runHelper(helper, env) : undefined;
  else raw = readSmall((cli === 'BAO' && env.BAO_TOKEN_PATH) || path.join(home(env), '.vault-token'));
  const token = raw?.trim();
  return token && !/\s/.test(token) ? token : undefined;
}
