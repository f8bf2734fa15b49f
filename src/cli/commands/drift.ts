// `secretref drift <fileA|folderA> <fileB|folderB> --stores <file>`: what two environments' configs
// reference, compared through the stores of --stores only (credentials as `check --resolve` finds them),
// by key names and salted value hashes (core/references/drift.ts); never a value. Exit 1 on drift.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { compareEnvironments } from '../../core/references/drift';
import { collectDriftInput, driftText, readDriftSide } from '../../core/references/driftSides';
import { oneOf, parseCommandArgs } from '../args';
import { loadReferenceSettings } from '../cliInputs';
import { cliStoreManager, readStoresFile } from '../cliStores';
import { CliCommand, CliIO, UsageError } from '../cliTypes';
import { terminalOidcSignIn } from '../oidcTerminal';
import { passwordSource } from '../passwordPrompt';
import { loadProjectConfig } from '../projectConfig';

const HELP = [
  'usage: secretref drift <fileA|folderA> <fileB|folderB> --stores <file> [--format text|json] [options]',
  '',
  'Compares what two environments reference (for example dev/ against prod/): connections and',
  'credential fields only one side has, secrets or keys missing in one store, secrets that no longer',
  "match their connection's schema, and keys whose values differ, shown as hashes salted per run.",
  'Never prints a value. Connections pair by name and type; in a folder, an unnamed connection (a',
  'credential document) pairs by its file name.',
  '  --stores <file>    store configs (the shape of the secretref.stores setting); only these stores are',
  '                     read, with credentials as for "check --resolve" (VAULT_TOKEN / BAO_TOKEN, the',
  '                     vault login session, the AWS default chain)',
  '  --password-stdin   the password of a userpass / LDAP store from the first line of standard input',
  '  --settings <file>  settings.json with secretref.templates / secretref.defaultAwsStore',
  '  --config <file>    the project config for folder walks (default: .secretref.json when present)',
  '  --format           text (default) or json: {a,b,paired,findings:[{kind,side,connection,field,...}],problems}',
  'Exit: 0 no drift, 1 drift found, 2 bad usage or an unreadable input.',
].join('\n');

const OPTIONS = {
  stores: { type: 'string' },
  settings: { type: 'string' },
  config: { type: 'string' },
  format: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

export const driftCommand: CliCommand = {
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArgs(args, OPTIONS, HELP);
    if (parsed === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const format = oneOf('--format', parsed.values.format, ['text', 'json'], 'text');
    if (parsed.positionals.length !== 2) throw new UsageError(`give two files or two folders to compare\n\n${HELP}`);
    if (!parsed.values.stores) throw new UsageError('--stores <file> is needed: the store configs the two environments resolve through');
    const configs = readStoresFile(path.resolve(io.cwd, parsed.values.stores));
    const settings = loadReferenceSettings(io.cwd, parsed.values.settings);
    const project = loadProjectConfig(io.cwd, parsed.values.config);
    const [inputA, inputB] = await Promise.all(parsed.positionals.map((p) => collectDriftInput(p, io.cwd, configs, settings, project)));
    const manager = await cliStoreManager(configs, io.env, {
      password: passwordSource(io, parsed.values['password-stdin'] === true),
      oidc: io.oidcSignIn ?? terminalOidcSignIn(io),
    });
    try {
      const [a, b] = [await readDriftSide(inputA, manager), await readDriftSide(inputB, manager)];
      const report = compareEnvironments(a, b, randomBytes(16).toString('hex'));
      const problems = [...inputA.problems, ...inputB.problems];
      if (format === 'json') io.stdout(JSON.stringify({ ...report, problems }, null, 2));
      else io.stdout(driftText(report, problems));
      if (inputA.unreadable.length + inputB.unreadable.length > 0) return 2;
      return report.findings.length > 0 ? 1 : 0;
    } finally {
      manager.dispose();
    }
  },
};
