// `secretref-language-server --stdio`: the language server for Neovim, Helix, Zed, JetBrains (LSP4IJ)
// and any other LSP client (README "Other editors"). Bundled by scripts/build.mjs into dist/languageServerMain.js,
// which the bin, dist/languageServer.js, loads with Node's compile cache on.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { speakingTo } from '../core/stores/storeError';
import { cliVersion, unsupportedNodeMessage } from '../cli/runtime';
import { SecretrefLanguageServer } from './server';

const USAGE = [
  'usage: secretref-language-server --stdio',
  '',
  'The secretref language server, spoken over standard input and output. Its settings come from the',
  "client's initializationOptions: stores, trustRepoStores, settings, credentialFiles, cacheTtlSeconds",
  '(see the README, "Other editors"). Credentials as for "secretref check --resolve".',
].join('\n');

export function main(argv: string[]): void {
  if (argv.includes('--version')) {
    process.stdout.write(`${cliVersion()}\n`);
    return;
  }
  if (!argv.includes('--stdio')) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = argv.includes('--help') || argv.includes('-h') ? 0 : 2;
    return;
  }
  const tooOld = unsupportedNodeMessage(process.version);
  if (tooOld) {
    process.stderr.write(`${tooOld}\n`);
    process.exit(2);
  }
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // Store errors say what to do in the CLI's words (VAULT_TOKEN, `vault login`, the stores file): the server signs in as the CLI does.
  void speakingTo(
    'terminal',
    () =>
      new Promise<void>((resolve) => {
        new SecretrefLanguageServer(connection, process.env);
        connection.onExit(resolve);
        connection.listen();
      }),
  );
}

if (require.main === module) main(process.argv.slice(2));
