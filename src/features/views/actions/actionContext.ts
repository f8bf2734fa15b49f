// What every tree action needs, plus the argument conventions: commands take the node first (menus
// pass it) and an optional options object second. Tests answer prompts through that object; a
// destructive action runs unconfirmed only when it says `confirmed: true` explicitly, and only under
// the extension's own tests (platform/testHooks drops the test-only options everywhere else).
import * as vscode from 'vscode';
import { commandOptions } from '../../../platform/testHooks';
import type { Services } from '../../../services';
import { showStoreError } from '../../stores/storeErrors';
import type { ReferenceKind } from '../model/referenceFormats';
import type { SecretTreeModel } from '../model/secretTreeModel';
import type { SecretTreeNode } from '../model/treeNodes';

/** Shows a revealed value to the user. Replaceable in tests; never a tree label or tooltip. */
export type RevealPresenter = (title: string, value: string) => Thenable<unknown>;

export interface ActionContext {
  readonly services: Services;
  readonly model: SecretTreeModel;
  presenter: RevealPresenter;
}

export interface ActionOptions {
  /**
   * Skip the modal confirmation (this extension's own tests only: dropped elsewhere by commandOptions);
   * 'show-references' answers it with its Show References button instead.
   */
  confirmed?: boolean | 'show-references';
  /** Key of a keyed secret, instead of a quick pick. */
  key?: string;
  /** Reference kind, instead of a quick pick. */
  kind?: ReferenceKind;
  /** New secret: its path (Vault) or name (AWS). */
  path?: string;
  /** New secret / new version: the key/values to write, instead of prompts or a document. */
  data?: Record<string, unknown>;
  /** AWS delete: recovery window in days (7..30). */
  recoveryWindowDays?: number;
}

export function asNode(arg: unknown): SecretTreeNode | undefined {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return undefined;
  const candidate = arg as Partial<SecretTreeNode>;
  return typeof candidate.type === 'string' && typeof candidate.id === 'string' && typeof candidate.store === 'string'
    ? (arg as SecretTreeNode)
    : undefined;
}

/** The options object, if the second argument is one (menus pass the selection array there). */
export function asOptions(arg: unknown): ActionOptions {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || asNode(arg)) return {};
  // confirmed, data, path: the extension's own tests only (platform/testHooks).
  return commandOptions(arg as ActionOptions);
}

export const SHOW_REFERENCES_BUTTON = 'Show References';

/**
 * A modal warning naming what will be lost; true only on the explicit button or `confirmed: true`.
 * With `showReferences` (the secret is referenced) the modal also has a Show References button: a modal
 * cannot hold a link, so the button opens the full list in the References view and does nothing else.
 */
export async function confirmDestructive(
  message: string,
  detail: string,
  button: string,
  options: ActionOptions,
  showReferences?: () => Promise<unknown>,
): Promise<boolean> {
  if (options.confirmed === true) return true;
  const buttons = showReferences ? [button, SHOW_REFERENCES_BUTTON] : [button];
  const answer =
    options.confirmed === 'show-references'
      ? SHOW_REFERENCES_BUTTON
      : await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  if (answer === SHOW_REFERENCES_BUTTON && showReferences) await showReferences();
  return answer === button;
}

/** Runs an action body, turning failures into one error message; returns undefined on failure. */
export async function runAction<T>(services: Services, action: string, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    showStoreError(services, error, action);
    return undefined;
  }
}
