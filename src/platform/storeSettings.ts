// Typed access to the store settings: `secretref.stores` read per scope (user vs workspace, so
// workspace configs are marked and never share the user's credentials, never replace a user config
// and need approval to choose a role), and writes of the store list back to the scope a config came from.
import * as vscode from 'vscode';
import { mergeStoreConfigs } from '../core/stores';
import type { MergedStoreConfigs, MergeOptions, ResolvedStoreConfig, StoreConfig } from '../core/stores';
import { inspectSetting, updateSetting } from './settings';

export function readStoreConfigs(options: MergeOptions = {}): MergedStoreConfigs {
  const inspected = inspectSetting('stores');
  return mergeStoreConfigs(
    [
      { source: 'user', entries: inspected?.globalValue },
      // Workspace values only count in a trusted workspace (package.json also lists the setting
      // under restrictedConfigurations).
      ...(vscode.workspace.isTrusted
        ? [
            { source: 'workspace' as const, entries: inspected?.workspaceValue },
            { source: 'workspaceFolder' as const, entries: inspected?.workspaceFolderValue },
          ]
        : []),
    ],
    options,
  );
}

function targetOf(source: ResolvedStoreConfig['source']): vscode.ConfigurationTarget {
  if (source === 'workspace') return vscode.ConfigurationTarget.Workspace;
  if (source === 'workspaceFolder') return vscode.ConfigurationTarget.WorkspaceFolder;
  return vscode.ConfigurationTarget.Global;
}

function entriesAt(target: vscode.ConfigurationTarget): Record<string, unknown>[] {
  const inspected = inspectSetting('stores');
  const raw =
    target === vscode.ConfigurationTarget.Global
      ? inspected?.globalValue
      : target === vscode.ConfigurationTarget.Workspace
        ? inspected?.workspaceValue
        : inspected?.workspaceFolderValue;
  return Array.isArray(raw) ? (raw as Record<string, unknown>[]) : [];
}

/** Adds or replaces (by name) a config in the scope it belongs to (user settings for new ones). */
export async function saveStoreConfig(
  config: StoreConfig,
  source: ResolvedStoreConfig['source'] = 'user',
  previousName?: string,
): Promise<void> {
  const target = targetOf(source);
  const plain: Record<string, unknown> = { ...config };
  delete plain.source;
  delete plain.endpointsAllowedByUser;
  const entries = [...entriesAt(target)];
  const at = entries.findIndex((e) => e.name === (previousName ?? config.name));
  if (at >= 0) entries[at] = plain;
  else entries.push(plain);
  // A rename must not leave a second entry with the new name behind.
  const deduped = entries.filter((e, i) => e.name !== config.name || e === plain || i === at);
  await updateSetting('stores', deduped, target);
}

export async function removeStoreConfig(name: string, source: ResolvedStoreConfig['source']): Promise<void> {
  const target = targetOf(source);
  const entries = entriesAt(target).filter((e) => e.name !== name);
  await updateSetting('stores', entries.length ? entries : undefined, target);
}
