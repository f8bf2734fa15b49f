// Sign In for `auth: "oidc"` Vault stores: runs the core OIDC login (src/core/stores/vault/oidcLogin.ts)
// under a cancellable progress notification. The browser opens with vscode.env.openExternal; in a
// remote window the loopback callback is made reachable with vscode.env.asExternalUri first, and the
// redirect_uri sent to Vault is that external address. Device mode shows the user code.
import * as vscode from 'vscode';
import type { StoreCredentials, VaultStoreConfig } from '../../core/stores';
import { oidcLogin } from '../../core/stores/vault/oidcLogin';
import type { Services } from '../../services';
import { showStoreError } from './storeErrors';

export async function oidcSignIn(services: Services, config: VaultStoreConfig): Promise<StoreCredentials | undefined> {
  const settings = config.oidc ?? {};
  const device = settings.callbackMode === 'device';
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sign In to "${config.name}" with OIDC`, cancellable: true },
    async (progress, cancel) => {
      const controller = new AbortController();
      const subscription = cancel.onCancellationRequested(() => controller.abort());
      try {
        const result = await oidcLogin({
          store: config.name,
          url: config.url,
          namespace: config.namespace,
          caPath: config.caPath,
          ...settings,
          signal: controller.signal,
          externalRedirect: async (local) => (await vscode.env.asExternalUri(vscode.Uri.parse(local))).toString(true),
          openBrowser: async (prompt) => {
            progress.report({
              message: prompt.userCode
                ? `enter the code ${prompt.userCode} at ${prompt.url}`
                : device
                  ? `approve the sign-in at ${prompt.url}`
                  : 'complete the sign-in in your browser…',
            });
            // The address as `bao login -method=oidc` prints it (no token, nonce or code in it), for a
            // browser that did not open and for the user's own copy.
            services.log.info(
              `Sign in to "${config.name}" (OIDC${device ? ', device mode' : ''}): open ${prompt.url}${prompt.userCode ? ` and enter the code ${prompt.userCode}` : ''}`,
            );
            const opened = await vscode.env.openExternal(vscode.Uri.parse(prompt.url));
            if (!opened) services.log.info(`The browser did not open: open the address above to sign in to "${config.name}".`);
          },
        });
        services.log.addSecret(result.token);
        return { token: result.token };
      } catch (error) {
        if (!controller.signal.aborted) showStoreError(services, error, 'Sign In');
        return undefined;
      } finally {
        subscription.dispose();
      }
    },
  );
}
