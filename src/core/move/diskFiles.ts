// The files side of a move on disk (the CLI, tests, the benchmark): the reference index of the walked
// tree is brought up to date before each plan (only changed files are read again), and each file is
// rewritten atomically, only if it still has the text the edits were planned against (fileDocument).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitBom } from '../bom';
import { fileDocument } from '../migration/fileDocument';
import { refreshIndex } from '../references/indexBuilder';
import type { ReferenceIndex } from '../references/referenceIndex';
import type { ProjectConfig } from '../workspace/projectConfig';
import type { MoveFiles } from './moveExecutor';
import { planReferenceRewrite, ReferenceRewrite } from './movePlan';

export interface DiskMoveFilesOptions {
  root: string;
  config: ProjectConfig;
  /** Files, folders and globs under root (default the whole root). */
  inputs?: readonly string[];
  index: ReferenceIndex;
  /** Problems of the walk (a missing input, an unreadable file), in words. */
  onProblem?(problem: string): void;
}

export function diskMoveFiles(options: DiskMoveFilesOptions): MoveFiles {
  const { root, index } = options;
  const read = async (file: string): Promise<string | undefined> => {
    try {
      return splitBom(await fs.promises.readFile(path.join(root, file), 'utf8')).text;
    } catch {
      return undefined;
    }
  };
  return {
    async plan(request, newArn) {
      const result = await refreshIndex(index, { root, config: options.config, inputs: options.inputs });
      for (const m of result.missing) options.onProblem?.(`${m.input}: ${m.reason}`);
      for (const f of result.unreadable) options.onProblem?.(`${f}: cannot be read`);
      for (const f of result.tooLarge) options.onProblem?.(`${f}: too large to index`);
      return planReferenceRewrite(request, index, read, { newArn });
    },
    async apply(rewrite: ReferenceRewrite) {
      const stale: string[] = [];
      for (const file of rewrite.files) {
        const applied = await fileDocument(path.join(root, file.file))
          .apply(file.edits, { baseHash: file.baseHash })
          .catch(() => false);
        if (!applied) stale.push(file.file);
      }
      return { stale };
    },
  };
}
