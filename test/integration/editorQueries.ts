// What the editor shows, asked through VS Code's own provider commands (shared by the suites).
import * as vscode from 'vscode';

/** The text of the secretref hovers at an offset (other extensions' hovers left out). */
export async function hoverText(document: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    document.positionAt(offset),
  );
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .filter((text) => text.includes('secret') || text.includes('Secret'))
    .join('\n');
}
