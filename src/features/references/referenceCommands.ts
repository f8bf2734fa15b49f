// The commands behind the hover links. A link passes the reference (ReferenceArgument: its text and
// place); a caller may pass (documentUri, offset) instead, and the Command Palette nothing (the
// reference at the cursor). Values go to the clipboard or the hover only, never to a log or a notification.
import * as vscode from 'vscode';
import { scanReferences } from '../../core/references/scanner';
import type { SecretReference } from '../../core/references/types';
import { COMMANDS } from '../../constants';
import { userSetting } from '../../platform/settings';
import type { ClipboardGuard } from '../../platform/clipboardGuard';
import type { ReferenceService } from './referenceService';

/** What a hover link passes: the reference itself (its text) and where it sits, so nothing is re-scanned. */
export interface ReferenceArgument {
  uri: string;
  offset: number;
  raw: string;
}

export function referenceArgument(uri: string, ref: SecretReference): ReferenceArgument {
  return { uri, offset: ref.offset, raw: ref.raw };
}

function isReferenceArgument(value: unknown): value is ReferenceArgument {
  const arg = value as Partial<ReferenceArgument> | undefined;
  return (
    typeof arg === 'object' && arg !== null && typeof arg.uri === 'string' && typeof arg.offset === 'number' && typeof arg.raw === 'string'
  );
}

/**
 * The reference a command is about: a hover link's reference (its text parsed again: only a real
 * reference is acted on), a caller's `(uri, offset)` (the document is scanned, held by version), or,
 * from the Command Palette with no arguments, the reference under the active editor's cursor.
 */
async function referenceFrom(
  service: ReferenceService,
  first: unknown,
  second: unknown,
): Promise<{ uri: string; ref: SecretReference } | undefined> {
  if (isReferenceArgument(first)) {
    const [parsed] = scanReferences(first.raw).references;
    if (!parsed || parsed.offset !== 0 || parsed.length !== first.raw.length) return undefined;
    return { uri: first.uri, ref: { ...parsed, offset: first.offset } };
  }
  if (typeof first === 'string' && typeof second === 'number') {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(first));
    const ref = service.referenceAt(document, second);
    return ref ? { uri: first, ref } : undefined;
  }
  const editor = first === undefined ? vscode.window.activeTextEditor : undefined;
  if (!editor) return undefined;
  const ref = service.referenceAt(editor.document, editor.document.offsetAt(editor.selection.active));
  return ref ? { uri: editor.document.uri.toString(), ref } : undefined;
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
  const resolved = async (first: unknown, second: unknown) => {
    const found = await referenceFrom(service, first, second);
    if (!found) return undefined;
    const resolution = await service.state.resolve(found.ref);
    if (resolution.status !== 'resolved') {
      void vscode.window.showWarningMessage(resolution.message);
      return undefined;
    }
    return { ...found, resolution };
  };
  return [
    vscode.commands.registerCommand(COMMANDS.references.revealValue, async (first: unknown, second: unknown) => {
      const found = await resolved(first, second);
      if (!found) return false;
      const seconds = userSetting('revealSeconds');
      service.state.reveal(found.ref, seconds);
      await showHoverAt(found.uri, found.ref.offset);
      // The hover does not re-render by itself: close it when the time is up so the value leaves the screen.
      if (revealTimer) clearTimeout(revealTimer);
      revealTimer = setTimeout(() => void hideHover(), seconds * 1000);
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.references.copyValue, async (first: unknown, second: unknown) => {
      const found = await resolved(first, second);
      if (!found) return false;
      const seconds = await clipboard.copySecret(found.resolution.value);
      vscode.window.setStatusBarMessage(
        seconds > 0 ? `Secret value copied; the clipboard is cleared in ${seconds} s.` : 'Secret value copied.',
        3000,
      );
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.references.copyReference, async (first: unknown, second: unknown) => {
      const ref = (await referenceFrom(service, first, second))?.ref;
      if (!ref) return false;
      await vscode.env.clipboard.writeText(ref.kind === 'self-hosted' ? (ref.path ?? '') : ref.raw);
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.references.openInSecretsView, async (first: unknown, second: unknown) => {
      const ref = (await referenceFrom(service, first, second))?.ref;
      const resolution = ref ? await service.state.resolve(ref) : undefined;
      // A missing secret opens where it would be (the store or its deepest folder), to write it there.
      const target = resolution?.status === 'resolved' || resolution?.code === 'secret-not-found' ? resolution.target : null;
      if (!target) {
        if (resolution?.status === 'failed') void vscode.window.showWarningMessage(resolution.message);
        return false;
      }
      return vscode.commands.executeCommand(COMMANDS.views.revealSecret, target.store, target.path);
    }),
    vscode.commands.registerCommand(COMMANDS.references.rotateNow, async (first: unknown, second: unknown) => {
      const ref = (await referenceFrom(service, first, second))?.ref;
      const found = ref ? service.state.targetOf(ref) : undefined;
      if (!found || 'problem' in found) return false;
      // The tree's action: it reads the rotation, confirms naming the store and the secret, then rotates.
      return vscode.commands.executeCommand(COMMANDS.views.rotateNow, { store: found.target.store, path: found.target.path });
    }),
    { dispose: () => revealTimer && clearTimeout(revealTimer) },
  ];
}
