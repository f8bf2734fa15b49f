// The confirmation before anything is written to a store: it names the store, where its config comes
// from (user or workspace settings), the account or URL, and the role (describeStoreTarget).
import * as vscode from 'vscode';
import { describeStoreTarget } from '../../core/stores';
import type { ResolvedStoreConfig } from '../../core/stores';

/** The confirmation's detail text: where the write goes. */
export function writeTargetDetail(config: ResolvedStoreConfig): string {
  return `Written to ${describeStoreTarget(config)}.`;
}

/**
 * A modal confirmation of a write; true on the button. `confirmed` (the extension's own tests only:
 * platform/testHooks drops it elsewhere) skips it.
 */
export async function confirmWrite(
  config: ResolvedStoreConfig,
  message: string,
  button: string,
  confirmed: boolean | undefined,
  extraDetail?: string,
): Promise<boolean> {
  if (confirmed === true) return true;
  const detail = [writeTargetDetail(config), extraDetail].filter(Boolean).join('\n\n');
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
}
