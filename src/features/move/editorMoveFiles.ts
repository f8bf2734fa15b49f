// The files side of a move in the editor (core/move/moveExecutor.ts's MoveFiles): the rewrite is planned
// on the workspace reference index of each folder, from each file's current text (an open editor's,
// else the disk's), and applied as ONE WorkspaceEdit whose every change needs confirmation, so VS Code
// shows it in the Refactor Preview before anything changes (changes that need confirmation start
// unticked there: the user ticks them, or the file or the whole list, and applies), and one undo takes it back. The changed
// documents are saved afterwards: the old secret is removed only once the files on disk read the new one.
import * as vscode from 'vscode';
import { hashText } from '../../core/migration/textEdits';
import type { MoveFiles } from '../../core/move/moveExecutor';
import { planReferenceRewrite, ReferenceRewrite, spotText } from '../../core/move/movePlan';
import type { WorkspaceReferenceIndex } from '../references/workspaceIndex';

export interface EditorMoveFiles extends MoveFiles {
  /** The user discarded the preview (nothing was rewritten). */
  readonly declined: boolean;
}

async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** `preview: false` (the extension's own tests only) applies the same one WorkspaceEdit without the preview. */
export function editorMoveFiles(index: WorkspaceReferenceIndex, options: { preview?: boolean } = {}): EditorMoveFiles {
  // Plans name files relative to their folder; several folders: `<folder>/<file>`.
  const uris = new Map<string, vscode.Uri>();
  let declined = false;
  return {
    get declined() {
      return declined;
    },
    async plan(request, newArn) {
      await index.current();
      const folders = index.folderIndexes();
      const merged: ReferenceRewrite = { files: [], count: 0, notes: [] };
      for (const { folder, index: folderIndex } of folders) {
        const name = (file: string) => (folders.length > 1 ? `${folder.name}/${file}` : file);
        const rewrite = await planReferenceRewrite(request, folderIndex, (file) => currentText(vscode.Uri.joinPath(folder.uri, file)), {
          newArn,
        });
        for (const file of rewrite.files) {
          uris.set(name(file.file), vscode.Uri.joinPath(folder.uri, file.file));
          merged.files.push({ ...file, file: name(file.file) });
        }
        merged.count += rewrite.count;
        merged.notes.push(...rewrite.notes);
      }
      return merged;
    },
    async apply(rewrite) {
      if (rewrite.files.length === 0) return { stale: [] };
      const edit = new vscode.WorkspaceEdit();
      // One label: one group in the preview, ticked at once.
      const label = `Rewrite ${rewrite.count} reference(s)`;
      const stale: string[] = [];
      const documents: vscode.TextDocument[] = [];
      for (const file of rewrite.files) {
        const uri = uris.get(file.file)!;
        const document = await vscode.workspace.openTextDocument(uri);
        if (hashText(document.getText()) !== file.baseHash) {
          stale.push(file.file);
          continue;
        }
        documents.push(document);
        for (const e of file.edits) {
          const range = new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length));
          edit.replace(uri, range, e.content, {
            needsConfirmation: options.preview !== false,
            label,
            description: `${e.before} → ${e.after}`,
          });
        }
      }
      if (stale.length > 0) return { stale };
      if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) {
        declined = true;
        return { stale: rewrite.files.map((f) => f.file) };
      }
      // Applied only if every edit landed: a file whose text no longer has the planned rewrite is stale.
      for (const [i, document] of documents.entries()) {
        if (!(await document.save())) stale.push(rewrite.files[i].file);
      }
      return { stale };
    },
  };
}

/** Words for the preview's title and the confirmation. */
export function moveTitle(request: { store: string; from: { path: string; key?: string }; to: { path: string; key?: string } }): string {
  return `Move ${request.store}:${spotText(request.from)} to ${spotText(request.to)}`;
}
