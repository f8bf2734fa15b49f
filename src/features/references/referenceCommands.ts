// The commands behind the hover links. Arguments are [documentUri, referenceOffset]; values go to
// the clipboard or the hover only, never to a log or a notification.
import * as vscode from 'vscode';
import type { SecretReference } from '../../core/references/types';
import { OPEN_IN_VIEW_TARGET, REFERENCE_COMMANDS, REFERENCE_SETTINGS } from '../../constants';
import type { ReferenceService } from './referenceService';

async function referenceFrom(service: ReferenceService, uri: unknown, offset: unknown): Promise<SecretReference | undefined> {
  if (typeof uri !== 'string' || typeof offset !== 'number') return undefined;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  return service.referenceAt(document, offset);
}

export function registerReferenceCommands(service: ReferenceService): vscode.Disposable[] {
  let clipboardTimer: NodeJS.Timeout | undefined;
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
    vscode.commands.registerCommand(REFERENCE_COMMANDS.revealValue, async (uri: unknown, offset: unknown) => {
      const found = await resolved(uri, offset);
      if (!found) return false;
      service.reveal(found.ref, service.setting(REFERENCE_SETTINGS.revealSeconds, 5));
      // Re-open the hover so it shows the value now; it masks itself again once the time is up.
      void vscode.commands.executeCommand('editor.action.showHover');
      return true;
    }),
    vscode.commands.registerCommand(REFERENCE_COMMANDS.copyValue, async (uri: unknown, offset: unknown) => {
      const found = await resolved(uri, offset);
      if (!found) return false;
      const value = found.resolution.value;
      await vscode.env.clipboard.writeText(value);
      const seconds = service.setting(REFERENCE_SETTINGS.clipboardClearSeconds, 30);
      if (clipboardTimer) clearTimeout(clipboardTimer);
      if (seconds > 0) {
        clipboardTimer = setTimeout(() => {
          void vscode.env.clipboard.readText().then((current) => (current === value ? vscode.env.clipboard.writeText('') : undefined));
        }, seconds * 1000);
      }
      vscode.window.setStatusBarMessage(`Secret value copied; the clipboard is cleared in ${seconds} s.`, 3000);
      return true;
    }),
    vscode.commands.registerCommand(REFERENCE_COMMANDS.copyReference, async (uri: unknown, offset: unknown) => {
      const ref = await referenceFrom(service, uri, offset);
      if (!ref) return false;
      await vscode.env.clipboard.writeText(ref.kind === 'self-hosted' ? (ref.path ?? '') : ref.raw);
      return true;
    }),
    vscode.commands.registerCommand(REFERENCE_COMMANDS.openInSecretsView, async (uri: unknown, offset: unknown) => {
      const found = await resolved(uri, offset);
      if (!found) return false;
      return vscode.commands.executeCommand(OPEN_IN_VIEW_TARGET, found.resolution.target.store, found.resolution.target.path);
    }),
    { dispose: () => clipboardTimer && clearTimeout(clipboardTimer) },
  ];
}
