// What `secretref check` gains from references: with `--resolve --stores <file> [--settings <file>]`
// the resolution diagnostics, with credentials from the environment. (The syntactic reference
// diagnostics and inline-secret run always: core/references/referenceAnalyzer.ts.) No value is ever
// printed: diagnostics carry names and reasons only.
import * as path from 'node:path';
import type { CoreDiagnostic } from '../core/diagnostics';
import type { FileContexts } from '../core/formats/documentation';
import { ReferenceState } from '../core/references/referenceState';
import { fileStoreDiagnostics } from '../core/references/storeDiagnostics';
import type { ReferenceSettings } from '../core/references/settings';
import type { StoreManager } from '../core/stores/types';
import { loadReferenceSettings } from './cliInputs';
import { cliStoreManager, readStoresFile } from './cliStores';
import type { CliIO } from './cliTypes';
import { terminalOidcSignIn } from './oidcTerminal';
import { passwordSource } from './passwordPrompt';

export const REFERENCE_CHECK_OPTIONS = {
  resolve: { type: 'boolean' },
  stores: { type: 'string' },
  settings: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

export const REFERENCE_CHECK_HELP = `  --resolve          also resolve references against the stores of --stores (exit 1 on errors)
  --stores <file>    store configs (the shape of the secretref.stores setting); credentials from
                     VAULT_TOKEN / BAO_TOKEN, else the session of "vault login" / "bao login" (token
                     helper or ~/.vault-token) for VAULT_ADDR / BAO_ADDR, and the AWS default chain;
                     userpass / LDAP configs ask for the password on the terminal; OIDC configs,
                     on a terminal, print the address to sign in at and wait (Ctrl+C cancels);
                     AWS IAM configs sign in with their awsIam.profile, else the AWS default chain
  --password-stdin   read that password from the first line of standard input instead
  --settings <file>  settings.json with secretref.templates / secretref.defaultAwsStore`;

export interface ReferenceCheck {
  /** Adds resolution diagnostics of one file to `diagnostics` (sorted); no-op without --resolve. `contexts`: the file's, when already worked out. */
  addResolution(diagnostics: CoreDiagnostic[], text: string, fileName: string, contexts?: FileContexts): Promise<void>;
  dispose(): void;
}

/** The resolution step of check for the reference options given. Throws Error with a usable message. */
export async function referenceCheck(
  options: { resolve?: boolean; stores?: string; settings?: string; 'password-stdin'?: boolean },
  io: CliIO,
): Promise<ReferenceCheck> {
  const none: ReferenceCheck = { addResolution: async () => undefined, dispose: () => undefined };
  if (!options.resolve) return none;
  if (!options.stores) throw new Error('--resolve needs --stores <file> with the store configs to resolve against');
  const configs = readStoresFile(path.resolve(io.cwd, options.stores));
  const settings: ReferenceSettings = loadReferenceSettings(io.cwd, options.settings);
  const manager: StoreManager = await cliStoreManager(configs, io.env, {
    password: passwordSource(io, options['password-stdin'] === true),
    oidc: io.oidcSignIn ?? terminalOidcSignIn(io),
  });
  // One state for the run: a secret referenced from many files is read once.
  const state = new ReferenceState({ stores: manager, settings: () => settings, configs: () => configs });
  return {
    async addResolution(diagnostics, text, fileName, contexts) {
      const found = await fileStoreDiagnostics(text, fileName, state, contexts);
      if (found.length === 0) return;
      diagnostics.push(...found);
      diagnostics.sort((a, b) => a.offset - b.offset);
    },
    dispose: () => {
      state.dispose();
      manager.dispose();
    },
  };
}
