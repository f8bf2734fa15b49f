// `secretref migrate <file> --store <config> [--stores <file>] [--dry-run] [--format text|json]`:
// the same plan and per-connection transaction as the editor command, for CI and scripts.
// Credentials come from the environment only; no secret value is ever printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executeMigration } from '../../core/migration/executor';
import { journalFolder } from '../../core/journalFolder';
import { discardJournal, openPlanJournal, readJournals } from '../../core/migration/journal';
import { assessInterruptedRun, removeUnreferenced } from '../../core/migration/recovery';
import { fileDocument } from '../../core/migration/fileDocument';
import { planMigration, PlanError } from '../../core/migration/planner';
import { planToJson, planToText, reportToJson, reportToText } from '../../core/migration/planFormat';
import { countOutcomes } from '../../core/migration/report';
import { targetFromStoreConfig } from '../../core/migration/target';
import { approveRepositoryConfig, cliStoreManager, readStoresFile, withEnvironmentEndpoint } from '../cliStores';
import { terminalOidcSignIn } from '../oidcTerminal';
import { passwordSource } from '../passwordPrompt';
import { destinationText, storeDestination } from '../../core/stores/destination';
import type { ResolvedStoreConfig, SecretStore } from '../../core/stores/types';
import { oneOf, parseCommandArgs } from '../args';
import { CliCommand, CliIO, UsageError } from '../cliTypes';

const HELP = [
  'usage: secretref migrate <file> --store <config> [--stores <file>] [--dry-run] [--format text|json]',
  '                         [--connections <name,...>] [--name-pattern <pattern>]',
  '                         [--assumable-role <arn>] [--external-id <id>] [--type <schema>] [--concurrency <n>]',
  '                         [--trust-repo-store <config>]',
  '',
  'Moves inline credentials of a credential document, or of the connections of a connections file,',
  'into a secret store and leaves references behind. Per connection: the secret is created (never',
  'overwritten), read back and compared; only then is the file rewritten. Nothing is half-migrated.',
  '  --store          the store config to write to (AWS: self-hosted credentials block; Vault: vault.secret references)',
  '  --stores         store configs (the shape of the secretref.stores setting); default .vscode/settings.json',
  "  --trust-repo-store  run a config of the repository's .vscode/settings.json that chooses a role, external id,",
  '                   profile, caPath, non-AWS endpoint, OIDC or AWS IAM sign-in for your credentials, as it is (check it first)',
  '  --dry-run        print the plan (secrets, keys, diff, IAM policy, trust policy, montecarlo command); write nothing',
  '  --format         text (default) or json',
  '  --connections    only these connections (names or [index]), comma-separated',
  '  --name-pattern   secret names, default secretref/{file}/{connection} (also {type}, {index})',
  '  --assumable-role, --external-id   the role Monte Carlo assumes and its external id, for the self-hosted block',
  "                   (default: the store config's roleArn and externalId); an AWS migration without a role is refused",
  '  --type           schema of a credential document whose name does not say it',
  '  --clean-interrupted  an earlier run on this file and store was killed mid-batch: remove the secrets it',
  '                   wrote that the file does not reference, then migrate (--keep-interrupted: keep them)',
  'Credentials: VAULT_TOKEN for the server of VAULT_ADDR (BAO_TOKEN for BAO_ADDR), else the session of',
  '"vault login" / "bao login" (token helper or ~/.vault-token); userpass / LDAP configs ask for the password',
  'on the terminal, or read it from the first line of standard input with --password-stdin; OIDC configs, on a',
  'terminal, print the address to sign in at and wait for the callback (Ctrl+C cancels); AWS IAM configs sign in',
  'with their awsIam.profile, else the default chain; AWS: the default chain',
  "(AWS_ACCESS_KEY_ID, AWS_PROFILE, ...) for AWS's own endpoints, or AWS_ENDPOINT_URL for your own one.",
  'The plan names the destination (store, source file, server or account, role) before anything is written.',
  'Exit 0: all migrated or skipped; 1: any failed; 2: bad usage or a repository config not approved.',
  'Each run keeps a journal of secret names (never values) in $SECRETREF_STATE_DIR, else',
  '$XDG_STATE_HOME/secretref/migrations, else ~/.local/state/secretref/migrations, until it ends.',
].join('\n');

