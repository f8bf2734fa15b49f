// `--config <file>` or `.secretref.json` read from disk for the CLI; the config itself (its shape and
// checks) is the core's, shared with the editor's reference index (src/core/workspace/projectConfig.ts).
import { ProjectConfig, readProjectConfig } from '../core/workspace/projectConfig';
import { UsageError } from './cliTypes';

/** `--config <file>`, else `.secretref.json` in cwd when present, else the empty config. */
export function loadProjectConfig(cwd: string, file?: string): ProjectConfig {
  try {
    return readProjectConfig(cwd, file);
  } catch (error) {
    // ProjectConfigError (a bad key) or readJsonc's (unreadable, not JSON): bad usage, exit 2.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
