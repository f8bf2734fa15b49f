// Helpers of the Vault sign-in tests: auth mounts on the live OpenBao. (LDAP is the run's own: auth/ldap,
// on a slapd directory, set up by the runner; see test/support/ldapDirectory.ts.)
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { vaultApi } from '../support/stores';
import { testEnvironment } from '../support/testEnv';

/** Enables a userpass auth method at `mount` (in `namespace`) unless one is there already. */
export async function enableUserpassMount(mount: string, namespace?: string): Promise<void> {
  const env = testEnvironment();
  const headers: Record<string, string> = namespace ? { 'X-Vault-Namespace': namespace } : {};
  const mounts = await vaultApi(env.vault, env.vault.rootToken, 'GET', 'sys/auth', undefined, headers);
  if ((mounts.data ?? mounts)[`${mount}/`]) return;
  await vaultApi(env.vault, env.vault.rootToken, 'POST', `sys/auth/${mount}`, { type: 'userpass' }, headers).catch((error: Error) => {
    // Another suite of the same run enabled it in between.
    if (!/path is already in use/.test(error.message)) throw error;
  });
}

/** The CLI (the tsc output of src/cli/main.ts). */
const cli = path.join(__dirname, '../../src/cli/main.js');

export interface Run {
  status: number | null;
  output: string;
}

/** The CLI as a child process; the environment has no Vault or OpenBao variable unless `env` sets one. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv, stdin?: string): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VAULT|BAO)_/.test(key)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...clean, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
    child.stdin.end(stdin ?? '');
  });
}
