// `secretref refs [--format text|json] [--stores <file>] [--settings <file>] <files...>`: lists every
// well-formed reference. Unterminated or malformed ones are left to `secretref check`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitBom } from '../../core/bom';
import { ReferenceRow, referenceRows } from '../../core/references/listing';
import { scanReferences } from '../../core/references/scanner';
import type { StoreConfig } from '../../core/stores/types';
import { oneOf, parseCommandArgs } from '../args';
import { loadReferenceSettings } from '../cliInputs';
import { readStoresFile } from '../cliStores';
import { CliCommand, CliIO, UsageError } from '../cliTypes';

const HELP = [
  'usage: secretref refs [--format text|json] [--stores <file>] [--settings <file>] <files...>',
  '',
  'Lists every secret reference (vault.secret(...), {{resolve:secretsmanager:...}}, self-hosted',
  'credentials blocks, {{<template>.response.<key>}}) with its position and parts.',
  '  --format    text (default) or json: an array of {file,line,column,endLine,endColumn,kind,store,',
  '              path,key,versionStage,versionId,raw}',
  '  --stores    store configs (the shape of the secretref.stores setting), to name the AWS store',
  '  --settings  a settings.json with secretref.templates / secretref.defaultAwsStore',
  '              (default: .vscode/settings.json when present)',
].join('\n');

interface RefsArgs {
  format: 'text' | 'json';
  stores?: string;
  settings?: string;
  files: string[];
}

const OPTIONS = {
  format: { type: 'string' },
  stores: { type: 'string' },
  settings: { type: 'string' },
} as const;

function parseArgs(args: string[]): RefsArgs | 'help' {
  const parsed = parseCommandArgs(args, OPTIONS, HELP);
  if (parsed === 'help') return parsed;
  const { format, stores, settings } = parsed.values;
  if (parsed.positionals.length === 0) throw new UsageError(`no files given\n\n${HELP}`);
  return { format: oneOf('--format', format, ['text', 'json'], 'text'), stores, settings, files: parsed.positionals };
}

function textLine(row: ReferenceRow): string {
  const parts = [`${row.file}:${row.line}:${row.column}`, row.kind, row.store ?? '-', row.path ?? '-', row.key ?? '-'];
  if (row.versionStage) parts.push(`stage=${row.versionStage}`);
  if (row.versionId) parts.push(`version=${row.versionId}`);
  return parts.join(' ');
}

export const refsCommand: CliCommand = {
  async run(args: string[], io: CliIO): Promise<number> {
    const parsed = parseArgs(args);
    if (parsed === 'help') {
      io.stdout(HELP);
      return 0;
    }
    let configs: StoreConfig[] = [];
    try {
      configs = parsed.stores ? readStoresFile(path.resolve(io.cwd, parsed.stores)) : [];
    } catch (error) {
      io.stderr(`secretref refs: ${(error as Error).message}`);
      return 2;
    }
    let settings;
    try {
      settings = loadReferenceSettings(io.cwd, parsed.settings);
    } catch (error) {
      io.stderr(`secretref refs: ${(error as Error).message}`);
      return 2;
    }
    const rows: ReferenceRow[] = [];
    let unreadable = false;
    for (const file of parsed.files) {
      let text: string;
      try {
        text = splitBom(fs.readFileSync(path.resolve(io.cwd, file), 'utf8')).text;
      } catch {
        io.stderr(`secretref refs: cannot read "${file}": check that the file exists and is readable.`);
        unreadable = true;
        continue;
      }
      rows.push(...referenceRows(file, text, scanReferences(text).references, configs, settings));
    }
    if (parsed.format === 'json') io.stdout(JSON.stringify(rows, null, 2));
    else if (rows.length > 0) io.stdout(rows.map(textLine).join('\n'));
    return unreadable ? 2 : 0;
  },
};
