// `secretref check [options] <files, folders, globs...>`: checks a repository's configs for CI and
// pre-commit hooks: schemas, references, inline secrets; text, JSON, SARIF or GitHub annotations; a
// fail-on policy, a baseline and ignore comments (../policy.ts).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AnalyzerOptions } from '../../core/analyzers';
import { writeFileAtomic } from '../../core/atomicWrite';
import { autoFix, type AutoFixResult } from '../../core/autoFix';
import { splitBom } from '../../core/bom';
import { LineIndex } from '../../core/lineIndex';
import { CONNECTIONS, getSchema, readsAsCredentialJson, schemaNames } from '../../core/schemas';
import { oneOf, parseCommandArgs } from '../args';
import { checkFile, readFailure, type FileCheckOptions, type FileOutcome } from '../checkFile';
import { checkInWorkers, checkThreads } from '../checkWorkers';
import { CliCommand, CliIO, UsageError } from '../cliTypes';
import { walkInputs } from '../../core/workspace/fileWalk';
import { githubAnnotations } from '../output/github';
import { sarifLog } from '../output/sarif';
import { CheckFinding, FailOn, fails, fingerprintFindings, readBaseline, writeBaseline } from '../policy';
import { loadProjectConfig } from '../projectConfig';
import { REFERENCE_CHECK_HELP, REFERENCE_CHECK_OPTIONS, referenceCheck, type ReferenceCheck } from '../referenceCheck';
import { cliVersion } from '../runtime';

/** One file's analysis (kept here too: the fuzz suite and earlier callers import it from check). */
export { analyzeText } from '../checkFile';

const HELP = `usage: secretref check [options] <files, folders or globs...>
       secretref check [options] --stdin-filename <name> < file

Checks a repository's configs: credential files (one credential per file, schema from the file name
*.<name>.json, --type, credentialFiles or the fields it has), connections files (a JSON array or
object of {"type": "<name>", "credentials": {...}} entries, or one such object), and the references
and inline secrets of YAML, .env, Python, TOML, properties and Markdown files. Folders are walked
honouring .gitignore; files of other formats are skipped and counted. JSONC comments are allowed.

options:
  --type <name>            schema of every file: ${[...schemaNames(), CONNECTIONS].join(', ')}
  --format <f>             text (default: file:line:col severity code message), json, sarif (SARIF
                           2.1.0) or github (workflow command annotations)
  --fail-on <level>        error (default), warning or never: the lowest severity that exits 1
  --baseline <file>        report only findings whose fingerprint is not in this baseline
  --update-baseline        with --baseline: write the current findings to it, exit 0
  --allow-unresolved       with --resolve: a reference that could not be checked (store unreachable,
                           timeout, signed out) does not fail the run
  --fix                    rewrite JSON/JSONC credential and connections files in place with the
                           deterministic schema fixes (string <-> integer, add a missing required key
                           with a placeholder, remove an unknown key), then report what remains; never
                           a secret field or an inline secret (that is \`secretref migrate\`), never a
                           file with a syntax error or a duplicate key. With --stdin-filename: the
                           fixed text goes to standard output and the findings to standard error
  --stdin-filename <name>  read the content from standard input, checked as the file <name>
  --config <file>          the project config (default: .secretref.json in the current folder)
${REFERENCE_CHECK_HELP}
  -h, --help               this help

An inline secret is an error here (a warning in the editor). A comment
"secretref: ignore <code> <reason>" suppresses <code> on the next line (a comment alone on its line)
or on its own line (a trailing comment).

exit status: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 bad usage, a bad
config or baseline, or a file or folder that could not be read (the others are still checked)`;

type CheckFormat = 'text' | 'json' | 'sarif' | 'github';

interface CheckArgs {
  type?: string;
  format: CheckFormat;
  failOn: FailOn;
  baseline?: string;
  updateBaseline: boolean;
  allowUnresolved: boolean;
  fix: boolean;
  stdinFilename?: string;
  config?: string;
  files: string[];
  /** --resolve, --stores, --settings, --password-stdin (../referenceCheck.ts). */
  references: { resolve?: boolean; stores?: string; settings?: string; 'password-stdin'?: boolean };
}

