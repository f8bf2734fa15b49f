// A VS Code text document as a MigrationDocument: the edits land as one WorkspaceEdit (one undo
// step), and only if the buffer still has the planned text and version. What its name says of its
// schema, as the editor's detection reads it.
import * as vscode from 'vscode';
import { CredentialDocument } from '../../core/schemas';
import type { Services } from '../../services';
import type { MigrationDocument } from '../../core/migration/executor';
import { documentSchema } from '../../core/migration/planner';
import { hashText } from '../../core/migration/textEdits';
import type { TextEdit } from '../../core/migration/types';

export function editorDocument(document: vscode.TextDocument): MigrationDocument {
  return {
    read: async () => ({ text: document.getText(), version: document.version }),
    apply: async (edits: TextEdit[], base: { baseHash: string; baseVersion?: number }) => {
      if (document.isClosed) return false;
      if (base.baseVersion !== undefined && document.version !== base.baseVersion) return false;
      if (hashText(document.getText()) !== base.baseHash) return false;
      const edit = new vscode.WorkspaceEdit();
      for (const e of edits) {
        edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
      }
      return vscode.workspace.applyEdit(edit);
    },
  };
}

/**
 * The document model the editor holds (Services.documents: detection with the user's schema pick, the
 * name, `secretref.credentialFiles` and `.secretref.json`); a fresh one for a document the schema features do not track.
 */
export function documentModel(services: Pick<Services, 'documents'>, document: vscode.TextDocument): CredentialDocument {
  return (
    services.documents.get(document) ??
    new CredentialDocument(document.getText(), {
      fileName: document.fileName,
      credentialFiles: services.documents.credentialFiles(document.uri),
    })
  );
}

/** The schema (or `connections`) the document's name gives it: file name, `secretref.credentialFiles`, `.secretref.json`; else null. */
export function namedSchema(services: Pick<Services, 'documents'>, document: vscode.TextDocument): string | null {
  return documentSchema({ source: document.fileName, credentialFiles: services.documents.credentialFiles(document.uri) });
}
