// The `secretref` command line: subcommands on the same VS Code-free core as the extension.
import { isMainThread } from 'node:worker_threads';
import { ownValue } from '../core/ownKeys';
import { speakingTo } from '../core/stores/storeError';
import { CliCommand, CliIO, UsageError } from './cliTypes';
import { askYesNo, readAllStdin } from './passwordPrompt';
import { cliVersion, unsupportedNodeMessage } from './runtime';

// Each subcommand lives in its own file under ./commands and is listed here once.
const commands: Record<string, () => Promise<CliCommand>> = {
  check: () => import('./commands/check.js').then((m) => m.checkCommand),
  schema: () => import('./commands/schema.js').then((m) => m.schemaCommand),
  refs: () => import('./commands/refs.js').then((m) => m.refsCommand),
  migrate: () => import('./commands/migrate.js').then((m) => m.migrateCommand),
  drift: () => import('./commands/drift.js').then((m) => m.driftCommand),
  mv: () => import('./commands/mv.js').then((m) => m.mvCommand),
  mcp: () => import('./commands/mcp.js').then((m) => m.mcpCommand),
};

function usage(): string {
  const names = Object.keys(commands).sort();
  return [
    'usage: secretref <command> [options]',
    '',
    'commands:',
    ...names.map((name) => `  ${name}`),
    '',
    'Run "secretref help <command>" (or "secretref <command> --help") for the options of one command,',
    '"secretref --version" for the version.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.stdout(cliVersion());
    return 0;
  }
  // `secretref help <command>` is `secretref <command> --help`; `secretref help` alone is the usage.
  if (name === 'help' && rest.length > 0) [name, rest] = [rest[0], ['--help']];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const load = ownValue(commands, name);
  if (!load) {
    io.stderr(`secretref: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const command = await load();
    // Store errors tell the user what to do in terminal words (environment variables, --stores).
    return await speakingTo('terminal', () => command.run(rest, io));
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`secretref ${name}: ${error.message}`);
      return 2;
    }
    io.stderr(`secretref ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (!isMainThread) {
  // A worker thread of `check` (checkWorkers.ts) runs this same bundle: it checks files, it is no command line.
  void import('./checkWorkers.js');
} else if (require.main === module) {
  const tooOld = unsupportedNodeMessage(process.version);
  if (tooOld) {
    process.stderr.write(`${tooOld}\n`);
    process.exit(2);
  }
  const io: CliIO = {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    cwd: process.cwd(),
    readStdin: readAllStdin,
    confirm: process.stdin.isTTY && process.stderr.isTTY ? askYesNo : undefined,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`secretref: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
