// New secret and new version. Both write with a conflict check: a new secret must not exist yet
// (Vault cas 0, AWS CreateSecret); a new version is based on the version read just before.
// Without `data` in the options, new version opens the secret as a JSON document instead.
import * as vscode from 'vscode';
import type { WriteResult } from '../../../core/stores/types';
import { COMMANDS } from '../../../constants';
import { confirmWrite } from '../../stores/confirmWrite';
import { ActionContext, asNode, asOptions, runAction } from './actionContext';
import { isEnabled, pickStore } from '../../stores/storePicker';

export async function newSecret(ctx: ActionContext, nodeArg: unknown, optionsArg: unknown): Promise<WriteResult | undefined> {
  const node = asNode(nodeArg);
  const options = asOptions(optionsArg);
  const store = node?.store ?? (await pickTargetStore(ctx));
  if (!store) return undefined;
  const config = ctx.services.stores.config(store);
  if (!config) return undefined;
  const prefix = node?.type === 'folder' ? node.prefix : '';
  const path =
    options.path ??
    (await vscode.window.showInputBox({
      title: `New secret in ${store}`,
      prompt:
        config.kind === 'vault' ? 'Path of the secret, relative to the engine (folders with /)' : 'Name of the secret (use / to group)',
      value: prefix,
      valueSelection: [prefix.length, prefix.length],
      validateInput: (text) => (text.trim() === '' || text.endsWith('/') ? 'Enter a name that does not end with /' : undefined),
    }));
  if (!path) return undefined;
  let data = options.data;
  if (!data) {
    const key = await vscode.window.showInputBox({
      title: `New secret ${path}`,
      prompt: 'First key (add more later by editing the secret)',
      value: 'password',
    });
    if (!key) return undefined;
    const value = await vscode.window.showInputBox({ title: `New secret ${path}`, prompt: `Value of "${key}"`, password: true });
    if (value === undefined) return undefined;
    data = { [key]: value };
  }
  const payload = { type: 'keyed' as const, data };
  if (
    !(await confirmWrite(
      config,
      `Create secret "${path}" in "${store}" (keys: ${Object.keys(data).join(', ')})?`,
      'Create',
      options.confirmed === true,
    ))
  )
    return undefined;
  return runAction(ctx.services, 'New secret', async () => {
    const secretStore = await ctx.services.stores.get(store);
    const result = await secretStore.write(path, payload, config.kind === 'vault' ? { expectedVersion: '0' } : { create: true });
    void vscode.window.showInformationMessage(`Created secret "${path}" in store "${store}".`);
    return result;
  });
}

export async function newVersion(ctx: ActionContext, nodeArg: unknown, optionsArg: unknown): Promise<WriteResult | undefined> {
  const node = asNode(nodeArg);
  if (!node || node.type !== 'secret') return undefined;
  const options = asOptions(optionsArg);
  if (!options.data) {
    await vscode.commands.executeCommand(COMMANDS.secretFs.open, node);
    return undefined;
  }
  const data = options.data;
  const config = ctx.services.stores.config(node.store);
  if (!config) return undefined;
  if (
    !(await confirmWrite(
      config,
      `Write a new version of "${node.path}" in "${node.store}" (keys: ${Object.keys(data).join(', ')})?`,
      'Write Version',
      options.confirmed === true,
    ))
  )
    return undefined;
  return runAction(ctx.services, 'New version', async () => {
    const current = await ctx.services.stores.read(node.store, node.path, { fresh: true });
    const secretStore = await ctx.services.stores.get(node.store);
    const result = await secretStore.write(node.path, { type: 'keyed', data }, current.version ? { expectedVersion: current.version } : {});
    void vscode.window.showInformationMessage(`Wrote version ${result.version} of "${node.path}" in store "${node.store}".`);
    return result;
  });
}

async function pickTargetStore(ctx: ActionContext): Promise<string | undefined> {
  return (
    await pickStore(ctx.services, undefined, 'New secret', {
      filter: isEnabled,
      skipWhenOne: true,
      placeHolder: 'Store to create the secret in',
    })
  )?.name;
}
