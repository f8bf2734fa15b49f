// `secretref mv <store>:<from> <to> [paths...] [--dry-run] [--delete-old]`: moves or renames a secret (Vault:
// a path, or one key of it; AWS: a new name) and rewrites every reference to it under the paths, on the
// same core as the editor's Move / Rename (core/move). The real run journals, copies, verifies by hash,
// rewrites, and removes the old secret only with --delete-old or a "yes" on a terminal. No value is printed.
import { secretIdentity } from '../../core/references/arn';
import { ReferenceIndex } from '../../core/references/referenceIndex';
import { diskMoveFiles } from '../../core/move/diskFiles';
import { assessMove, describeCopy, executeMove, finishMove, MoveOutcome, rollBackMove } from '../../core/move/moveExecutor';
import { journalFolder } from '../../core/journalFolder';
import { readMoveJournals } from '../../core/move/moveJournal';
import { checkMoveRequest, MoveError, MoveRequest, ReferenceRewrite, spotText } from '../../core/move/movePlan';
import { destinationText, storeDestination } from '../../core/stores/destination';
import { isStoreError } from '../../core/stores/storeError';
import type { SecretStore } from '../../core/stores/types';
import { oneOf, parseCommandArgs } from '../args';
import { loadReferenceSettings } from '../cliInputs';
import { cliStoreManager } from '../cliStores';
import { CliCommand, CliIO, UsageError } from '../cliTypes';
import { terminalOidcSignIn } from '../oidcTerminal';
import { loadProjectConfig } from '../projectConfig';
import { approveRepositoryConfig } from '../cliStores';
import { loadConfigs } from './migrate';
import { passwordSource } from '../passwordPrompt';

const HELP = [
  'usage: secretref mv <store>:<from> <to> [paths...] [--dry-run] [--delete-old] [--stores <file>] [--format text|json]',
  '       secretref mv --finish-interrupted | --roll-back-interrupted [--delete-old] [--stores <file>] [paths...]',
  '',
  'Moves or renames a secret and rewrites every reference to it (vault.secret, resolve:secretsmanager by',
  'name and by ARN, self-hosted blocks, templated keys) in the files, folders and globs given (default: the',
  'current folder, walked as check walks it). Vault: <from> is a path, or <path>.<key> for one key (when no',
  'secret has the whole name); <to> is the new path, or [<path>].<key> for a key (".<key>": the same secret).',
  'KV v2 history is replayed in order; AWS copies the current version only (its history cannot be copied).',
  'The copy is read back and compared by hash; only then are the files rewritten (each atomically, only if',
  'unchanged since the plan), and only then is the old secret removed: with --delete-old, or after a "yes"',
  'on a terminal (otherwise it is kept, and nothing references it).',
  '  --dry-run    print the plan (the copy, every file and line rewritten); write nothing',
  '  --delete-old remove the old secret (or key) once the copy is verified and the references rewritten',
  '  --stores     store configs (the shape of the secretref.stores setting); default .vscode/settings.json',
  '  --settings   a settings.json with secretref.templates / secretref.defaultAwsStore',
  '  --config     the project config (default: .secretref.json when present)',
  '  --format     text (default) or json',
  '  --trust-repo-store, --password-stdin   as for migrate',
  '  --finish-interrupted / --roll-back-interrupted   a move of this folder was cut short (the journal',
  '               says so): finish it (copy, rewrite, delete with --delete-old) or roll it back',
  '               (references read the old secret again, the copy is removed)',
  'Exit 0: moved (or planned); 1: the move failed or an unfinished move waits; 2: bad usage.',
].join('\n');

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  'delete-old': { type: 'boolean' },
  stores: { type: 'string' },
  settings: { type: 'string' },
  config: { type: 'string' },
  format: { type: 'string' },
  'trust-repo-store': { type: 'string', multiple: true },
  'password-stdin': { type: 'boolean' },
  'finish-interrupted': { type: 'boolean' },
  'roll-back-interrupted': { type: 'boolean' },
} as const;

interface MvArgs {
  from?: { store: string; secret: string };
  to?: string;
  paths: string[];
  dryRun: boolean;
  deleteOld: boolean;
  stores?: string;
  settings?: string;
  config?: string;
  format: 'text' | 'json';
  trustRepoStores: string[];
  passwordStdin: boolean;
  interrupted?: 'finish' | 'roll-back';
}

