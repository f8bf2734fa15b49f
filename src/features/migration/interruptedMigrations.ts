// Migration runs cut short (the extension host or VS Code stopped mid-batch): each run keeps a journal
// in the CLI's folder (core/journalFolder.ts); one left behind is reported at the next activation, with what the file and the
// store hold now, and the user chooses to remove the run's unreferenced secrets or keep them.
import type { Services } from '../../services';
import * as vscode from 'vscode';
import { journalFolder } from '../../core/journalFolder';
import { discardJournal, JournalRecord, openPlanJournal, readJournals } from '../../core/migration/journal';
import type { MigrationJournal } from '../../core/migration/journal';
import type { MigrationPlan } from '../../core/migration/types';
import { assessInterruptedRun, InterruptedRun, removeUnreferenced } from '../../core/migration/recovery';

export interface InterruptedMigrationsApi {
  /** Where the journals live: the CLI's folder (core/journalFolder). */
  readonly dir: string;
  /** Starts a journal for a run about to write. */
  begin(plan: MigrationPlan, sourceUri: vscode.Uri): MigrationJournal;
  /** Looks for journals left behind and asks the user about each; resolves with what it found. */
  check(): Promise<InterruptedRun[]>;
}

async function currentText(record: JournalRecord): Promise<string | undefined> {
  const uri = record.header.sourceUri ? vscode.Uri.parse(record.header.sourceUri) : vscode.Uri.file(record.header.source);
  try {
    // The editor's text when the file is open (an unsaved migration edit counts), else the disk's.
    return (await vscode.workspace.openTextDocument(uri)).getText();
  } catch {
    return undefined;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function createInterruptedMigrations(services: Services): InterruptedMigrationsApi {
  // The CLI's folder: a run cut short in a terminal is found here, and one cut short here by the CLI.
  const dir = journalFolder(process.env);
  let checking: Promise<InterruptedRun[]> | undefined;
  // Journals of runs still going in this extension host are not interrupted ones.
  const running = new Set<string>();

  const handle = async (record: JournalRecord): Promise<InterruptedRun | undefined> => {
    const { store: storeName, source } = record.header;
    const file = vscode.workspace.asRelativePath(source);
    const text = await currentText(record);
    let run: InterruptedRun;
    try {
      run = await assessInterruptedRun(record, await services.stores.get(storeName), text);
    } catch (error) {
      // Unreachable store, signed out, config gone: keep the journal and ask again next time.
      services.log.warn(
        `Interrupted migration of ${file} to "${storeName}": could not check the store now (${error instanceof Error ? error.message : String(error)}). Asking again at the next start.`,
      );
      return undefined;
    }
    const count = (state: string) => run.leftovers.filter((l) => l.state === state).length;
    const unreferenced = run.leftovers.filter((l) => l.state === 'unreferenced');
    for (const l of run.leftovers)
      services.log.info(`Interrupted migration of ${file} to "${storeName}": ${l.name} (${l.secretPath}): ${l.state}`);
    if (unreferenced.length === 0) {
      discardJournal(record);
      services.log.info(`Interrupted migration of ${file} to "${storeName}": nothing left to clean up.`);
      return run;
    }
    const inline =
      text === undefined ? '' : ` No credential was lost: connections not migrated still hold their credentials inline in the file.`;
    const migrated = count('referenced')
      ? ` ${plural(count('referenced'), 'connection')} did migrate (the file references ${count('referenced') === 1 ? 'its secret' : 'their secrets'}).`
      : '';
    const message =
      `A migration of ${file} to "${storeName}" was interrupted before it finished (VS Code's extension host stopped).${inline}${migrated} ` +
      `${plural(unreferenced.length, 'secret')} it wrote to "${storeName}" ${unreferenced.length === 1 ? 'is' : 'are'} not referenced by the file.`;
    const remove = `Remove ${plural(unreferenced.length, 'Unreferenced Secret')}`;
    const keep = 'Keep Them';
    if (text === undefined) {
      // Without the file we cannot tell what is referenced: never remove anything then.
      void vscode.window
        .showWarningMessage(`${message} ${file} could not be read, so nothing is removed; see the log for the secret names.`, 'Show Log')
        .then((c) => c && services.log.show());
      return run;
    }
    const choice = await vscode.window.showWarningMessage(message, remove, keep, 'Show Log');
    if (choice === 'Show Log') services.log.show();
    if (choice === keep) {
      discardJournal(record);
      services.log.info(`Interrupted migration of ${file}: kept ${unreferenced.map((l) => l.secretPath).join(', ')} in "${storeName}".`);
    }
    if (choice === remove) {
      // Assess again right before removing: the file may have changed while the question was open.
      const fresh = await assessInterruptedRun(record, await services.stores.get(storeName), await currentText(record));
      const result = await removeUnreferenced(fresh, await services.stores.get(storeName));
      for (const p of result.removed) services.log.info(`Interrupted migration of ${file}: removed ${p} from "${storeName}".`);
      if (result.failed.length === 0) {
        discardJournal(record);
        void vscode.window.showInformationMessage(
          `Removed ${plural(result.removed.length, 'unreferenced secret')} from "${storeName}". ${file} is unchanged.`,
        );
      } else {
        void vscode.window.showWarningMessage(
          `Could not remove ${plural(result.failed.length, 'secret')} from "${storeName}" (${result.failed.join(', ')}); asking again at the next start. Check the store's permissions or remove ${result.failed.length === 1 ? 'it' : 'them'} by hand.`,
        );
      }
    }
    return run;
  };

  return {
    dir,
    begin: (plan, sourceUri) => {
      const journal = openPlanJournal(dir, plan, plan.source, sourceUri.toString());
      running.add(journal.file);
      return {
        ...journal,
        close: () => {
          journal.close();
          running.delete(journal.file);
        },
      };
    },
    check: () => {
      // One check at a time: activation and a test may both ask.
      checking ??= (async () => {
        const { records, unreadable } = readJournals(dir);
        for (const file of unreadable) services.log.warn(`Migration journal ${file} could not be read; remove it by hand.`);
        const runs: InterruptedRun[] = [];
        for (const record of records.filter((r) => !running.has(r.file))) {
          const run = await handle(record);
          if (run) runs.push(run);
        }
        return runs;
      })().finally(() => {
        checking = undefined;
      });
      return checking;
    },
  };
}
