// Helpers of the Vault sign-in tests: auth mounts on the live OpenBao. (LDAP is the run's own: auth/ldap,
// on a slapd directory, set up by the runner; see test/support/ldapDirectory.ts.)
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
