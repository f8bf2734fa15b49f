// `secretref mcp [--root <folder>] [--stores <file>] [--settings <file>] [--trust-repo-store <config>]`:
// the agent tools (core/agentTools/) as an MCP server over stdio (../mcpServer.ts). Stores, credentials
// and trust as every other command: configs from --stores, else the repository's .vscode/settings.json
// (a config there that chooses how the shell's credentials are used is left out unless
// --trust-repo-store names it), credentials from the environment only. Proposing a migration writes
// nothing: the answer holds the `secretref migrate` command for the user to run.
import * as path from 'node:path';
import { diskAgentFiles, diskAgentReferences } from '../../core/agentTools/diskFiles';
import type { AgentMigration, AgentToolContext } from '../../core/agentTools';
import { ReferenceIndex } from '../../core/references/referenceIndex';
import { ambientVaultCredentials } from '../../core/stores/credentials';
import type { ResolvedStoreConfig } from '../../core/stores/types';
import { projectCredentialFiles } from '../../core/workspace/projectConfig';
import { parseCommandArgs } from '../args';
import { loadReferenceSettings } from '../cliInputs';
import { approveRepositoryConfig, cliStoreManager, credentialsFromEnv } from '../cliStores';
import { CliCommand, CliIO, UsageError } from '../cliTypes';
import { serveMcp } from '../mcpServer';
import { loadProjectConfig } from '../projectConfig';
import { cliVersion } from '../runtime';
import { loadConfigs } from './migrate';

const HELP = [
  'usage: secretref mcp [--root <folder>] [--stores <file>] [--settings <file>] [--config <file>] [--trust-repo-store <config>]',
  '',
  'Serves the agent tools over MCP (JSON-RPC on standard input and output, one message per line) for',
  'coding agents: list_store_configs, list_secrets, check_file, find_references, insert_reference,',
  'propose_migration. Names only: no tool returns a secret value or a token. propose_migration writes',
  'nothing; it returns the plan and the "secretref migrate" command for you to run.',
  '  --root              the workspace the tools may read and edit (default: the current folder)',
  "  --stores            store configs (the shape of the secretref.stores setting); default the root's",
  "                      .vscode/settings.json, whose configs are the repository's (see --trust-repo-store)",
  "  --trust-repo-store  use a config of the repository's .vscode/settings.json that chooses a role, external id,",
  '                      profile, caPath, non-AWS endpoint, OIDC or AWS IAM sign-in for your credentials, as it is',
  '  --settings          a settings.json with secretref.templates / secretref.defaultAwsStore',
  '  --config            the project config (default: .secretref.json in the root)',
  'Credentials: VAULT_TOKEN for the server of VAULT_ADDR (BAO_TOKEN for BAO_ADDR), else the session of',
  '"vault login" / "bao login"; AWS: the default chain. Nothing is asked on the terminal (standard input is the protocol).',
  'Exit: 0 when the client closes standard input, 2 bad usage.',
].join('\n');

const OPTIONS = {
  root: { type: 'string' },
  stores: { type: 'string' },
  settings: { type: 'string' },
  config: { type: 'string' },
  'trust-repo-store': { type: 'string', multiple: true },
} as const;

/** Environment variables that hold credentials: masked in every answer, whatever a tool does. */
const CREDENTIAL_VARIABLES = [
  'VAULT_TOKEN',
  'BAO_TOKEN',
  'VAULT_SECRET_ID',
  'BAO_SECRET_ID',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
];

/** A word for a POSIX shell, quoted when it needs to be. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The credentials this run holds, for the final guard: the environment's and the Vault CLI session's. */
async function heldCredentials(configs: readonly ResolvedStoreConfig[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const held = CREDENTIAL_VARIABLES.map((name) => env[name]).filter((v): v is string => Boolean(v));
  for (const config of configs) {
    const found = credentialsFromEnv(config, env) ?? (await ambientVaultCredentials(config, env));
    for (const value of Object.values(found ?? {})) if (typeof value === 'string' && value) held.push(value);
  }
  return held;
}

export const mcpCommand: CliCommand = {
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArgs(args, OPTIONS, HELP);
    if (parsed === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (parsed.positionals.length > 0) throw new UsageError(`secretref mcp takes no files: the agent names them\n\n${HELP}`);
    const values = parsed.values;
    const root = path.resolve(io.cwd, values.root ?? '.');
    const trusted = values['trust-repo-store'] ?? [];
    const rootIo: CliIO = { ...io, cwd: root };
    // No stores file at all is fine here: the tools that need none (check_file, find_references) still serve.
    let loaded: { configs: ResolvedStoreConfig[]; source: string } = { configs: [], source: '' };
    try {
      loaded = loadConfigs({ stores: values.stores ? path.resolve(io.cwd, values.stores) : undefined }, rootIo);
    } catch (error) {
      if (values.stores || !(error instanceof UsageError)) throw error;
    }
    const configs: ResolvedStoreConfig[] = [];
    const allowedAwsEndpoints: string[] = [];
    for (const found of loaded.configs) {
      const approval = approveRepositoryConfig(found, trusted, io.env, {
        approve: 'secretref mcp --trust-repo-store',
        own: 'pass secretref mcp --stores <file>',
      });
      if ('refusal' in approval) {
        io.stderr(`secretref mcp: left out: ${approval.refusal}`);
        continue;
      }
      configs.push(approval.config);
      allowedAwsEndpoints.push(...approval.allowedAwsEndpoints);
    }
    const settings = loadReferenceSettings(root, values.settings ? path.resolve(io.cwd, values.settings) : undefined);
    const project = loadProjectConfig(root, values.config ? path.resolve(io.cwd, values.config) : undefined);
    const manager = await cliStoreManager(configs, io.env, { allowedAwsEndpoints });
    const held = await heldCredentials(configs, io.env);
    const index = new ReferenceIndex({ configs: () => configs, settings: () => settings });
    const migration: AgentMigration = {
      async propose(proposal, _absolute, input) {
        const words = ['secretref', 'migrate', proposal.file, '--store', proposal.store];
        if (values.stores) words.push('--stores', path.resolve(io.cwd, values.stores));
        if (trusted.includes(proposal.store)) words.push('--trust-repo-store', proposal.store);
        if (input.connections?.length) words.push('--connections', input.connections.join(','));
        if (input.namePattern) words.push('--name-pattern', input.namePattern);
        if (input.assumableRole) words.push('--assumable-role', input.assumableRole);
        const ready = proposal.connections.filter((c) => c.status === 'ready').length;
        return {
          status: 'proposed',
          command: `cd ${shellWord(root)} && ${words.map(shellWord).join(' ')}`,
          note:
            `Nothing was written. ${ready} connection(s) would move to "${proposal.store}". ` +
            'The user decides: they run the command in their terminal (with --dry-run first to see the masked diff). Do not run it for them.',
        };
      },
    };
    const context: AgentToolContext = {
      root,
      stores: manager,
      configs: () => configs,
      settings: () => settings,
      credentialFiles: (relative) => projectCredentialFiles(project, relative),
      files: diskAgentFiles(),
      references: diskAgentReferences(index, root, project),
      migration,
      heldSecrets: () => held,
    };
    try {
      await serveMcp({ input: process.stdin, output: process.stdout, context, version: cliVersion() });
    } finally {
      manager.dispose();
    }
    return 0;
  },
};