interface MigrateArgs {
  file: string;
  store: string;
  stores?: string;
  dryRun: boolean;
  format: 'text' | 'json';
  connections?: string[];
  namePattern?: string;
  assumableRole?: string;
  externalId?: string;
  type?: string;
  concurrency: number;
  interrupted?: 'clean' | 'keep';
  trustRepoStores: string[];
  passwordStdin: boolean;
}

const OPTIONS = {
  store: { type: 'string' },
  stores: { type: 'string' },
  'dry-run': { type: 'boolean' },
  format: { type: 'string' },
  connections: { type: 'string' },
  'name-pattern': { type: 'string' },
  'assumable-role': { type: 'string' },
  'external-id': { type: 'string' },
  type: { type: 'string' },
  concurrency: { type: 'string' },
  'clean-interrupted': { type: 'boolean' },
  'keep-interrupted': { type: 'boolean' },
  'trust-repo-store': { type: 'string', multiple: true },
  'password-stdin': { type: 'boolean' },
} as const;

function parseArgs(args: string[]): MigrateArgs | 'help' {
  const parsed = parseCommandArgs(args, OPTIONS, HELP);
  if (parsed === 'help') return parsed;
  const v = parsed.values;
  const concurrency = v.concurrency === undefined ? 4 : Number(v.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new UsageError('--concurrency must be an integer from 1 to 32');
  if (parsed.positionals.length !== 1) throw new UsageError(`give exactly one file to migrate\n\n${HELP}`);
  if (!v.store) throw new UsageError(`--store <config> is required\n\n${HELP}`);
  // Of --clean-interrupted and --keep-interrupted, the last one given counts.
  const interrupted = parsed.order.filter((name) => name === 'clean-interrupted' || name === 'keep-interrupted').pop();
  return {
    file: parsed.positionals[0],
    store: v.store,
    stores: v.stores,
    dryRun: v['dry-run'] ?? false,
    format: oneOf('--format', v.format, ['text', 'json'], 'text'),
    connections: v.connections
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    namePattern: v['name-pattern'],
    assumableRole: v['assumable-role'],
    externalId: v['external-id'],
    type: v.type,
    concurrency,
    interrupted: interrupted === 'clean-interrupted' ? 'clean' : interrupted === 'keep-interrupted' ? 'keep' : undefined,
    trustRepoStores: v['trust-repo-store'] ?? [],
    passwordStdin: v['password-stdin'] ?? false,
  };
}

export interface LoadedConfigs {
  configs: ResolvedStoreConfig[];
  /** Where they came from, for the destination line. */
  source: string;
}

/** The store configs of --stores, else of the repository's .vscode/settings.json (also `secretref mv`). */
export function loadConfigs(args: Pick<MigrateArgs, 'stores'>, io: CliIO): LoadedConfigs {
  const file = args.stores ? path.resolve(io.cwd, args.stores) : path.join(io.cwd, '.vscode', 'settings.json');
  if (!args.stores && !fs.existsSync(file)) {
    throw new UsageError('no store configs: pass --stores <file> (an array shaped like the secretref.stores setting)');
  }
  // The repository's own settings are the repository's word, not the user's (see repositoryChoices).
  const configs = readStoresFile(file, args.stores ? 'cli' : 'workspace').map((config) => withEnvironmentEndpoint(config, io.env));
  return { configs, source: args.stores ? `--stores file ${args.stores}` : 'repository file .vscode/settings.json' };
}

/**
 * Journals an earlier run of this file and store left behind (it was killed mid-batch). Its secrets
 * that the file does not reference are copies of inline credentials; a new run would stop at them
 * ("already exists"), so the user decides first. Resolves false when the run must not go on.
 */
async function settleInterruptedRuns(
  dir: string,
  file: string,
  storeName: string,
  store: SecretStore,
  args: MigrateArgs,
  io: CliIO,
): Promise<boolean> {
  const records = readJournals(dir).records.filter((r) => r.header.source === file && r.header.store === storeName);
  for (const record of records) {
    const run = await assessInterruptedRun(record, store, (await fileDocument(file).read()).text);
    const unreferenced = run.leftovers.filter((l) => l.state === 'unreferenced');
    if (unreferenced.length === 0) {
      discardJournal(record);
      continue;
    }
    const names = unreferenced.map((l) => l.secretPath).join(', ');
    if (args.interrupted === 'keep') {
      io.stderr(`secretref migrate: keeping ${unreferenced.length} secret(s) of an interrupted run in "${storeName}": ${names}`);
      discardJournal(record);
      continue;
    }
    if (args.interrupted !== 'clean') {
      io.stderr(
        `secretref migrate: an earlier run on ${args.file} to "${storeName}" (started ${record.header.startedAt}) was interrupted. ` +
          `No credential was lost: the file still holds them inline, and ${unreferenced.length} secret(s) it wrote are not referenced by the file: ${names}. ` +
          'Run again with --clean-interrupted to remove them and migrate, or --keep-interrupted to keep them.',
      );
      return false;
    }
    const result = await removeUnreferenced(run, store);
    if (result.failed.length > 0) {
      io.stderr(
        `secretref migrate: could not remove ${result.failed.join(', ')} from "${storeName}": check the store's permissions, or remove them by hand.`,
      );
      return false;
    }
    io.stderr(`secretref migrate: removed ${result.removed.length} unreferenced secret(s) of an interrupted run from "${storeName}".`);
    discardJournal(record);
  }
  return true;
}

export const migrateCommand: CliCommand = {
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const file = path.resolve(io.cwd, args.file);
    const document = fileDocument(file);
    let text: string;
    try {
      ({ text } = await document.read());
    } catch {
      io.stderr(`secretref migrate: cannot read "${args.file}": check the path.`);
      return 2;
    }
    const loaded = loadConfigs(args, io);
    const found = loaded.configs.find((c) => c.name === args.store);
    if (!found) {
      throw new UsageError(`no store config named "${args.store}" (known: ${loaded.configs.map((c) => c.name).join(', ') || 'none'})`);
    }
    const approval = approveRepositoryConfig(found, args.trustRepoStores, io.env);
    const config = 'config' in approval ? approval.config : found;
    const destination = storeDestination(config, loaded.source);
    const makePlan = (kvVersion?: 1 | 2) =>
      planMigration({
        source: args.file,
        text,
        target: targetFromStoreConfig(config, { assumableRole: args.assumableRole, externalId: args.externalId, kvVersion }),
        schema: args.type,
        namePattern: args.namePattern,
        select: args.connections,
      });
    let plan;
    try {
      plan = makePlan();
    } catch (error) {
      if (error instanceof PlanError) {
        io.stderr(`secretref migrate: ${error.message}`);
        return 2;
      }
      throw error;
    }
    const refusal = 'refusal' in approval ? approval.refusal : undefined;
    if (args.dryRun) {
      // A dry run contacts no store (and needs no credentials).
      if (args.format === 'json')
        io.stdout(JSON.stringify({ dryRun: true, destination, ...(refusal ? { refusal } : {}), plan: planToJson(plan) }, null, 2));
      else
        io.stdout(
          `Destination: ${destinationText(destination)}\n${refusal ? `Refused without approval: ${refusal}\n` : ''}\n${planToText(plan)}`,
        );
      return 0;
    }
    if (refusal) {
      io.stderr(`secretref migrate: ${refusal}`);
      return 2;
    }
    // Named before anything is written (text and JSON alike; stdout stays the result).
    io.stderr(`secretref migrate: writing to ${destinationText(destination)}`);
    const manager = await cliStoreManager([config], io.env, {
      allowedAwsEndpoints: 'config' in approval ? approval.allowedAwsEndpoints : [],
      password: passwordSource(io, args.passwordStdin),
      oidc: io.oidcSignIn ?? terminalOidcSignIn(io),
    });
    try {
      const store = await manager.get(config.name);
      const journalDir = journalFolder(io.env);
      if (!(await settleInterruptedRuns(journalDir, file, config.name, store, args, io))) return 1;
      if (config.kind === 'vault') plan = makePlan(await manager.vaultKvVersion(config.name).catch(() => undefined));
      // Kept until the report is in hand: a run killed mid-batch is found by the next one.
      const journal = openPlanJournal(journalDir, plan, file);
      const report = await executeMigration(plan, store, document, {
        concurrency: args.concurrency,
        journal,
        onProgress: (p) => {
          if (args.format === 'text') io.stderr(`[${p.done}/${p.total}] ${p.outcome.name || '(document)'}: ${p.outcome.status}`);
        },
      });
      journal.close();
      io.stdout(
        args.format === 'json'
          ? JSON.stringify({ dryRun: false, destination, plan: planToJson(plan), report: reportToJson(report) }, null, 2)
          : reportToText(report),
      );
      const counts = countOutcomes(report);
      return counts.failed + counts['not-attempted'] + counts.cancelled > 0 ? 1 : 0;
    } finally {
      manager.dispose();
    }
  },
};