const OPTIONS = {
  type: { type: 'string' },
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  baseline: { type: 'string' },
  'update-baseline': { type: 'boolean' },
  'allow-unresolved': { type: 'boolean' },
  fix: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  config: { type: 'string' },
  ...REFERENCE_CHECK_OPTIONS,
} as const;

export function parseCheckArgs(args: string[]): CheckArgs | 'help' {
  const parsed = parseCommandArgs(args, OPTIONS, HELP);
  if (parsed === 'help') return parsed;
  const { type, format, config, baseline, resolve, stores, settings } = parsed.values;
  const values = parsed.values;
  const out: CheckArgs = {
    type,
    format: oneOf('--format', format, ['text', 'json', 'sarif', 'github'], 'text'),
    failOn: oneOf('--fail-on', values['fail-on'], ['error', 'warning', 'never'], 'error'),
    baseline,
    updateBaseline: values['update-baseline'] === true,
    allowUnresolved: values['allow-unresolved'] === true,
    fix: values.fix === true,
    stdinFilename: values['stdin-filename'],
    config,
    files: parsed.positionals,
    references: { resolve, stores, settings, 'password-stdin': values['password-stdin'] },
  };
  if (out.type !== undefined && out.type !== CONNECTIONS && !getSchema(out.type)) {
    throw new UsageError(`unknown schema "${out.type}"; expected one of ${[...schemaNames(), CONNECTIONS].join(', ')}`);
  }
  if (out.updateBaseline && !out.baseline) throw new UsageError('--update-baseline needs --baseline <file> to write');
  if (out.allowUnresolved && !out.references.resolve) throw new UsageError('--allow-unresolved only applies with --resolve');
  if (out.stdinFilename !== undefined && out.files.length > 0) throw new UsageError('--stdin-filename reads standard input: give no files');
  if (out.stdinFilename !== undefined && out.references['password-stdin'])
    throw new UsageError('--stdin-filename and --password-stdin both read standard input: use one');
  return out;
}

export type { CheckFinding };

interface Tally {
  files: number;
  skipped: number;
  noSchema: number;
  suppressed: number;
  baselined: number;
  fixes: number;
  fixedFiles: number;
}

interface Input {
  file: string;
  /** Named on the command line (or stdin), not found by a walk. */
  named: boolean;
  read: () => Promise<string>;
}

/** The files to check: stdin, or the walk of the arguments (`.` with a project config and no argument). */
async function inputsOf(
  parsed: CheckArgs,
  io: CliIO,
  config: ReturnType<typeof loadProjectConfig>,
  tally: Tally,
): Promise<{ inputs: Input[]; incomplete: boolean }> {
  if (parsed.stdinFilename !== undefined) {
    if (!io.readStdin) throw new UsageError('--stdin-filename: there is no standard input to read');
    return { inputs: [{ file: parsed.stdinFilename, named: true, read: io.readStdin }], incomplete: false };
  }
  if (parsed.files.length === 0 && !config.file) throw new UsageError(`no files given\n\n${HELP}`);
  const named = new Set(parsed.files.map((f) => path.resolve(io.cwd, f)));
  const walked = await walkInputs(parsed.files.length > 0 ? parsed.files : ['.'], io.cwd, config);
  let incomplete = false;
  for (const { input, reason } of [...walked.missing, ...walked.unreadable]) {
    io.stderr(`secretref check: cannot read ${input} (${reason}); check the path and its permissions.`);
    incomplete = true;
  }
  tally.skipped = walked.skipped;
  const inputs = walked.files.map((file) => ({
    file,
    named: named.has(path.resolve(io.cwd, file)),
    read: () => readFile(path.resolve(io.cwd, file), 'utf8'),
  }));
  return { inputs, incomplete };
}