function parseArgs(argv: string[]): MvArgs | 'help' {
  const parsed = parseCommandArgs(argv, OPTIONS, HELP);
  if (parsed === 'help') return parsed;
  const v = parsed.values;
  const last = parsed.order.filter((n) => n === 'finish-interrupted' || n === 'roll-back-interrupted').pop();
  const interrupted = last === 'finish-interrupted' ? 'finish' : last === 'roll-back-interrupted' ? 'roll-back' : undefined;
  const common = {
    dryRun: v['dry-run'] ?? false,
    deleteOld: v['delete-old'] ?? false,
    stores: v.stores,
    settings: v.settings,
    config: v.config,
    format: oneOf('--format', v.format, ['text', 'json'], 'text'),
    trustRepoStores: v['trust-repo-store'] ?? [],
    passwordStdin: v['password-stdin'] ?? false,
    interrupted,
  } as const;
  if (interrupted) {
    if (common.dryRun) throw new UsageError(`--dry-run does not apply to --${last}`);
    return { ...common, paths: parsed.positionals };
  }
  if (parsed.positionals.length < 2) throw new UsageError(`give <store>:<from> and <to>\n\n${HELP}`);
  const [fromText, to, ...paths] = parsed.positionals;
  const colon = fromText.indexOf(':');
  if (colon <= 0 || colon === fromText.length - 1) throw new UsageError(`<from> must be <store>:<path>[.<key>], not "${fromText}"`);
  const store = fromText.slice(0, colon);
  const toText = to.startsWith(`${store}:`) ? to.slice(store.length + 1) : to;
  if (!toText) throw new UsageError('<to> is empty');
  return { ...common, from: { store, secret: fromText.slice(colon + 1) }, to: toText, paths };
}

async function exists(store: SecretStore, path: string): Promise<boolean> {
  try {
    const metadata = await store.metadata(path);
    return !metadata.deletedDate;
  } catch (error) {
    if (isStoreError(error) && (error.kind === 'not-found' || error.kind === 'deleted')) return false;
    throw error;
  }
}

/** The request the arguments mean: a whole secret when the store has one by that name, else a key at the last dot. */
async function requestOf(args: MvArgs, kind: 'vault' | 'aws', store: SecretStore): Promise<MoveRequest> {
  const from = args.from!;
  const to = args.to!;
  if (kind === 'aws') return checkMoveRequest({ store: from.store, kind, from: { path: secretIdentity(from.secret) }, to: { path: to } });
  const dot = from.secret.lastIndexOf('.');
  const whole = dot <= 0 || (await exists(store, from.secret));
  if (whole) return checkMoveRequest({ store: from.store, kind, from: { path: from.secret }, to: { path: to } });
  const toDot = to.lastIndexOf('.');
  if (toDot === -1 || toDot === to.length - 1)
    throw new UsageError(`moving the key "${from.secret.slice(dot + 1)}": give <to> as [<path>].<key>`);
  return checkMoveRequest({
    store: from.store,
    kind,
    from: { path: from.secret.slice(0, dot), key: from.secret.slice(dot + 1) },
    to: { path: toDot === 0 ? from.secret.slice(0, dot) : to.slice(0, toDot), key: to.slice(toDot + 1) },
  });
}

function rewriteText(rewrite: ReferenceRewrite): string[] {
  const lines = [`Rewrite ${rewrite.count} reference(s) in ${rewrite.files.length} file(s):`];
  for (const file of rewrite.files)
    for (const e of file.edits) lines.push(`  ${file.file}:${e.line}:${e.column}  ${e.before} -> ${e.after}`);
  return lines;
}

function rewriteJson(rewrite: ReferenceRewrite) {
  return rewrite.files.map((f) => ({
    file: f.file,
    references: f.references,
    edits: f.edits.map((e) => ({ line: e.line, column: e.column, before: e.before, after: e.after })),
  }));
}

function outcomeText(request: MoveRequest, outcome: MoveOutcome): string {
  const lines = [
    `Copied and verified: ${request.store}:${spotText(request.from)} -> ${spotText(request.to)}`,
    `Rewrote ${outcome.referenceCount} reference(s) in ${outcome.rewritten.length} file(s).`,
    ...outcome.stale.map((f) => `Not rewritten (changed while moving): ${f}; run again with --finish-interrupted.`),
    outcome.deleted
      ? `Removed the old secret ${request.store}:${spotText(request.from)}.`
      : `Kept the old secret ${request.store}:${spotText(request.from)} (nothing references it now).`,
    ...outcome.notes.map((n) => `Note: ${n}`),
  ];
  return lines.join('\n');
}

async function confirmation(args: MvArgs, io: CliIO, request: MoveRequest): Promise<boolean> {
  if (args.deleteOld) return true;
  const answer = await io.confirm?.(
    `Remove the old secret ${request.store}:${spotText(request.from)} now? The copy is verified and the references rewritten. [y/N] `,
  );
  return answer === true;
}

