// "Compare Environments": the editor's `secretref drift` on two files or two folders (the explorer's
// selection of two, or picked in a dialog), through the Secret Stores of the settings (the store manager
// the rest of the editor uses: workspace configs only as trusted and approved). The report opens as a
// read-only document (`secretref-drift:`) holding names, key names and hashes salted per run; never a value.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DRIFT_SCHEME } from '../../constants';
import { compareEnvironments as compare } from '../../core/references/drift';
import { collectDriftInput, driftText, readDriftSide } from '../../core/references/driftSides';
import { EMPTY_PROJECT_CONFIG, readProjectConfig, type ProjectConfig } from '../../core/workspace/projectConfig';
import type { Services } from '../../services';
import { readReferenceSettings } from './referenceService';

/** The reports opened this session, by document path (a report is never written to disk). */
export class DriftReports implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private next = 0;

  add(title: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DRIFT_SCHEME, path: `/${++this.next}/${title.replace(/[\\/]/g, '_')}.drift.txt` });
    this.reports.set(uri.path, text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.path) ?? 'This drift report is gone: run "Compare Environments" again.';
  }
}

function projectConfigFor(uri: vscode.Uri): ProjectConfig {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return EMPTY_PROJECT_CONFIG;
  try {
    return readProjectConfig(folder.uri.fsPath);
  } catch {
    return EMPTY_PROJECT_CONFIG; // a bad .secretref.json is reported by the reference index
  }
}

function label(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** The two inputs: the explorer's selection when it holds two, else two picked (files or folders). */
async function inputs(first: unknown, selection: unknown): Promise<vscode.Uri[] | undefined> {
  const selected = Array.isArray(selection) ? selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (selected.length === 2) return selected;
  const picked: vscode.Uri[] = first instanceof vscode.Uri && selected.length < 2 ? [first] : [];
  while (picked.length < 2) {
    const which = picked.length === 0 ? 'first' : 'second';
    const chosen = await vscode.window.showOpenDialog({
      title: `Compare Environments: the ${which} connections file or folder`,
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: `Compare (${which})`,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (!chosen?.[0]) return undefined;
    picked.push(chosen[0]);
  }
  return picked;
}

/** Runs the comparison; returns the report document (undefined when cancelled or the inputs are unusable). */
export async function compareEnvironmentsCommand(
  services: Services,
  reports: DriftReports,
  first: unknown,
  selection: unknown,
): Promise<vscode.TextDocument | undefined> {
  const uris = await inputs(first, selection);
  if (!uris) return undefined;
  const [a, b] = uris;
  if (a.scheme !== 'file' || b.scheme !== 'file') {
    void vscode.window.showErrorMessage('Compare Environments compares files or folders on disk: pick two from the workspace.');
    return undefined;
  }
  const configs = services.stores.configs();
  const settings = readReferenceSettings();
  try {
    const text = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Comparing ${label(a)} with ${label(b)}` },
      async () => {
        const [inputA, inputB] = await Promise.all(
          [a, b].map(async (uri) => ({
            ...(await collectDriftInput(uri.fsPath, '/', configs, settings, projectConfigFor(uri))),
            label: label(uri),
          })),
        );
        const report = compare(
          await readDriftSide(inputA, services.stores),
          await readDriftSide(inputB, services.stores),
          randomBytes(16).toString('hex'),
        );
        services.log.info(`Compare Environments: ${report.findings.length} difference(s), ${report.paired} connection(s) paired`);
        return driftText(report, [...inputA.problems, ...inputB.problems]);
      },
    );
    const document = await vscode.workspace.openTextDocument(reports.add(`${label(a)} ↔ ${label(b)}`, text));
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  } catch (error) {
    void vscode.window.showErrorMessage(`Compare Environments: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
