// Move / Rename… a secret or one key of it, from the Secrets view and from F2 on a reference, on the core
// move (core/move): the destination store and its config's source are named before anything is written,
// the copy is made and verified by hash, every reference is rewritten in one previewed, undoable
// WorkspaceEdit, and the old secret is removed only after a modal naming it. A move cut short (the store
// died between copy and delete, the window closed) is journalled; the next start offers to finish it or
// roll it back (interruptedMoves.ts).
import * as vscode from 'vscode';
import { describeCopy, executeMove } from '../../core/move/moveExecutor';
import { checkMoveRequest, MoveRequest, spotText } from '../../core/move/movePlan';
import { describeStoreTarget } from '../../core/stores';
import type { Services } from '../../services';
import { showStoreError } from '../stores/storeErrors';
import { editorMoveFiles, moveTitle } from './editorMoveFiles';
import { InterruptedMovesApi } from './interruptedMoves';

export interface MoveOptions {
  /** The destination: a path, or `<path>.<key>` for a key (the extension's own tests only: `path` is a test-only option). */
  path?: string;
  /** Skip the two modals (this extension's own tests only). */
  confirmed?: boolean;
  /** false: apply the rewrite without the Refactor Preview (this extension's own tests only). */
  preview?: boolean;
}

/** The request a typed destination means: a secret's new path, or a key's `[<path>].<key>`. */
export function requestFor(store: string, kind: 'vault' | 'aws', from: { path: string; key?: string }, typed: string): MoveRequest {
  if (from.key === undefined) return checkMoveRequest({ store, kind, from, to: { path: typed.trim() } });
  const dot = typed.lastIndexOf('.');
  const to =
    dot === -1
      ? { path: from.path, key: typed.trim() }
      : { path: dot === 0 ? from.path : typed.slice(0, dot).trim(), key: typed.slice(dot + 1).trim() };
  return checkMoveRequest({ store, kind, from, to });
}

/** Asks for the destination, naming the store and where its config comes from. */
export async function askDestination(services: Services, store: string, from: { path: string; key?: string }): Promise<string | undefined> {
  const config = services.stores.config(store);
  if (!config) return undefined;
  const isKey = from.key !== undefined;
  return vscode.window.showInputBox({
    title: `Move / Rename ${store}:${spotText(from)}`,
    prompt: `${isKey ? 'New key name, or <path>.<key> to move it to another secret' : config.kind === 'aws' ? 'New secret name' : 'New secret path'}, in ${describeStoreTarget(config)}`,
    value: isKey ? from.key : from.path,
    valueSelection: undefined,
    validateInput: (typed) => {
      try {
        requestFor(store, config.kind, from, typed);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
}

/**
 * Runs a move with the user: the modal naming the destination, the copy, the previewed rewrite, then the
 * delete modal. Resolves true when the move completed (the old secret removed or, on the user's word, kept).
 */
export async function runMove(
  services: Services,
  moves: InterruptedMovesApi,
  request: MoveRequest,
  options: MoveOptions = {},
): Promise<boolean> {
  const title = moveTitle(request);
  const config = services.stores.config(request.store);
  if (!config) {
    services.log.warn(`${title}: no store config named "${request.store}".`);
    return false;
  }
  try {
    const store = await services.stores.get(request.store);
    const copy = await describeCopy(store, request);
    const files = editorMoveFiles(services.referenceIndex, { preview: options.preview });
    const preview = await files.plan(request, undefined);
    services.log.info(`${title}: ${copy.summary}; ${preview.count} reference(s) in ${preview.files.length} file(s) to rewrite.`);
    if (options.confirmed !== true) {
      const detail = [
        `Written to ${describeStoreTarget(config)}.`,
        `Then: ${copy.summary}, read back and compared by hash.`,
        `${preview.count} reference(s) in ${preview.files.length} file(s) are rewritten: tick them in the Refactor Preview and apply (discarding it removes the copy again).`,
        ...copy.notes,
        ...preview.notes,
        `The old secret is removed only after you confirm it.`,
      ].join('\n\n');
      if ((await vscode.window.showWarningMessage(`${title}?`, { modal: true, detail }, 'Move')) !== 'Move') return false;
    }
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, (progress) =>
      executeMove(store, request, files, {
        journalDir: moves.dir,
        root: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '',
        onStep: (step) => progress.report({ message: step }),
        confirmDelete: async () => {
          if (options.confirmed === true) return true;
          const detail = `The copy at "${spotText(request.to)}" is verified and every reference now reads it.${
            request.kind === 'aws'
              ? ' The old secret is scheduled for deletion with its recovery window.'
              : ' This removes the old secret with all its versions.'
          }`;
          const button = 'Remove Old Secret';
          return (
            (await vscode.window.showWarningMessage(
              `Remove "${spotText(request.from)}" from store "${request.store}"?`,
              { modal: true, detail },
              button,
            )) === button
          );
        },
      }),
    );
    if (files.declined) {
      services.log.info(`${title}: the preview was discarded; rolling back the copy.`);
      // The preview was discarded: nothing reads the copy, so it goes again.
      await moves.rollBackLatest(store);
      void vscode.window.showInformationMessage(`${title}: cancelled; the copy was removed, nothing changed.`);
      return false;
    }
    if (outcome.stale.length > 0) {
      services.log.warn(`${title}: not rewritten, changed while moving: ${outcome.stale.join(', ')}.`);
      void vscode.window.showWarningMessage(
        `${title}: ${outcome.stale.length} file(s) changed while moving and were not rewritten (${outcome.stale.join(', ')}). The old secret is kept; run the move's Finish at the next start, or move again.`,
      );
      return false;
    }
    services.stores.refresh(request.store);
    services.log.info(
      `${title}: done; ${outcome.referenceCount} reference(s) rewritten, the old secret ${outcome.deleted ? 'removed' : 'kept'}.`,
    );
    const notes = [...outcome.notes].join(' ');
    void vscode.window.showInformationMessage(
      `${title}: ${outcome.referenceCount} reference(s) in ${outcome.rewritten.length} file(s) rewritten; the old secret ${outcome.deleted ? 'removed' : 'kept'}.${notes ? ` ${notes}` : ''}`,
    );
    return true;
  } catch (error) {
    showStoreError(services, error, title);
    return false;
  }
}
