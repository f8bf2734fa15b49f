// Find All References (Shift+F12) on a secret reference: every reference in the workspace to the same
// secret, or, with the cursor on the key, to the same key, from the workspace reference index.
import * as vscode from 'vscode';
import type { IndexQuery } from '../../core/references/referenceIndex';
import type { SecretReference, Span } from '../../core/references/types';
import type { WorkspaceReferenceIndex } from './workspaceIndex';
import type { ReferenceService } from './referenceService';

function inside(span: Span | undefined, offset: number): boolean {
  return span !== undefined && offset >= span.offset && offset <= span.offset + span.length;
}

/** What a reference is about, for the index: the secret, or the key when `onKey`. */
export function indexQueryOf(service: ReferenceService, ref: SecretReference, onKey = false): IndexQuery | undefined {
  const found = service.state.targetOf(ref);
  if ('problem' in found) return undefined;
  return { store: found.target.store, path: found.target.path, key: onKey && ref.key !== null ? ref.key : undefined };
}

export class SecretReferenceProvider implements vscode.ReferenceProvider {
  constructor(
    private readonly service: ReferenceService,
    private readonly index: WorkspaceReferenceIndex,
  ) {}

  async provideReferences(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const offset = document.offsetAt(position);
    const ref = this.service.referenceAt(document, offset);
    if (!ref) return undefined;
    const query = indexQueryOf(this.service, ref, inside(ref.parts.key ?? ref.parts.jsonKey, offset));
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
