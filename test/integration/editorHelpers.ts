// What the editor shows, read the way the integration tests check it: hover texts and a reference's
// sign-in state (the `signed-out` diagnostic).
import * as vscode from 'vscode';
import { waitFor } from '../support/waitFor';

/** The text of the hovers at `offset` of `document`, joined. */
export async function hoverText(document: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    document.positionAt(offset),
  );
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Waits until `document` has a `signed-out` diagnostic (`signedOut`) or none. */
export function signedOutIs(document: vscode.TextDocument, signedOut: boolean): Promise<true> {
  return waitFor(
    signedOut ? 'the signed-out diagnostic' : 'the reference to resolve',
    () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.code === 'signed-out') === signedOut ? true : undefined),
    { timeoutMs: 20_000, intervalMs: 50 },
  );
}
