// OIDC sign-in at the command line, for `auth: "oidc"` Vault configs in `check --resolve` and
// `migrate`: the core login (core/stores/vault/oidcLogin.ts) with the address to open printed on
// standard error (and the code, in device mode, when the address does not carry it), the callback
// listener on 127.0.0.1 for the run, and Ctrl+C stopping it at once. Only when standard input or error
// is a terminal: a pipe or CI has nobody to open the address, and the store then says how to sign in.
// The token is held in memory for this run and never printed.
import type { VaultStoreConfig } from '../core/stores';
import { StoreError } from '../core/stores/storeError';
import { oidcLogin, type OidcLoginResult } from '../core/stores/vault/oidcLogin';
import type { CliIO } from './cliTypes';

/** Exit code after Ctrl+C, as a shell reports a process ended by SIGINT. */
export const INTERRUPTED_EXIT_CODE = 130;

export type OidcSignIn = (config: VaultStoreConfig) => Promise<OidcLoginResult | undefined>;

/** Signs in on the terminal; undefined when there is no terminal. Ctrl+C closes the listener and ends the run (130). */
export function terminalOidcSignIn(io: CliIO): OidcSignIn {
  return async (config) => {
    if (!process.stdin.isTTY && !process.stderr.isTTY) return undefined;
    const controller = new AbortController();
    const interrupt = (): void => controller.abort();
    process.once('SIGINT', interrupt);
    try {
      return await signIn(io, config, controller.signal);
    } catch (error) {
      // The login has closed its listener when it settles: only then does the run end.
      if (controller.signal.aborted && error instanceof StoreError && error.code === 'cancelled') {
        io.stderr(`secretref: the OIDC sign-in to "${config.name}" was cancelled (Ctrl+C); the callback listener is closed.`);
        process.exit(INTERRUPTED_EXIT_CODE);
      }
      throw error;
    } finally {
      process.removeListener('SIGINT', interrupt);
    }
  };
}

/** The login with the terminal's words; `signal` cancels it (the listener closes before it rejects). */
export function signIn(io: CliIO, config: VaultStoreConfig, signal?: AbortSignal): Promise<OidcLoginResult> {
  const settings = config.oidc ?? {};
  return oidcLogin({
    store: config.name,
    url: config.url,
    namespace: config.namespace,
    caPath: config.caPath,
    ...settings,
    signal,
    onListening: ({ port }) =>
      io.stderr(`secretref: waiting for the OIDC sign-in of "${config.name}" on 127.0.0.1:${port} (Ctrl+C cancels)`),
    openBrowser: (prompt) => {
      const lines =
        prompt.mode === 'device'
          ? [
              `secretref: sign in to Vault store "${config.name}" (OIDC, device mode) on any device: open`,
              `  ${prompt.url}`,
              ...(prompt.userCode ? [`  and enter the code ${prompt.userCode}`] : []),
              '  Waiting for the approval (Ctrl+C cancels).',
            ]
          : [`secretref: sign in to Vault store "${config.name}" (OIDC): open this address in your browser:`, `  ${prompt.url}`];
      io.stderr(lines.join('\n'));
    },
  });
}
