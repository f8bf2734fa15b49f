// The commands behind the hover links. Arguments are [documentUri, referenceOffset]; values go to
// the clipboard or the hover only, never to a log or a notification.
import * as vscode from 'vscode';
import type { SecretReference } from '../../core/references/types';
import { COMMANDS } from '../../constants';
import { userSetting } from '../../platform/settings';
import type { ClipboardGuard } from '../../platform/clipboardGuard';
import type { ReferenceService } from './referenceService';

async function referenceFrom(service: ReferenceService, uri: unknown, offset: unknown): Promise<SecretReference | undefined> {
  if (typeof uri !== 'string' || typeof offset !== 'number') return undefined;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  return service.referenceAt(document, offset);
}

async function hideHover(): Promise<void> {
  await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
}

/**
 * Shows the hover of the reference again, now revealed. A visible hover only takes focus when asked to
 * show again, so it is closed first; and it opens at the cursor, so the cursor goes onto the reference
 * for as long as it takes to open, then back: the user's cursor and selections are theirs.
 */
async function showHoverAt(uri: string, offset: number): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() !== uri) return;
  const position = editor.document.positionAt(offset + 1);
  const selections = editor.selections;
  const moved = !editor.selection.contains(position);
  if (moved) editor.selection = new vscode.Selection(position, position);
  try {
    await hideHover();
    await vscode.commands.executeCommand('editor.action.showHover');
  } finally {
    if (moved) editor.selections = selections;
  }
}

export function registerReferenceCommands(service: ReferenceService, clipboard: ClipboardGuard): vscode.Disposable[] {
  let revealTimer: NodeJS.Timeout | undefined;
  const resolved = async (uri: unknown, offset: unknown) => {
    const ref = await referenceFrom(service, uri, offset);
    if (!ref) return undefined;
    const resolution = await service.resolve(ref);
    if (resolution.status !== 'resolved') {
      void vscode.window.showWarningMessage(resolution.message);
      return undefined;
    }
    return { ref, resolution };
  };
  return [
    vscode.commands.registerCommand(COMMANDS.references.revealValue, async (uri: unknown, offset: unknown) => {
      const found = await resolved(uri, offset);
      if (!found) return false;
      const seconds = userSetting('revealSeconds');
      service.reveal(found.ref, seconds);
      await showHoverAt(uri as string, found.ref.offset);
      // The hover does not re-render by itself: close it when the time is up so the value leaves the screen.
      if (revealTimer) clearTimeout(revealTimer);
      revealTimer = setTimeout(() => void hideHover(), seconds * 1000);
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.references.copyValue, async (uri: unknown, offset: unknown) => {
      const found = await resolved(uri, offset);
      if (!found) return false;
      const seconds = await clipboard.copySecret(found.resolution.value);
      vscode.window.setStatusBarMessage(
        seconds > 0 ? `Secret value copied; the clipboard is cleared in ${seconds} s.` : 'Secret value copied.',
        3000,
      );
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.references.copyReference, async (uri: unknown, offset: unknown) => {
      const ref = await referenceFrom(service, uri, offset);
      if (!ref) return false;
      await vscode.env.clipboard.writeText(ref.kind === 'self-hosted' ? (ref.path ?? '') : ref.raw);
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.references.openInSecretsView, async (uri: unknown, offset: unknown) => {
      const ref = await referenceFrom(service, uri, offset);
      const resolution = ref ? await service.resolve(ref) : undefined;
      // A missing secret opens where it would be (the store or its deepest folder), to write it there.
      const target = resolution?.status === 'resolved' || resolution?.code === 'secret-not-found' ? resolution.target : null;
      if (!target) {
        if (resolution?.status === 'failed') void vscode.window.showWarningMessage(resolution.message);
        return false;
      }
      return vscode.commands.executeCommand(COMMANDS.views.revealSecret, target.store, target.path);
    }),
    { dispose: () => revealTimer && clearTimeout(revealTimer) },
  ];
}
