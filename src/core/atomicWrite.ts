// Rewrites a file in place without ever leaving it half written: the content goes to a temporary file
// next to it (same folder, so the rename stays on one file system), with the file's mode, and is renamed
// over it. A failed write removes the temporary file and leaves the original as it was.
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.secretref-${process.pid}.tmp`);
  const mode = (await fs.promises.stat(file)).mode;
  try {
    await fs.promises.writeFile(temp, content, { mode });
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
