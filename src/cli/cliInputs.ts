// The settings.json the CLI's reference commands read (secretref.templates, secretref.defaultAwsStore).
// readJsonc (the one JSONC file reader) is the core's, re-exported for the CLI's other inputs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonc } from '../core/schemas/jsoncFile';

export { readJsonc };
import { EMPTY_REFERENCE_SETTINGS, ReferenceSettings, referenceSettingsFrom } from '../core/references/settings';

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
