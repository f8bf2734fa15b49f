// "Migrate Connection…": plan, preview, an explicit decision (Migrate / Cancel, non-modal, beside the
// wrapped plan), then the per-connection transaction with progress and cancellation. Programmatic
// arguments skip the pickers (the quick fix, the Secrets view): { uri, store, connections, ... };
// `confirmed` and `namePattern` only under the extension's own tests (platform/testHooks).
import type { Services } from '../../services';
import * as vscode from 'vscode';
import { executeMigration } from '../../core/migration/executor';
import { locateConnections } from '../../core/migration/locateConnections';
import { nothingToMigrateText, planToJson, skippedText } from '../../core/migration/planFormat';
import { AssumableRoleNeeded, planMigration } from '../../core/migration/planner';
import { countOutcomes, describeOutcome, MigrationReport } from '../../core/migration/report';
import { ROLE_ARN, targetFromStoreConfig } from '../../core/migration/target';
import type { MigrationPlan } from '../../core/migration/types';
import { userSetting } from '../../platform/settings';
import { documentModel, editorDocument } from './editorDocument';
import type { InterruptedMigrationsApi } from './interruptedMigrations';
import type { MigrationDecisions } from './migrationDecision';
import { MigrationPreviewProvider, showPreview } from './migrationPreview';
import { writeTargetDetail } from '../stores/confirmWrite';
import { isEnabled, pickStore } from '../stores/storePicker';
import { commandOptions } from '../../platform/testHooks';

export interface MigrateArgs {
  /** Document to migrate (URI or string); default the active editor's. */
  uri?: vscode.Uri | string;
  store?: string;
  /** Connection names or locations (`[3]`); default: ask (connections file) or the whole document. */
  connections?: string[];
  /** Skip the preview and the decision: honoured only in the extension's own tests. */
  confirmed?: boolean;
  /** Show the preview and return the plan (keys and artefacts only), writing nothing. */
  previewOnly?: boolean;
  namePattern?: string;
  assumableRole?: string;
  externalId?: string;
  schema?: string;
  concurrency?: number;
}

function asArgs(value: unknown): MigrateArgs {
  return commandOptions(
    value && typeof value === 'object' && !(value instanceof vscode.Uri)
      ? (value as MigrateArgs)
      : value instanceof vscode.Uri
        ? { uri: value }
        : {},
  );
}

async function targetDocument(args: MigrateArgs): Promise<vscode.TextDocument | undefined> {
  if (args.uri) return vscode.workspace.openTextDocument(typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri);
  return vscode.window.activeTextEditor?.document;
}

