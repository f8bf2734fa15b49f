// Sign In / Sign Out: asks for the secrets a config's auth method needs (password inputs, by the
// method table core/stores/vault/vaultAuthMethods.ts), keeps them only in SecretStorage via the manager
// (a userpass / LDAP password is exchanged for a token there and never kept), then tests the connection.
// Sign Out revokes a token secretref's own login made. The extension's tests may pass credentials as
// the second argument to skip the prompts.
import * as vscode from 'vscode';
import type { ResolvedStoreConfig, SignInInput } from '../../core/stores';
import { authMount, VAULT_AUTH_METHODS } from '../../core/stores/vault/vaultAuthMethods';
import { showStoreError } from './storeErrors';
import type { Services } from '../../services';
import { awsClientSettings, awsLoginCommand } from '../../core/stores/aws/awsProfileConfig';
import { awsLogin } from './awsLogin';
import { oidcSignIn } from './oidcSignIn';
import { pickStore } from './storePicker';
import { testStoreConnection } from './testConnection';

async function secretInput(title: string, prompt: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title,
    prompt,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Required'),
  });
  return value?.trim() || undefined;
}

async function askCredentials(config: ResolvedStoreConfig): Promise<SignInInput | undefined> {
  // A workspace config may reuse the name of one of the user's: say whose server this is.
  const fromWorkspace = config.source === 'workspace' || config.source === 'workspaceFolder';
  const title = `Sign In to "${config.name}"${fromWorkspace ? " (defined in this workspace's settings)" : ''}`;
  if (config.kind === 'vault') {
    const whose = fromWorkspace ? ' (a server named by this workspace, not by your user settings)' : '';
    switch (VAULT_AUTH_METHODS[config.auth].asks) {
      case 'token': {
        const token = await secretInput(title, `Vault token for ${config.url}${whose}`);
        return token ? { token } : undefined;
      }
      case 'password': {
        const password = await secretInput(
          title,
          `Password of "${config.username ?? '?'}" (auth/${authMount(config)} at ${config.url})${whose}; it is not kept, only the token it gets`,
        );
        return password ? { password } : undefined;
      }
      case 'secretId': {
        const who = config.auth === 'approle-wrapped' ? 'the AppRole worker' : 'the AppRole';
        const secretId = await secretInput(title, `Secret-ID of ${who} (role-id ${config.roleId ?? '?'})`);
        return secretId ? { secretId } : undefined;
      }
      case 'aws':
        // Nothing to ask: the store layer signs the AWS IAM login with the config's AWS profile.
        return { awsIam: true };
      case 'browser':
        // OIDC (browser or device flow) runs in signInToStore through oidcSignIn.ts, before this prompt.
        void vscode.window.showErrorMessage(`"${config.name}" signs in through the browser, which this build does not offer yet.`);
        return undefined;
    }
  }
  if (config.auth !== 'accessKey') {
    void vscode.window.showInformationMessage(
      `"${config.name}" uses ${config.auth === 'profile' ? `the AWS profile "${config.profile}"` : 'the default AWS credential chain'}: nothing to store. Testing the connection.`,
    );
    return {};
  }
  const accessKeyId = await secretInput(`${title} (1/3)`, 'AWS access key id');
  if (!accessKeyId) return undefined;
  const secretAccessKey = await secretInput(`${title} (2/3)`, 'AWS secret access key');
  if (!secretAccessKey) return undefined;
  const sessionToken = await vscode.window.showInputBox({
    title: `${title} (3/3)`,
    prompt: 'Session token (optional, for temporary credentials)',
    password: true,
    ignoreFocusOut: true,
  });
  return { accessKeyId, secretAccessKey, ...(sessionToken?.trim() ? { sessionToken: sessionToken.trim() } : {}) };
}

export async function signInToStore(services: Services, arg?: unknown, provided?: SignInInput): Promise<boolean> {
  const config = await pickStore(services, arg, 'Sign In to Store');
  if (!config) return false;
  // An IAM Identity Center / console-session profile signs in with the AWS CLI, not with a prompt here.
  if (!provided && config.kind === 'aws' && config.auth !== 'accessKey') {
    const login = await awsClientSettings(config).then(awsLoginCommand, () => undefined);
    if (login) return awsLogin(services, config.name);
  }
  const oidc = config.kind === 'vault' && config.auth === 'oidc';
  const credentials = provided ?? (oidc ? await oidcSignIn(services, config) : await askCredentials(config));
  if (!credentials) return false;
  // Credentials stay masked for the life of the window: the store client holds them that long.
  for (const value of Object.values(credentials)) if (typeof value === 'string') services.log.addSecret(value);
  if (Object.keys(credentials).length > 0) {
    try {
      await services.stores.signIn(config.name, credentials);
    } catch (error) {
      // A refused password: said once, with its fix; nothing was kept.
      if (provided) throw error;
      showStoreError(services, error, `Sign In to "${config.name}"`);
      return false;
    }
  }
  services.log.info(`Signed in to store "${config.name}".`);
  if (provided) return true;
  return testStoreConnection(services, config.name);
}

export async function signOutOfStore(services: Services, arg?: unknown): Promise<void> {
  const config = await pickStore(services, arg, 'Sign Out of Store');
  if (!config) return;
  await services.stores.signOut(config.name);
  const revoked = config.kind === 'vault' && VAULT_AUTH_METHODS[config.auth].revokesOnSignOut ? ' its token was revoked and' : '';
  services.log.info(`Signed out of store "${config.name}";${revoked} its credentials were removed from secret storage.`);
  void vscode.window.showInformationMessage(`Signed out of "${config.name}".`);
}
