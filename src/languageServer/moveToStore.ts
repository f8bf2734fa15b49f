// "Move to a secret store…" in the language server: the quick fix of an inline-secret warning is a
// command the client runs (workspace/executeCommand). Nothing is written before the user picks a store
// in the client's own prompt (window/showMessageRequest, which names each destination); then the same
// plan and per-connection transaction as the editor and `secretref migrate`, the file rewritten through
// workspace/applyEdit, only if its text is still the planned one. No value goes over the protocol.
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { journalFolder } from '../core/journalFolder';
import { executeMigration, type MigrationDocument } from '../core/migration/executor';
import { openPlanJournal } from '../core/migration/journal';
import { planMigration, PlanError } from '../core/migration/planner';
import { countOutcomes } from '../core/migration/report';
import { targetFromStoreConfig } from '../core/migration/target';
import { hashText } from '../core/migration/textEdits';
import { destinationText, storeDestination } from '../core/stores/destination';
import type { LoadedStores } from './serverOptions';
import { type OpenDocument, uriPath } from './serverDocuments';
import { showMessage, toRange } from './protocol';

export interface MoveArguments {
  uri: string;
  /** The connection to migrate (`[3]` or a named entry's key); absent: the whole credential document. */
  connection?: string;
}

export function isMoveArguments(value: unknown): value is MoveArguments {
  if (typeof value !== 'object' || value === null) return false;
  const { uri, connection } = value as Record<string, unknown>;
  return typeof uri === 'string' && (connection === undefined || typeof connection === 'string');
}

const CANCEL = 'Cancel';

/** The open document as the executor writes it: one versioned workspace edit, refused when the text moved on. */
function clientDocument(connection: Connection, document: OpenDocument): MigrationDocument {
  return {
    read: async () => ({ text: document.text.getText(), version: document.text.version }),
    apply: async (edits, base) => {
      if (base.baseVersion !== undefined && document.text.version !== base.baseVersion) return false;
      if (hashText(document.text.getText()) !== base.baseHash) return false;
      const result = await connection.workspace.applyEdit({
        label: 'Move to a secret store',
        edit: {
          documentChanges: [
            {
              textDocument: { uri: document.text.uri, version: document.text.version },
              edits: edits.map((e) => ({ range: toRange(document.text, e.offset, e.length), newText: e.content })),
            },
          ],
        },
      });
      return result.applied;
    },
  };
}

export async function moveToStore(
  connection: Connection,
  document: OpenDocument,
  args: MoveArguments,
  stores: LoadedStores,
  credentialFiles: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const file = uriPath(document.text.uri);
  const what = args.connection ? `connection ${args.connection} of ${path.basename(file)}` : path.basename(file);
  if (stores.configs.length === 0) {
    showMessage(
      connection,
      'error',
      `No store config to move ${what} to: set initializationOptions.stores to a stores file (the shape of the secretref.stores setting).`,
    );
    return;
  }
  const destinations = stores.configs.map((config) => `${config.name}: ${destinationText(storeDestination(config, stores.source))}`);
  // showWarningMessage with actions is window/showMessageRequest: the client shows it and answers with the pick.
  const picked = await connection.window.showWarningMessage(
    `Move the inline secrets of ${what} to a secret store? Each is written to the store you pick, read back, and replaced by a reference; nothing is written until you pick. ${destinations.join('; ')}`,
    ...stores.configs.map((config) => ({ title: config.name })),
    { title: CANCEL },
  );
  const config = stores.configs.find((c) => c.name === picked?.title);
  if (!config) return; // Cancelled or dismissed: nothing written.
  const kvVersion = config.kind === 'vault' ? await stores.manager.vaultKvVersion(config.name).catch(() => undefined) : undefined;
  let plan;
  try {
    plan = planMigration({
      source: file,
      text: document.text.getText(),
      version: document.text.version,
      credentialFiles,
      target: targetFromStoreConfig(config, { kvVersion }),
      select: args.connection ? [args.connection] : undefined,
      model: document.model,
    });
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    showMessage(connection, 'error', `Nothing was moved: ${error.message}`);
    return;
  }
  const store = await stores.manager.get(config.name);
  const journal = openPlanJournal(journalFolder(env), plan, file, document.text.uri);
  try {
    const report = await executeMigration(plan, store, clientDocument(connection, document), { journal });
    const counts = countOutcomes(report);
    const failed = report.outcomes.filter((o) => o.status === 'failed').map((o) => `${o.name || what}: ${o.message ?? 'failed'}`);
    if (failed.length > 0 || !report.applied) {
      showMessage(
        connection,
        'error',
        `Moved ${counts.migrated} of ${report.outcomes.length} to "${config.name}"; ${failed.join('; ') || (report.documentChanged ? 'the file changed meanwhile: nothing was rewritten' : 'the file was not rewritten')}.`,
      );
    } else {
      showMessage(
        connection,
        'info',
        `Moved ${counts.migrated} connection(s) of ${what} to "${config.name}": the file holds references now.`,
      );
    }
  } finally {
    journal.close();
  }
}
