// Moves cut short (the store died between copy and delete, the window closed mid-move): each move keeps a
// journal beside the migration journals (the CLI's folder, core/journalFolder.ts); one left behind for this workspace
// is reported at the next start with what the store holds now, and the user finishes or rolls it back.
import * as vscode from 'vscode';
import { journalFolder } from '../../core/journalFolder';
import { assessMove, finishMove, MoveOutcome, rollBackMove } from '../../core/move/moveExecutor';
import { MoveRecord, readMoveJournals } from '../../core/move/moveJournal';
import { spotText } from '../../core/move/movePlan';
import type { SecretStore } from '../../core/stores/types';
import type { Services } from '../../services';
import { commandOptions } from '../../platform/testHooks';
import { showStoreError } from '../stores/storeErrors';
import { editorMoveFiles } from './editorMoveFiles';

export type MoveRecoveryChoice = 'finish' | 'roll-back' | 'later';

export interface InterruptedMovesApi {
  /** Where the journals live: the CLI's folder (core/journalFolder). */
  readonly dir: string;
  /** Looks for moves of this workspace left unfinished and asks about each (`answer`: the extension's own tests). */
  check(
    answer?: MoveRecoveryChoice,
    options?: { preview?: boolean },
  ): Promise<{ record: MoveRecord; choice: MoveRecoveryChoice; outcome?: MoveOutcome }[]>;
  /** Rolls back the latest move of this workspace (its preview was discarded). */
  rollBackLatest(store: SecretStore): Promise<void>;
}

export function createInterruptedMoves(services: Services): InterruptedMovesApi {
  // The CLI's folder: a run cut short in a terminal is found here, and one cut short here by the CLI.
  const dir = journalFolder(process.env);
  const root = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const ours = () => readMoveJournals(dir).records.filter((r) => r.header.root === root());

  const resolve = async (record: MoveRecord, choice: MoveRecoveryChoice, store: SecretStore, preview?: boolean) => {
    const run = await assessMove(record, store);
    const files = editorMoveFiles(services.referenceIndex, { preview });
    if (choice === 'finish') {
      return finishMove(run, store, files, {
        confirmDelete: async () => {
          const button = 'Remove Old Secret';
          const { request } = record.header;
          return (
            (await vscode.window.showWarningMessage(
              `Remove "${spotText(request.from)}" from store "${request.store}"?`,
              { modal: true, detail: `The copy at "${spotText(request.to)}" is verified and every reference now reads it.` },
              button,
            )) === button
          );
        },
      });
    }
    return rollBackMove(run, store, files);
  };

  return {
    dir,
    async check(answer, optionsArg) {
      // `preview: false` (applying the rewrite without the Refactor Preview) is for the extension's own tests only.
      const { preview } = commandOptions(optionsArg ?? {});
      const results: { record: MoveRecord; choice: MoveRecoveryChoice; outcome?: MoveOutcome }[] = [];
      for (const record of ours()) {
        const { request } = record.header;
        const title = `Move of ${request.store}:${spotText(request.from)}`;
        try {
          const store = await services.stores.get(request.store);
          const run = await assessMove(record, store);
          services.log.info(run.summary);
          const picked = answer ? undefined : await vscode.window.showWarningMessage(run.summary, 'Finish Move', 'Roll Back');
          const choice: MoveRecoveryChoice =
            answer ?? (picked === 'Finish Move' ? 'finish' : picked === 'Roll Back' ? 'roll-back' : 'later');
          if (choice === 'later') {
            results.push({ record, choice });
            continue;
          }
          results.push({ record, choice, outcome: await resolve(record, choice, store, preview) });
        } catch (error) {
          // Unreachable store, signed out: keep the journal and ask again next time.
          showStoreError(services, error, title);
          results.push({ record, choice: 'later' });
        }
      }
      return results;
    },
    async rollBackLatest(store) {
      const latest = ours().pop();
      if (latest) await resolve(latest, 'roll-back', store);
    },
  };
}
