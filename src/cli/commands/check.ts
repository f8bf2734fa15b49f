// `secretref check [--type <name>] [--format text|json] <files...>`: validates credential files
// (single credentials or connections files) for CI and pre-commit hooks.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { AnalyzerOptions, documentAnalyzers } from '../../core/analyzers';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { splitBom } from '../../core/bom';
import { LineIndex } from '../../core/lineIndex';
import { CONNECTIONS, CredentialDocument, getSchema, schemaNames } from '../../core/schemas';
import { REFERENCE_CHECK_HELP, referenceCheckOptions } from '../../core/references/checkOptions';
import { CliCommand, CliIO, UsageError } from '../cliTypes';

const HELP = `usage: secretref check [--type <name>] [--format text|json] <files...>

Validates credential files against the credential schemas: one credential per file (schema from
the file name *.<name>.json, --type, or the fields it has), or a connections file (a JSON array or
object of {"type": "<name>", "credentials": {...}} entries). JSONC comments are allowed.

options:
  --type <name>      schema of every file: ${[...schemaNames(), CONNECTIONS].join(', ')}
  --format <f>       text (default: file:line:col severity code message) or json
${REFERENCE_CHECK_HELP}
  -h, --help         this help

exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable file`;

interface CheckArgs {
  type?: string;
  format: 'text' | 'json';
  files: string[];
}

export function parseCheckArgs(args: string[]): CheckArgs | 'help' {
  const out: CheckArgs = { format: 'text', files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--type') out.type = value();
    else if (flag === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be "text" or "json", not "${format}"`);
      out.format = format;
    } else if (flag === '--') {
      out.files.push(...args.slice(i + 1));
      break;
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option "${flag}"\n\n${HELP}`);
    else out.files.push(arg);
  }
  if (out.type !== undefined && out.type !== CONNECTIONS && !getSchema(out.type)) {
    throw new UsageError(`unknown schema "${out.type}"; expected one of ${[...schemaNames(), CONNECTIONS].join(', ')}`);
  }
  if (out.files.length === 0) throw new UsageError(`no files given\n\n${HELP}`);
  return out;
}

export interface CheckFinding {
  file: string;
  line: number;
  column: number;
  severity: CoreDiagnostic['severity'];
  code: string;
  path: string;
  message: string;
}

/** Runs the schema validator and every registered analyzer on one file's text. */
export function analyzeText(text: string, fileName: string, options: AnalyzerOptions): { diagnostics: CoreDiagnostic[]; schema: string | undefined; isJson: boolean } {
  // YAML, Python, .env and text files hold references, not credential JSON: only the analyzers run.
  const isJson = options.type !== undefined || /\.jsonc?$/i.test(fileName);
  const doc = isJson ? new CredentialDocument(text, { fileName, forcedSchema: options.type, credentialFiles: options.credentialFiles }) : undefined;
  const diagnostics = doc ? doc.diagnostics().slice() : [];
  for (const analyzer of documentAnalyzers) diagnostics.push(...analyzer(text, fileName, options));
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { diagnostics, schema: doc?.detection.schema, isJson };
}

export const checkCommand: CliCommand = {
  async run(args: string[], io: CliIO): Promise<number> {
    const refs = await referenceCheckOptions(args, io);
    const parsed = parseCheckArgs(refs.rest);
    if (parsed === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const findings: CheckFinding[] = [];
    let unreadable = false;
    for (const file of parsed.files) {
      let text: string;
      try {
        // Positions count from the first character after a BOM, as editors show them.
        text = splitBom(await readFile(path.resolve(io.cwd, file), 'utf8')).text;
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
        io.stderr(`secretref check: cannot read ${file} (${reason}); check the path and its permissions.`);
        unreadable = true;
        continue;
      }
      const { diagnostics, schema, isJson } = analyzeText(text, file, { type: parsed.type });
      await refs.addResolution(diagnostics, text, file);
      if (isJson && !schema) {
        io.stderr(`secretref check: ${file}: no credential schema detected; name it *.<schema>.json or pass --type <schema>.`);
      }
      const lines = new LineIndex(text);
      for (const d of diagnostics) {
        const { line, column } = lines.position(d.offset);
        findings.push({ file, line, column, severity: d.severity, code: d.code, path: d.path, message: d.message });
      }
    }
    refs.dispose();
    if (parsed.format === 'json') {
      io.stdout(JSON.stringify(findings, null, 2));
    } else if (findings.length > 0) {
      io.stdout(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`).join('\n'));
    }
    if (unreadable) return 2;
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
