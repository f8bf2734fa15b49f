// What `secretref check` gains from references: the syntactic reference diagnostics and inline-secret
// always (registered as a document analyzer on import), and with `--resolve --stores <file>
// [--settings <file>]` the resolution diagnostics, with credentials from the environment. No value
// is ever printed: diagnostics carry names and reasons only.
import * as path from 'node:path';
import { documentAnalyzers } from '../analyzers';
import type { CoreDiagnostic } from '../diagnostics';
import { CredentialDocument } from '../schemas';
import type { StoreManager } from '../stores/types';
import { loadReferenceSettings } from './cliInputs';
import { cliStoreManager, readStoresFile } from '../stores/cliStores';
import { inlineSecretDiagnostics } from './inlineSecrets';
import { createResolutionSession } from './resolve';
import { resolutionDiagnostics } from './resolutionDiagnostics';
import { scanReferences } from './scanner';
import { selfHostedSchemaCheck } from './secretSchemaCheck';
import type { ReferenceSettings } from './settings';

export const REFERENCE_CHECK_HELP = `  --resolve          also resolve references against the stores of --stores (exit 1 on errors)
  --stores <file>    store configs (the shape of the secretref.stores setting); credentials from
                     VAULT_TOKEN / BAO_TOKEN and the AWS default chain
  --settings <file>  settings.json with secretref.templates / secretref.defaultAwsStore`;

let registered = false;
/** Registers the always-on reference analyzer once (syntactic diagnostics + inline-secret). */
export function registerReferenceAnalyzer(): void {
  if (registered) return;
  registered = true;
  documentAnalyzers.push((text, fileName, options) => [
    ...scanReferences(text).diagnostics,
    ...inlineSecretDiagnostics(text, { fileName, forcedSchema: options.type, credentialFiles: options.credentialFiles }),
  ]);
}
registerReferenceAnalyzer();

export interface ReferenceCheck {
  /** The arguments check parses itself (reference options removed). */
  rest: string[];
  /** Adds resolution diagnostics of one file to `diagnostics` (sorted); no-op without --resolve. */
  addResolution(diagnostics: CoreDiagnostic[], text: string, fileName: string): Promise<void>;
  dispose(): void;
}

/** Splits the reference options off check's arguments. Throws Error with a usable message. */
export async function referenceCheckOptions(args: string[], io: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ReferenceCheck> {
  const rest: string[] = [];
  let resolve = false;
  let storesFile: string | undefined;
  let settingsFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (!v) throw new Error(`${flag} needs a file`);
      return v;
    };
    if (flag === '--resolve') resolve = true;
    else if (flag === '--stores') storesFile = value();
    else if (flag === '--settings') settingsFile = value();
    else rest.push(arg);
  }
  const none: ReferenceCheck = { rest, addResolution: async () => undefined, dispose: () => undefined };
  if (!resolve) return none;
  if (!storesFile) throw new Error('--resolve needs --stores <file> with the store configs to resolve against');
  const configs = readStoresFile(path.resolve(io.cwd, storesFile));
  const settings: ReferenceSettings = loadReferenceSettings(io.cwd, settingsFile);
  const manager: StoreManager = await cliStoreManager(configs, io.env);
  return {
    rest,
    async addResolution(diagnostics, text, fileName) {
      const refs = scanReferences(text).references;
      if (refs.length === 0) return;
      const session = createResolutionSession({ manager, settings, configs });
      const doc = refs.some((ref) => ref.kind === 'self-hosted') ? new CredentialDocument(text, { fileName }) : undefined;
      diagnostics.push(...(await resolutionDiagnostics(refs, session, { schemaCheck: selfHostedSchemaCheck(doc) })));
      diagnostics.sort((a, b) => a.offset - b.offset);
    },
    dispose: () => manager.dispose(),
  };
}
