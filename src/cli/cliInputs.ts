// The settings.json the CLI's reference commands read (secretref.templates, secretref.defaultAwsStore).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitBom } from '../core/bom';
import { jsoncErrors, nodeValue, parseJsonc } from '../core/schemas/jsonc';
import { EMPTY_REFERENCE_SETTINGS, ReferenceSettings, referenceSettingsFrom } from '../core/references/settings';

/** A JSONC file's value; throws Error naming `what` when it cannot be read or parsed. */
export function readJsonc(file: string, what: string): unknown {
  let text: string;
  try {
    text = splitBom(fs.readFileSync(file, 'utf8')).text;
  } catch {
    throw new Error(`cannot read the ${what} file "${file}": check the path.`);
  }
  const { root, errors } = parseJsonc(text);
  if (jsoncErrors(errors).length > 0) throw new Error(`the ${what} file "${file}" is not valid JSON.`);
  return nodeValue(root);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reference settings from `--settings <file>`, else `.vscode/settings.json` under cwd when present. */
export function loadReferenceSettings(cwd: string, file?: string): ReferenceSettings {
  const candidate = file ? path.resolve(cwd, file) : path.join(cwd, '.vscode', 'settings.json');
  if (!file && !fs.existsSync(candidate)) return EMPTY_REFERENCE_SETTINGS;
  const value = readJsonc(candidate, 'settings');
  return isRecord(value) ? referenceSettingsFrom(value) : EMPTY_REFERENCE_SETTINGS;
}
