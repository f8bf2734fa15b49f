// `secretref migrate <file> --store <config> [--stores <file>] [--dry-run] [--format text|json]`:
// the same plan and per-connection transaction as the editor command, for CI and scripts.
// Credentials come from the environment only; no secret value is ever printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executeMigration } from '../../core/migration/executor';
import { fileDocument } from '../../core/migration/fileDocument';
import { planMigration, PlanError } from '../../core/migration/planner';
import { planToJson, planToText, reportToJson, reportToText } from '../../core/migration/planFormat';
import { countOutcomes } from '../../core/migration/report';
import { targetFromStoreConfig } from '../../core/migration/target';
import { cliStoreManager, readStoresFile } from '../../core/stores/cliStores';
import type { ResolvedStoreConfig } from '../../core/stores/types';
import { CliCommand, CliIO, UsageError } from '../cliTypes';

const HELP = [
  'usage: secretref migrate <file> --store <config> [--stores <file>] [--dry-run] [--format text|json]',
  '                         [--connections <name,...>] [--name-pattern <pattern>]',
  '                         [--assumable-role <arn>] [--external-id <id>] [--type <schema>] [--concurrency <n>]',
  '',
  'Moves inline credentials of a credential document, or of the connections of a connections file,',
  'into a secret store and leaves references behind. Per connection: the secret is created (never',
  'overwritten), read back and compared; only then is the file rewritten. Nothing is half-migrated.',
  '  --store          the store config to write to (AWS: self-hosted credentials block; Vault: vault.secret references)',
  '  --stores         store configs (the shape of the secretref.stores setting); default .vscode/settings.json',
  '  --dry-run        print the plan (secrets, keys, diff, IAM policy, trust policy, montecarlo command); write nothing',
  '  --format         text (default) or json',
  '  --connections    only these connections (names or [index]), comma-separated',
  '  --name-pattern   secret names, default secretref/{file}/{connection} (also {type}, {index})',
  '  --assumable-role, --external-id   override the role and external id of the self-hosted block',
  '  --type           schema of a credential document whose name does not say it',
  'Credentials: VAULT_TOKEN or BAO_TOKEN; AWS: the default chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...),',
  'AWS_ENDPOINT_URL for a custom endpoint. Exit 0: all migrated or skipped; 1: any failed; 2: bad usage.',
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
}

function parseArgs(args: string[]): MigrateArgs | 'help' {
  const out: Partial<MigrateArgs> & { files: string[] } = { files: [], dryRun: false, format: 'text', concurrency: 4 };
  for (let i = 0; i < args.length; i++) {
    let arg = args[i];
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) [arg, inline] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--help':
      case '-h':
        return 'help';
      case '--store':
        out.store = value();
        break;
      case '--stores':
        out.stores = value();
        break;
      case '--dry-run':
        out.dryRun = true;
        break;
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
        out.format = format;
        break;
      }
      case '--connections':
        out.connections = value().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--name-pattern':
        out.namePattern = value();
        break;
      case '--assumable-role':
        out.assumableRole = value();
        break;
      case '--external-id':
        out.externalId = value();
        break;
      case '--type':
        out.type = value();
        break;
      case '--concurrency': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 32) throw new UsageError('--concurrency must be an integer from 1 to 32');
        out.concurrency = n;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}\n\n${HELP}`);
        out.files.push(arg);
    }
  }
  if (out.files.length !== 1) throw new UsageError(`give exactly one file to migrate\n\n${HELP}`);
  if (!out.store) throw new UsageError(`--store <config> is required\n\n${HELP}`);
  return { ...(out as MigrateArgs), file: out.files[0] };
}

function loadConfigs(args: MigrateArgs, io: CliIO): ResolvedStoreConfig[] {
  const file = args.stores ? path.resolve(io.cwd, args.stores) : path.join(io.cwd, '.vscode', 'settings.json');
  if (!args.stores && !fs.existsSync(file)) {
    throw new UsageError('no store configs: pass --stores <file> (an array shaped like the secretref.stores setting)');
  }
  // The repository's own settings are the workspace's word, not the user's (see credentialsFromEnv).
  return readStoresFile(file, args.stores ? 'cli' : 'workspace').map((config) =>
    // A custom endpoint from the environment, as the AWS CLI does (local emulators, PrivateLink): the
    // user's own choice of server, so the config then counts as theirs.
    config.kind === 'aws' && !config.endpoint && io.env.AWS_ENDPOINT_URL ? { ...config, endpoint: io.env.AWS_ENDPOINT_URL, source: 'cli' as const } : config,
  );
}

export const migrateCommand: CliCommand = {
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const file = path.resolve(io.cwd, args.file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      io.stderr(`secretref migrate: cannot read "${args.file}": check the path.`);
      return 2;
    }
    const configs = loadConfigs(args, io);
    const config = configs.find((c) => c.name === args.store);
    if (!config) {
      throw new UsageError(`no store config named "${args.store}" (known: ${configs.map((c) => c.name).join(', ') || 'none'})`);
    }
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
    if (args.dryRun) {
      // A dry run contacts no store (and needs no credentials).
      io.stdout(args.format === 'json' ? JSON.stringify({ dryRun: true, plan: planToJson(plan) }, null, 2) : planToText(plan));
      return 0;
    }
    const manager = await cliStoreManager([config], io.env);
    try {
      const store = await manager.get(config.name);
      if (config.kind === 'vault') plan = makePlan(await manager.vaultKvVersion(config.name).catch(() => undefined));
      const report = await executeMigration(plan, store, fileDocument(file), {
        concurrency: args.concurrency,
        onProgress: (p) => {
          if (args.format === 'text') io.stderr(`[${p.done}/${p.total}] ${p.outcome.name || '(document)'}: ${p.outcome.status}`);
        },
      });
      io.stdout(args.format === 'json' ? JSON.stringify({ dryRun: false, plan: planToJson(plan), report: reportToJson(report) }, null, 2) : reportToText(report));
      const counts = countOutcomes(report);
      return counts.failed + counts['not-attempted'] + counts.cancelled > 0 ? 1 : 0;
    } finally {
      manager.dispose();
    }
  },
};
