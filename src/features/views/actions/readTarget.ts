// Resolves a node (key, secret or version) to the one value an action reveals or copies, asking for
// the key with a quick pick when the node is a whole keyed secret. Returns names alongside the value
// so callers can title what they show; the value goes nowhere else.
import type { Services } from '../../../services';
import * as vscode from 'vscode';
import type { SecretValue } from '../../../core/stores/types';
import type { SecretTreeNode } from '../model/treeNodes';
import type { ActionOptions } from './actionContext';

export interface ReadTarget {
  store: string;
  path: string;
  key?: string;
  version?: string;
  value: string;
}

export async function readTarget(services: Services, node: SecretTreeNode, options: ActionOptions): Promise<ReadTarget | undefined> {
  if (node.type === 'key') {
    const value = await services.stores.readKey(node.store, node.path, node.key);
    return { store: node.store, path: node.path, key: node.key, value };
  }
  if (node.type !== 'secret' && node.type !== 'version') return undefined;
  const version = node.type === 'version' ? node.info.version : undefined;
  const secret = await services.stores.read(node.store, node.path, version ? { version } : {});
  const key = await pickKey(secret, options);
  if (key === null) return undefined;
  return { store: node.store, path: node.path, key, version, value: valueOf(secret, key) };
}

/** The key to use: options.key, the only key, or the user's pick; undefined for text/binary; null if cancelled. */
export async function pickKey(secret: SecretValue, options: ActionOptions): Promise<string | undefined | null> {
  if (secret.type !== 'keyed') return undefined;
  const keys = Object.keys(secret.data);
  if (options.key !== undefined) return keys.includes(options.key) ? options.key : null;
  if (keys.length === 1) return keys[0];
  const picked = await vscode.window.showQuickPick(keys, { title: `Key of ${secret.path}`, placeHolder: 'Choose a key' });
  return picked ?? null;
}

function valueOf(secret: SecretValue, key: string | undefined): string {
  if (secret.type === 'keyed') {
    const raw = key === undefined ? secret.data : secret.data[key];
    return typeof raw === 'string' ? raw : JSON.stringify(raw);
  }
  if (secret.type === 'text') return secret.text;
  return Buffer.from(secret.bytes).toString('base64');
}

export function describeTarget(target: { store: string; path: string; key?: string; version?: string }): string {
  const key = target.key === undefined ? '' : `.${target.key}`;
  const version = target.version === undefined ? '' : ` (version ${target.version})`;
  return `${target.store}: ${target.path}${key}${version}`;
}