/** How many files are read ahead of the one being checked: reads wait on the disk while a file is analysed. */
const READ_AHEAD = 16;

/** Checks the inputs in this thread, in order, with up to READ_AHEAD reads in flight. */
async function* checkInProcess(
  inputs: readonly Input[],
  options: FileCheckOptions,
  refs: ReferenceCheck,
  fix?: (text: string, input: Input) => Promise<string>,
): AsyncGenerator<FileOutcome> {
  const reads = inputs.map(() => undefined as Promise<{ text: string } | { error: string }> | undefined);
  const start = (i: number) => {
    if (i < inputs.length)
      reads[i] = inputs[i].read().then(
        (text) => ({ text }),
        (error: unknown) => ({ error: readFailure(error) }),
      );
  };
  for (let i = 0; i < READ_AHEAD; i++) start(i);
  for (let i = 0; i < inputs.length; i++) {
    const read = await reads[i]!;
    reads[i] = undefined;
    start(i + READ_AHEAD);
    if ('error' in read) yield read;
    else yield await checkFile(fix ? await fix(read.text, inputs[i]) : read.text, inputs[i].file, options, refs);
  }
}

export const checkCommand: CliCommand = {
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseCheckArgs(args);
    if (parsed === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const config = loadProjectConfig(io.cwd, parsed.config);
    const baseline = parsed.baseline && !parsed.updateBaseline ? readBaseline(io.cwd, parsed.baseline) : undefined;
    const tally: Tally = { files: 0, skipped: 0, noSchema: 0, suppressed: 0, baselined: 0, fixes: 0, fixedFiles: 0 };
    const walked = await inputsOf(parsed, io, config, tally);
    let incomplete = walked.incomplete;
    const refs = await referenceCheck(parsed.references, io);
    const raw: Omit<CheckFinding, 'fingerprint'>[] = [];
    // --fix: each text is fixed (written in place, or printed for standard input) before it is checked.
    const fixer = async (read: string, input: Input): Promise<string> => {
      const { text, bom } = splitBom(read);
      const fixed = await fixFile(text, bom, input, parsed, config.credentialFiles, io, tally);
      if (fixed === undefined) incomplete = true;
      return fixed ?? text;
    };
    const options: FileCheckOptions = {
      analyzer: { type: parsed.type, credentialFiles: config.credentialFiles },
      severity: { resolve: parsed.references.resolve, allowUnresolved: parsed.allowUnresolved },
    };
    // Resolution shares one store session and stdin is one text: those are checked in this thread.
    const inputs = walked.inputs;
    // --fix writes files: one writer, in this thread, too.
    const threads = parsed.references.resolve || parsed.fix || parsed.stdinFilename !== undefined ? 1 : checkThreads(inputs.length, io.env);
    const outcomes =
      threads > 1
        ? checkInWorkers(
            inputs.map((input) => path.resolve(io.cwd, input.file)),
            inputs.map((input) => input.file),
            options,
            threads,
          )
        : checkInProcess(inputs, options, refs, parsed.fix ? fixer : undefined);
    let index = 0;
    for await (const outcome of outcomes) {
      const { file, named } = inputs[index++];
      if ('error' in outcome) {
        io.stderr(`secretref check: cannot read ${file} (${outcome.error}); check the path and its permissions.`);
        incomplete = true;
        continue;
      }
      tally.files++;
      if (outcome.noSchema) {
        if (named) io.stderr(`secretref check: ${file}: no credential schema detected; name it *.<schema>.json or pass --type <schema>.`);
        else tally.noSchema++;
      }
      tally.suppressed += outcome.suppressed;
      for (const finding of outcome.findings) raw.push(finding);
    }
    refs.dispose();
    let findings = fingerprintFindings(raw);
    if (parsed.updateBaseline) {
      writeBaseline(io.cwd, parsed.baseline!, findings);
      io.stderr(`secretref check: wrote ${findings.length} finding(s) to the baseline ${parsed.baseline}.`);
      return incomplete ? 2 : 0;
    }
    if (baseline) {
      const before = findings.length;
      findings = findings.filter((f) => !baseline.has(f.fingerprint));
      tally.baselined = before - findings.length;
    }
    // --fix on standard input: standard output is the fixed text, the findings go beside it.
    const fixedToStdout = parsed.fix && parsed.stdinFilename !== undefined;
    printFindings(findings, parsed.format, (t) => (fixedToStdout ? io.stderr(t) : io.stdout(t)));
    io.stderr(summary(tally, findings));
    if (incomplete) return 2;
    return findings.some((f) => fails(f.severity, parsed.failOn)) ? 1 : 0;
  },
};

