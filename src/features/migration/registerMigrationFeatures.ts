// Registers Write Secret, Migrate Connection and the migration preview documents (the `inline-secret`
// quick fix that runs Migrate Connection is registered with the reference diagnostics). Each command returns its result so tests and other features can use it.
import type { Services } from '../../services';
import { whenTrusted } from '../stores/workspaceTrust';
import * as vscode from 'vscode';
import { COMMANDS, PREVIEW_SCHEME } from '../../constants';
import { showStoreError } from '../stores/storeErrors';
import { createInterruptedMigrations, InterruptedMigrationsApi } from './interruptedMigrations';
import { migrateConnection } from './migrateConnection';
import { MigrationDecisions } from './migrationDecision';
import { MigrationPreviewProvider } from './migrationPreview';
import { writeSecret } from './writeSecret';

export function registerMigrationFeatures(
  context: vscode.ExtensionContext,
  services: Services,
): { interruptedMigrations: InterruptedMigrationsApi; migrationDecisions: MigrationDecisions } {
  // Arguments that answer a question stand in for the user only in the extension's own tests.
  const previews = new MigrationPreviewProvider();
  const decisions = new MigrationDecisions();
  const interruptedMigrations = createInterruptedMigrations(services);
  const guarded =
    <T>(action: string, body: (args: unknown) => Promise<T>) =>
    async (args: unknown): Promise<T | undefined> => {
      try {
        return await body(args);
      } catch (error) {
        // Programmatic callers (tests, other features) that name the store get the error itself.
        if (args && typeof args === 'object' && 'store' in args) {
          services.log.error(`${action}: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
        // Store and plan errors name the store and secret and never carry a value.
        showStoreError(services, error, action);
        return undefined;
      }
    };
  context.subscriptions.push(
    previews,
    decisions,
    vscode.commands.registerCommand(COMMANDS.migration.accept, () => decisions.accept()),
    vscode.commands.registerCommand(COMMANDS.migration.cancel, () => decisions.cancel()),
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand(
      COMMANDS.migration.writeSecret,
      whenTrusted(
        'Write Secret',
        guarded('Write Secret', (args) => writeSecret(services, args)),
      ),
    ),
    vscode.commands.registerCommand(
      COMMANDS.migration.migrateConnection,
      whenTrusted(
        'Migrate Connection',
        guarded('Migrate Connection', (args) => migrateConnection(services, previews, interruptedMigrations, decisions, args)),
      ),
    ),
  );
  // A run cut short last time (extension host stopped mid-batch) is reported once the window is up.
  void interruptedMigrations
    .check()
    .catch((error: unknown) => services.log.error(`Interrupted migrations: ${error instanceof Error ? error.message : String(error)}`));
  return { interruptedMigrations, migrationDecisions: decisions };
}
