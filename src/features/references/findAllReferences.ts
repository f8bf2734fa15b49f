// Find All References (Shift+F12) on a secret reference: every reference in the workspace to the same
// secret, or, with the cursor on the key, to the same key, from the workspace reference index.
import * as vscode from 'vscode';
import { indexQueryOf } from '../../core/references/referenceIndex';
import type { WorkspaceReferenceIndex } from './workspaceIndex';
import type { ReferenceService } from './referenceService';

export class SecretReferenceProvider implements vscode.ReferenceProvider {
  constructor(
    private readonly service: ReferenceService,
    private readonly index: WorkspaceReferenceIndex,
  ) {}

  async provideReferences(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const offset = document.offsetAt(position);
    const ref = this.service.referenceAt(document, offset);
    if (!ref) return undefined;
    const query = indexQueryOf(this.service.state, ref, offset);
    if (!query) return undefined;
    await this.index.whenReady();
    const locations = this.index.referencesTo(query).map((at) => new vscode.Location(at.uri, at.range));
    // A document outside the workspace (untitled, another folder) still lists its own reference.
    const here = new vscode.Range(document.positionAt(ref.offset), document.positionAt(ref.offset + ref.length));
    if (!locations.some((l) => l.uri.toString() === document.uri.toString() && l.range.isEqual(here))) {
      locations.unshift(new vscode.Location(document.uri, here));
    }
    return locations;
  }
}
