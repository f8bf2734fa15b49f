// The agent tools' files and reference index on disk (`secretref mcp`): a file is read as the
// migration's fileDocument reads it (BOM split off) and edited through it, atomically (temporary file
// and rename, BOM and line endings kept) and only while it still has the text the edit was made on.
import { fileDocument } from '../migration/fileDocument';
import { hashText } from '../migration/textEdits';
import { refreshIndex } from '../references/indexBuilder';
import type { ReferenceIndex } from '../references/referenceIndex';
import type { ProjectConfig } from '../workspace/projectConfig';
import { AgentToolError, type AgentFiles, type AgentToolContext } from './types';

export function diskAgentFiles(): AgentFiles {
  return {
    read: async (file) => (await fileDocument(file).read()).text,
    async edit(file, base, edit) {
      let applied: boolean;
      try {
        applied = await fileDocument(file).apply([edit], { baseHash: hashText(base) });
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
        throw new AgentToolError(`cannot write the file (${reason}); it is left as it was.`);
      }
      if (!applied)
        throw new AgentToolError('the file changed while the reference was inserted; nothing was written. Read it again and retry.');
    },
  };
}

/** References from the index of the repository under `root`, brought up to date on each use (only changed files are read again). */
export function diskAgentReferences(index: ReferenceIndex, root: string, config: ProjectConfig): AgentToolContext['references'] {
  return async (query) => {
    await refreshIndex(index, { root, config });
    return index.referencesTo(query);
  };
}