async function pickConnections(services: Services, document: vscode.TextDocument): Promise<string[] | undefined | null> {
  const located = locateConnections(documentModel(services, document));
  if (located.shape === 'document') return null;
  const items = located.connections.map((c) => ({
    label: c.name,
    description: `${c.schema ?? 'unknown type'} ${c.location}`,
    picked: true,
    location: c.location,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'Connections to migrate',
    placeHolder: `${items.length} connection(s)`,
  });
  if (!picked || picked.length === 0) return undefined;
  return picked.map((p) => p.location);
}

/** The role Monte Carlo assumes to read the secret, when neither the arguments nor the store config give one. */
async function askAssumableRole(store: string): Promise<string | undefined> {
  const role = await vscode.window.showInputBox({
    title: `Role Monte Carlo assumes to read the secret (store "${store}")`,
    prompt: 'The self-hosted block and the montecarlo command need assumable_role. Set roleArn in the store config to skip this question.',
    placeHolder: 'arn:aws:iam::123456789012:role/monte-carlo-secrets',
    ignoreFocusOut: true,
    validateInput: (value) => (ROLE_ARN.test(value.trim()) ? undefined : 'An IAM role ARN: arn:aws:iam::<12-digit account>:role/<name>'),
  });
  return role?.trim() || undefined;
}

export async function migrateConnection(
  services: Services,
  previews: MigrationPreviewProvider,
  journals: Pick<InterruptedMigrationsApi, 'begin'>,
  decisions: MigrationDecisions,
  rawArgs: unknown,
): Promise<MigrationReport | ReturnType<typeof planToJson> | undefined> {
  const args = asArgs(rawArgs);
  const document = await targetDocument(args);
  if (!document) {
    void vscode.window.showWarningMessage('Open a credential document or a connections file to migrate.');
    return undefined;
  }
  const config = await pickStore(services, args.store, 'Migrate credentials to a secret store', {
    filter: isEnabled,
    throwOnUnknown: true,
    skipWhenOne: true,
    placeHolder: 'Store to write to',
  });
  if (!config) return undefined;
  let select = args.connections;
  if (!select && !args.confirmed && !args.previewOnly) {
    const picked = await pickConnections(services, document);
    if (picked === undefined) return undefined;
    select = picked ?? undefined;
  }
  // The KV version picks the policy path and lets KV v2 create atomically (cas 0).
  const kvVersion = config.kind === 'vault' ? await services.stores.vaultKvVersion(config.name).catch(() => undefined) : undefined;
  const targetOptions = { externalId: args.externalId, trustedAccountId: userSetting('trustedAccountId'), kvVersion };
  const planFor = (assumableRole: string | undefined) =>
    planMigration({
      source: document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString(),
      text: document.getText(),
      version: document.version,
      schema: args.schema,
      credentialFiles: services.documents.credentialFiles(document.uri),
      target: targetFromStoreConfig(config, { ...targetOptions, assumableRole }),
      namePattern: args.namePattern ?? userSetting('secretNamePattern'),
      select,
      // The model the editor holds, unless the command names another schema than the one it detected.
      model: args.schema ? undefined : services.documents.get(document),
    });
  let plan: MigrationPlan;
  try {
    plan = planFor(args.assumableRole);
  } catch (error) {
    // Asked, not guessed: without a role the rewritten file would fail check (tests and previews get the refusal).
    if (!(error instanceof AssumableRoleNeeded) || args.confirmed || args.previewOnly) throw error;
    const assumableRole = await askAssumableRole(config.name);
    if (!assumableRole) {
      void vscode.window.showInformationMessage(`Migration cancelled: ${error.message}`);
      return undefined;
    }
    plan = planFor(assumableRole);
  }
  const ready = plan.connections.filter((c) => c.status === 'ready');
  if (ready.length === 0) {
    void vscode.window.showInformationMessage(nothingToMigrateText(plan));
    return undefined;
  }
  if (args.previewOnly) {
    await showPreview(previews, plan, 'This is a preview only: run "Migrate Connection to a Secret Store…" to migrate.');
    return planToJson(plan);
  }
  if (!args.confirmed) {
    const shown = await showPreview(previews, plan);
    const migrate = await decisions.ask(
      `Create ${ready.length} secret(s) in "${config.name}" and rewrite ${vscode.workspace.asRelativePath(document.uri)}? ` +
        `Read the plan first: nothing is written until you choose Migrate. ${writeTargetDetail(config)}`,
      [shown.plan, shown.after],
    );
    if (!migrate) {
      void vscode.window.showInformationMessage(`Migration cancelled: nothing was written to "${config.name}" and the file is unchanged.`);
      return undefined;
    }
  }
  const store = await services.stores.get(config.name);
  // Kept until the report is in hand: if the extension host dies mid-batch, the next start cleans up.
  const journal = journals.begin(plan, document.uri);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Migrating to "${config.name}"`, cancellable: true },
    (progress, token) =>
      executeMigration(plan, store, editorDocument(document), {
        concurrency: args.concurrency ?? 4,
        isCancelled: () => token.isCancellationRequested,
        onProgress: (p) => progress.report({ increment: 100 / p.total, message: `${p.done}/${p.total} ${p.outcome.name}` }),
        journal,
      }),
  );
  journal.close();
  for (const outcome of report.outcomes)
    services.log.info(`Migrate ${document.uri.fsPath || document.uri.toString()}: ${describeOutcome(outcome)}`);
  const counts = countOutcomes(report);
  const summary = `${counts.migrated} migrated, ${counts.failed} failed, ${skippedText(report)}${counts.cancelled ? `, ${counts.cancelled} cancelled` : ''}${counts['not-attempted'] ? `, ${counts['not-attempted']} not attempted` : ''}.`;
  if (!args.confirmed) {
    // The artefacts now carry the real ARNs: show them with the report.
    const uri = previews.addReport(report);
    void vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
    });
  }
  if (counts.failed + counts['not-attempted'] > 0 || report.documentChanged) {
    void vscode.window
      .showWarningMessage(
        `Migration to "${config.name}": ${summary}${report.documentChanged ? ' The document changed; preview again.' : ''}`,
        'Show Log',
      )
      .then((choice) => {
        if (choice) services.log.show();
      });
  } else {
    void vscode.window.showInformationMessage(`Migration to "${config.name}": ${summary} Undo restores the previous text.`);
  }
  return report;
}
