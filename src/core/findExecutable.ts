// Finds a program on PATH as a shell would (PATHEXT on Windows), without running it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const windows = process.platform === 'win32';
  const extensions = windows ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean)) {
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      try {
        const stat = await fs.promises.stat(candidate);
        if (!stat.isFile()) continue;
        if (!windows) await fs.promises.access(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // Not here: try the next entry.
      }
    }
  }
  return undefined;
}
