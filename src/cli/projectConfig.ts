// `--config <file>` or `.secretref.json` read from disk for the CLI; the config itself (its shape and
// checks) is the core's, shared with the editor's reference index (src/core/workspace/projectConfig.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMPTY_PROJECT_CONFIG, PROJECT_CONFIG_FILE, ProjectConfig, projectConfigFrom } from '../core/workspace/projectConfig';
import { readJsonc } from './cliInputs';
import { UsageError } from './cliTypes';

/** `--config <file>`, else `.secretref.json` in cwd when present, else the empty config. */
export function loadProjectConfig(cwd: string, file?: string): ProjectConfig {
  const candidate = path.resolve(cwd, file ?? PROJECT_CONFIG_FILE);
  if (!file && !fs.existsSync(candidate)) return EMPTY_PROJECT_CONFIG;
  try {
    return projectConfigFrom(readJsonc(candidate, 'config'), file ?? PROJECT_CONFIG_FILE);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
