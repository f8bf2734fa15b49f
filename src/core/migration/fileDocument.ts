// A file on disk as a MigrationDocument (CLI, benchmarks): the edit is written to a temporary file
// and renamed over the original, only if the file still has the planned content.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MigrationDocument } from './executor';
import { applyTextEdits, hashText } from './textEdits';
import type { TextEdit } from './types';

export function fileDocument(file: string): MigrationDocument {
  return {
    read: async () => ({ text: await fs.promises.readFile(file, 'utf8') }),
    apply: async (edits: TextEdit[], base: { baseHash: string }) => {
      const current = await fs.promises.readFile(file, 'utf8');
      if (hashText(current) !== base.baseHash) return false;
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.secretref-${process.pid}.tmp`);
      const mode = (await fs.promises.stat(file)).mode;
      await fs.promises.writeFile(temp, applyTextEdits(current, edits), { mode });
      await fs.promises.rename(temp, file);
      return true;
    },
  };
}
