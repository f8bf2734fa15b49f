// `secretref check [--type <name>] [--format text|json] <files...>`: validates credential files
// (single credentials or connections files) for CI and pre-commit hooks.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { AnalyzerOptions, documentAnalyzers } from '../../core/analyzers';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { splitBom } from '../../core/bom';
import { LineIndex } from '../../core/lineIndex';
import { CONNECTIONS, CredentialDocument, getSchema, schemaNames } from '../../core/schemas';
import { registerReferenceAnalyzer } from '../../core/references/referenceAnalyzer';
import { oneOf, parseCommandArgs } from '../args';
import { CliCommand, CliIO, UsageError } from '../cliTypes';
import { REFERENCE_CHECK_HELP, REFERENCE_CHECK_OPTIONS, referenceCheck } from '../referenceCheck';

registerReferenceAnalyzer();

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
  /** --resolve, --stores, --settings (../referenceCheck.ts). */
  references: { resolve?: boolean; stores?: string; settings?: string; 'password-stdin'?: boolean };
}

const OPTIONS = {
  type: { type: 'string' },
  format: { type: 'string' },
  ...REFERENCE_CHECK_OPTIONS,
} as const;

export function parseCheckArgs(args: string[]): CheckArgs | 'help' {
  const parsed = parseCommandArgs(args, OPTIONS, HELP);
  if (parsed === 'help') return parsed;
  const { type, format, ...references } = parsed.values;
  const out: CheckArgs = { type, format: oneOf('--format', format, ['text', 'json'], 'text'), files: parsed.positionals, references };
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

export const checkCommand: CliCommand = {
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseCheckArgs(args);
    if (parsed === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const refs = await referenceCheck(parsed.references, io);
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
