// A file on disk as a MigrationDocument (CLI, benchmarks): the edit is written to a temporary file
// and renamed over the original, only if the file still has the planned content. The document's text
// is the file's text after a BOM (as in an editor); a BOM the file has is written back with the edit.
import * as fs from 'node:fs';
import { writeFileAtomic } from '../atomicWrite';
import { splitBom } from '../bom';
import type { MigrationDocument } from './executor';
import { applyTextEdits, hashText } from './textEdits';
import type { TextEdit } from './types';

export function fileDocument(file: string): MigrationDocument {
  const read = async () => splitBom(await fs.promises.readFile(file, 'utf8'));
  return {
    read: async () => ({ text: (await read()).text }),
    apply: async (edits: TextEdit[], base: { baseHash: string }) => {
      const current = await read();
      if (hashText(current.text) !== base.baseHash) return false;
      await writeFileAtomic(file, current.bom + applyTextEdits(current.text, edits));
      return true;
    },
  };
}
