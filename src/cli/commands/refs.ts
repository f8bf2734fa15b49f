// `secretref refs [--format text|json] [--stores <file>] [--settings <file>] <files...>`: lists every
// well-formed reference. Unterminated or malformed ones are left to `secretref check`.
// `secretref refs --to <store>:<path>[.<key>] [paths...]`: the references to one secret (or one key of
// it) across a repository, from the reference index built with the repository walk; the same rows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitBom } from '../../core/bom';
import { refreshIndex } from '../../core/references/indexBuilder';
import { ReferenceRow, referenceRows } from '../../core/references/listing';
import { IndexQuery, ReferenceIndex } from '../../core/references/referenceIndex';
import type { ReferenceSettings } from '../../core/references/settings';
import { scanReferences } from '../../core/references/scanner';
import type { StoreConfig } from '../../core/stores/types';
import { oneOf, parseCommandArgs } from '../args';
import { loadReferenceSettings } from '../cliInputs';
import { readStoresFile } from '../cliStores';
import { CliCommand, CliIO, UsageError } from '../cliTypes';
import { loadProjectConfig } from '../projectConfig';

const HELP = [
  'usage: secretref refs [--format text|json] [--stores <file>] [--settings <file>] <files...>',
  '       secretref refs --to <store>:<path>[.<key>] [--config <file>] [options] [paths...]',
  '',
  'Lists every secret reference (vault.secret(...), {{resolve:secretsmanager:...}}, self-hosted',
  'credentials blocks, {{<template>.response.<key>}}) with its position and parts.',
  '  --to        only the references to one secret, or to one key of it, in the files, folders and',
  '              globs given (default: the current folder), walked as check walks them (.gitignore,',
  '              .secretref.json). <path> is a Vault path or an AWS secret name or ARN; when no',
  '              reference reads <path>.<key> as a whole secret, the part after the last dot is the key.',
  '              AWS and template references name their store through --stores / --settings.',
  '  --config    with --to: the project config (default: .secretref.json when present)',
  '  --format    text (default) or json: an array of {file,line,column,endLine,endColumn,kind,store,',
  '              path,key,versionStage,versionId,raw}',
  '  --stores    store configs (the shape of the secretref.stores setting), to name the AWS store',
  '  --settings  a settings.json with secretref.templates / secretref.defaultAwsStore',
  '              (default: .vscode/settings.json when present)',
  'Exit: 0 listed (also when nothing references it), 2 bad usage or an unreadable input.',
].join('\n');

interface RefsArgs {
  format: 'text' | 'json';
  stores?: string;
  settings?: string;
  /** --to, split at the first `:`: the store and the rest (a path, maybe ending in `.<key>`). */
  to?: { store: string; secret: string };
  config?: string;
  files: string[];
}

const OPTIONS = {
  format: { type: 'string' },
  stores: { type: 'string' },
  settings: { type: 'string' },
  to: { type: 'string' },
  config: { type: 'string' },
} as const;

function parseTo(value: string): { store: string; secret: string } {
  const colon = value.indexOf(':');
  const store = value.slice(0, colon);
  const secret = value.slice(colon + 1);
  if (colon <= 0 || secret === '') throw new UsageError(`--to must be <store>:<path>[.<key>], not "${value}"`);
  return { store, secret };
}

function parseArgs(args: string[]): RefsArgs | 'help' {
  const parsed = parseCommandArgs(args, OPTIONS, HELP);
  if (parsed === 'help') return parsed;
  const { format, stores, settings, to, config } = parsed.values;
  if (to === undefined && config !== undefined) throw new UsageError('--config only applies with --to');
  if (to === undefined && parsed.positionals.length === 0) throw new UsageError(`no files given\n\n${HELP}`);
  return {
    format: oneOf('--format', format, ['text', 'json'], 'text'),
    stores,
    settings,
    to: to === undefined ? undefined : parseTo(to),
    config,
    files: parsed.positionals,
  };
}

function readText(absolute: string): string | undefined {
  try {
    return splitBom(fs.readFileSync(absolute, 'utf8')).text;
  } catch {
    return undefined;
  }
}

/** The secret `--to` names: the whole text as a path when a reference reads it so, else path + key at the last dot. */
function queryOf(index: ReferenceIndex, to: { store: string; secret: string }): IndexQuery {
  const dot = to.secret.lastIndexOf('.');
  if (index.hasSecret(to.store, to.secret) || dot <= 0 || dot === to.secret.length - 1) return { store: to.store, path: to.secret };
  return { store: to.store, path: to.secret.slice(0, dot), key: to.secret.slice(dot + 1) };
}

/** `refs --to`: the index of the walked paths, then the rows of the references to the secret. */
async function rowsTo(
  parsed: RefsArgs & { to: { store: string; secret: string } },
  io: CliIO,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
): Promise<{ rows: ReferenceRow[]; unreadable: boolean }> {
  const index = new ReferenceIndex({ configs: () => configs, settings: () => settings });
  const result = await refreshIndex(index, {
    root: io.cwd,
    config: loadProjectConfig(io.cwd, parsed.config),
    inputs: parsed.files.length > 0 ? parsed.files : ['.'],
  });
  const problems = [
    ...result.missing.map((m) => `${m.input} (${m.reason})`),
    ...result.unreadable,
    ...result.tooLarge.map((f) => `${f} (too large)`),
  ];
  for (const problem of problems) io.stderr(`secretref refs: cannot read ${problem}; check the path and its permissions.`);
  const rows: ReferenceRow[] = [];
  // The index keeps no text: each file with a hit is read once more for the rows' `raw`.
  const texts = new Map<string, string | undefined>();
  for (const hit of index.referencesTo(queryOf(index, parsed.to))) {
    if (!texts.has(hit.file)) texts.set(hit.file, readText(path.resolve(io.cwd, hit.file)));
    const text = texts.get(hit.file);
    if (text === undefined) continue;
    rows.push(ReferenceIndex.row(hit, text.slice(hit.ref.offset, hit.ref.offset + hit.ref.length)));
  }
  const vanished = [...texts].filter(([, text]) => text === undefined).map(([file]) => file);
  for (const file of vanished) io.stderr(`secretref refs: cannot read "${file}": check that the file exists and is readable.`);
  return { rows, unreadable: problems.length + vanished.length > 0 };
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
    if (parsed.to) {
      const found = await rowsTo({ ...parsed, to: parsed.to }, io, configs, settings);
      rows.push(...found.rows);
      unreadable = found.unreadable;
    }
    for (const file of parsed.to ? [] : parsed.files) {
      const text = readText(path.resolve(io.cwd, file));
      if (text === undefined) {
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