function printFindings(findings: CheckFinding[], format: CheckFormat, out: (text: string) => void): void {
  if (format === 'json') out(JSON.stringify(findings, null, 2));
  else if (format === 'sarif') out(JSON.stringify(sarifLog(findings, { version: cliVersion() }), null, 2));
  else if (findings.length === 0) return;
  else if (format === 'github') out(githubAnnotations(findings));
  else out(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`).join('\n'));
}

const NOT_FIXED: Record<NonNullable<AutoFixResult['refused']>['reason'], string> = {
  syntax: 'it has a syntax error',
  'duplicate-key': 'it has a duplicate key (which copy to keep is your choice)',
  'guessed-schema': 'its schema is only guessed from its fields; name it *.<schema>.json or pass --type <schema>',
};

/**
 * --fix on one file: the text to check, fixed (written in place with its BOM, or printed for standard
 * input), or undefined when the fixed file could not be written (the file is left as it was and the
 * run exits 2). A file that is not fixed is said so on standard error.
 */
async function fixFile(
  text: string,
  bom: string,
  input: Input,
  parsed: CheckArgs,
  credentialFiles: AnalyzerOptions['credentialFiles'],
  io: CliIO,
  tally: Tally,
): Promise<string | undefined> {
  const file = input.file;
  const isJson = readsAsCredentialJson({ fileName: file, forcedSchema: parsed.type, credentialFiles });
  const result: AutoFixResult = isJson
    ? autoFix(text, { fileName: file, forcedSchema: parsed.type, credentialFiles })
    : { text, applied: 0 };
  if (result.refused) {
    const where = result.refused.reason === 'guessed-schema' ? '' : ` at line ${new LineIndex(text).position(result.refused.offset).line}`;
    io.stderr(`secretref check: ${file}: not fixed: ${NOT_FIXED[result.refused.reason]}${where}.`);
  }
  if (parsed.stdinFilename !== undefined) io.stdout(bom + result.text);
  if (result.applied === 0) return text;
  if (parsed.stdinFilename === undefined) {
    try {
      await writeFileAtomic(path.resolve(io.cwd, file), bom + result.text);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      io.stderr(`secretref check: cannot write ${file} (${reason}); it is left as it was.`);
      return undefined;
    }
    io.stderr(`secretref check: ${file}: fixed ${result.applied} problem${result.applied === 1 ? '' : 's'}.`);
  }
  tally.fixes += result.applied;
  tally.fixedFiles++;
  return result.text;
}

function summary(tally: Tally, findings: readonly CheckFinding[]): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const parts = [`checked ${count(tally.files, 'file')}`, count(findings.length, 'finding')];
  if (tally.skipped) parts.push(`skipped ${count(tally.skipped, 'file')} of no format secretref reads`);
  if (tally.fixes) parts.push(`fixed ${count(tally.fixes, 'problem')} in ${count(tally.fixedFiles, 'file')}`);
  if (tally.noSchema) parts.push(`${count(tally.noSchema, 'JSON file')} with no credential schema (references and inline secrets only)`);
  if (tally.suppressed) parts.push(`${tally.suppressed} suppressed by ignore comments`);
  if (tally.baselined) parts.push(`${tally.baselined} in the baseline`);
  return `secretref check: ${parts.join(', ')}.`;
}
