// `secretref check [options] <files, folders, globs...>`: checks a repository's configs for CI and
// pre-commit hooks: schemas, references, inline secrets; text, JSON, SARIF or GitHub annotations; a
// fail-on policy, a baseline and ignore comments (../policy.ts).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { AnalyzerOptions, documentAnalyzers } from '../../core/analyzers';
import { writeFileAtomic } from '../../core/atomicWrite';
import { autoFix, type AutoFixResult } from '../../core/autoFix';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { splitBom } from '../../core/bom';
import { fileContexts, ignoreDirectives } from '../../core/formats/documentation';
import { LineIndex } from '../../core/lineIndex';
import { CONNECTIONS, CredentialDocument, getSchema, schemaNames } from '../../core/schemas';
import { registerReferenceAnalyzer } from '../../core/references/referenceAnalyzer';
import { oneOf, parseCommandArgs } from '../args';
import { CliCommand, CliIO, UsageError } from '../cliTypes';
import { walkInputs } from '../../core/workspace/fileWalk';
import { githubAnnotations } from '../output/github';
import { sarifLog } from '../output/sarif';
import { CheckFinding, cliSeverity, FailOn, fails, fingerprintFindings, ignoredBy, readBaseline, writeBaseline } from '../policy';
import { loadProjectConfig } from '../projectConfig';
import { REFERENCE_CHECK_HELP, REFERENCE_CHECK_OPTIONS, referenceCheck } from '../referenceCheck';
import { cliVersion } from '../runtime';

registerReferenceAnalyzer();

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

/** Runs the schema validator and every registered analyzer on one file's text. */
export function analyzeText(
  text: string,
  fileName: string,
  options: AnalyzerOptions,
): { diagnostics: CoreDiagnostic[]; schema: string | undefined; isJson: boolean } {
  // YAML, Python, .env and text files hold references, not credential JSON: only the analyzers run.
  const isJson = options.type !== undefined || /\.jsonc?$/i.test(fileName);
  const doc = isJson
    ? new CredentialDocument(text, { fileName, forcedSchema: options.type, credentialFiles: options.credentialFiles })
    : undefined;
  const diagnostics = doc ? doc.diagnostics().slice() : [];
  for (const analyzer of documentAnalyzers) diagnostics.push(...analyzer(text, fileName, options));
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { diagnostics, schema: doc?.detection.schema, isJson };
}

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
    const severityOptions = { resolve: parsed.references.resolve, allowUnresolved: parsed.allowUnresolved };
    for (const input of walked.inputs) {
      const file = input.file;
      let text: string;
      let bom: string;
      try {
        // Positions count from the first character after a BOM, as editors show them.
        ({ text, bom } = splitBom(await input.read()));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
        io.stderr(`secretref check: cannot read ${file} (${reason}); check the path and its permissions.`);
        incomplete = true;
        continue;
      }
      tally.files++;
      if (parsed.fix) {
        const fixed = await fixFile(text, bom, input, parsed, config.credentialFiles, io, tally);
        if (fixed === undefined) incomplete = true;
        else text = fixed;
      }
      const { diagnostics, schema, isJson } = analyzeText(text, file, { type: parsed.type, credentialFiles: config.credentialFiles });
      await refs.addResolution(diagnostics, text, file);
      if (isJson && !schema) {
        if (input.named)
          io.stderr(`secretref check: ${file}: no credential schema detected; name it *.<schema>.json or pass --type <schema>.`);
        else tally.noSchema++;
      }
      const lines = new LineIndex(text);
      const directives = ignoreDirectives(text, fileContexts(text, file).comments);
      for (const d of diagnostics) {
        if (ignoredBy(directives, lines, d.code, d.offset)) {
          tally.suppressed++;
          continue;
        }
        const { line, column } = lines.position(d.offset);
        raw.push({ file, line, column, severity: cliSeverity(d, severityOptions), code: d.code, path: d.path, message: d.message });
      }
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
  const isJson = parsed.type !== undefined || /\.jsonc?$/i.test(file);
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