export const mvCommand: CliCommand = {
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const loaded = loadConfigs(args, io);
    const settings = loadReferenceSettings(io.cwd, args.settings);
    const root = io.cwd;
    const journalDir = journalFolder(io.env);
    const unfinished = readMoveJournals(journalDir).records.filter((r) => r.header.root === root);
    const storeNames = args.interrupted ? [...new Set(unfinished.map((r) => r.header.request.store))] : [args.from!.store];
    const approved = storeNames.map((name) => {
      const found = loaded.configs.find((c) => c.name === name);
      if (!found)
        throw new UsageError(`no store config named "${name}" (known: ${loaded.configs.map((c) => c.name).join(', ') || 'none'})`);
      return approveRepositoryConfig(found, args.trustRepoStores, io.env);
    });
    for (const a of approved)
      if ('refusal' in a) {
        io.stderr(`secretref mv: ${a.refusal}`);
        return 2;
      }
    const configs = approved.map((a) => ('config' in a ? a.config : undefined)!);
    const manager = await cliStoreManager(configs, io.env, {
      allowedAwsEndpoints: approved.flatMap((a) => ('config' in a ? a.allowedAwsEndpoints : [])),
      password: passwordSource(io, args.passwordStdin),
      oidc: io.oidcSignIn ?? terminalOidcSignIn(io),
    });
    const index = new ReferenceIndex({ configs: () => loaded.configs, settings: () => settings });
    const files = diskMoveFiles({
      root,
      config: loadProjectConfig(root, args.config),
      inputs: args.paths.length > 0 ? args.paths : ['.'],
      index,
      onProblem: (problem) => io.stderr(`secretref mv: ${problem}`),
    });
    try {
      if (args.interrupted) {
        if (unfinished.length === 0) {
          io.stderr('secretref mv: no unfinished move of this folder.');
          return 0;
        }
        let failed = false;
        for (const record of unfinished) {
          const store = await manager.get(record.header.request.store);
          const run = await assessMove(record, store);
          io.stderr(`secretref mv: ${run.summary}`);
          const outcome =
            args.interrupted === 'finish'
              ? await finishMove(run, store, files, { confirmDelete: () => confirmation(args, io, record.header.request) })
              : await rollBackMove(run, store, files);
          failed ||= outcome.stale.length > 0;
          io.stdout(
            args.interrupted === 'finish'
              ? outcomeText(record.header.request, outcome)
              : `Rolled back: ${outcome.referenceCount} reference(s) in ${outcome.rewritten.length} file(s) read ${record.header.request.store}:${spotText(record.header.request.from)} again; the copy ${spotText(record.header.request.to)} is removed.`,
          );
        }
        return failed ? 1 : 0;
      }
      const config = configs[0];
      const destination = storeDestination(config, loaded.source);
      if (unfinished.length > 0) {
        for (const record of unfinished) {
          const { request, startedAt } = record.header;
          // Assessed where the store is the one of this run; named from the journal otherwise.
          const summary =
            request.store === config.name
              ? (await assessMove(record, await manager.get(config.name))).summary
              : `A move of ${request.store}:${spotText(request.from)} to ${spotText(request.to)} (started ${startedAt}) did not finish.`;
          io.stderr(`secretref mv: ${summary}`);
        }
        io.stderr('secretref mv: run again with --finish-interrupted or --roll-back-interrupted first.');
        return 1;
      }
      const store = await manager.get(config.name);
      const request = await requestOf(args, config.kind, store);
      const copy = await describeCopy(store, request);
      if (args.dryRun) {
        const rewrite = await files.plan(request, undefined);
        const notes = [...copy.notes, ...rewrite.notes];
        if (args.format === 'json') {
          io.stdout(
            JSON.stringify(
              {
                dryRun: true,
                destination,
                request,
                copy: copy.summary,
                referenceCount: rewrite.count,
                rewrites: rewriteJson(rewrite),
                notes,
                deleteOld: args.deleteOld,
              },
              null,
              2,
            ),
          );
        } else {
          io.stdout(
            [
              `Destination: ${destinationText(destination)}`,
              `Copy: ${copy.summary}`,
              ...rewriteText(rewrite),
              `Then: remove ${request.store}:${spotText(request.from)} ${args.deleteOld ? '(--delete-old)' : 'only after a confirmation (or --delete-old)'}`,
              ...notes.map((n) => `Note: ${n}`),
            ].join('\n'),
          );
        }
        return 0;
      }
      // Named before anything is written.
      io.stderr(`secretref mv: writing to ${destinationText(destination)}`);
      const outcome = await executeMove(store, request, files, {
        journalDir,
        root,
        confirmDelete: () => confirmation(args, io, request),
        onStep: (step) => {
          if (args.format === 'text') io.stderr(`secretref mv: ${step}`);
        },
      });
      io.stdout(
        args.format === 'json'
          ? JSON.stringify(
              {
                dryRun: false,
                destination,
                request,
                copy: copy.summary,
                referenceCount: outcome.referenceCount,
                rewrites: rewriteJson({ files: outcome.rewritten, count: outcome.referenceCount, notes: [] }),
                stale: outcome.stale,
                deleted: outcome.deleted,
                notes: outcome.notes,
              },
              null,
              2,
            )
          : outcomeText(request, outcome),
      );
      return outcome.stale.length > 0 ? 1 : 0;
    } catch (error) {
      if (!(error instanceof MoveError) && !isStoreError(error)) throw error;
      io.stderr(`secretref mv: ${error.message}`);
      const left = readMoveJournals(journalDir).records.filter((r) => r.header.root === root);
      if (left.length > 0)
        io.stderr(
          'secretref mv: the move did not finish; nothing is lost. Run again with --finish-interrupted or --roll-back-interrupted.',
        );
      return 1;
    } finally {
      manager.dispose();
    }
  },
};
