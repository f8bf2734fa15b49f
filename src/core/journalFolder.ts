// The one folder where migration and move journals live, for every front end (the editor, the CLI, the
// language server), so a run cut short in one is found by the others: $SECRETREF_STATE_DIR, else
// $XDG_STATE_HOME/secretref/migrations, else ~/.local/state/secretref/migrations (on Windows,
// %LOCALAPPDATA%\secretref\migrations).
import * as os from 'node:os';
import * as path from 'node:path';

export function journalFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.SECRETREF_STATE_DIR) return env.SECRETREF_STATE_DIR;
  if (platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'secretref', 'migrations');
  const state = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(state, 'secretref', 'migrations');
}
