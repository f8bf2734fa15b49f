// "Write Secret…": pick a store, a path, key/value pairs (from the selection, the credential
// document's secret fields, or input boxes); create the secret, or add a version with a conflict
// check; then offer the reference (copy or insert). Arguments skip prompts:
// { store, path, data, mode: 'create' | 'version', reference: 'copy' | 'insert' | 'none', key, confirmed,
// emptyValues } (all but store and key only under the extension's own tests). The confirmation names
// the target. Never written: a value that is (or holds) a reference, as the reference scanner reads it
// (left out, and the user is told), and an empty value unless the user says so in a modal that names the key.
import type { Services } from '../../services';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseKeyValues } from '../../core/migration/keyValues';
import { setOwn } from '../../core/ownKeys';
import { holdsReference, keyReference } from '../../core/references/scanner';
import { locateConnections } from '../../core/migration/locateConnections';
import { vaultKey } from '../../core/migration/rewrite';
import { fileStem, secretName } from '../../core/migration/naming';
import { connectionSchema, SCHEMA_NAMES, secretFieldNodes } from '../../core/migration/secretFields';
import { isStoreError } from '../../core/stores/storeError';
import type { ResolvedStoreConfig, SecretStore } from '../../core/stores/types';
import { documentModel } from './editorDocument';
import { confirmWrite } from '../stores/confirmWrite';
import { isEnabled, pickStore } from '../stores/storePicker';
import { commandOptions } from '../../platform/testHooks';

export interface WriteSecretArgs {
  store?: string;
  path?: string;
  data?: Record<string, string>;
  /** What to do when the secret exists: add a version (default when confirmed) or fail. */
  mode?: 'create' | 'version';
  reference?: 'copy' | 'insert' | 'none';
  /** Key whose reference is offered; default the first. */
  key?: string;
  /** The extension's own tests only: the answer to the empty-value question. */
  emptyValues?: 'write' | 'leave-out';
  /** Skip the confirmation (the extension's own tests only). */
  confirmed?: boolean;
}

export interface LeftOut {
  key: string;
  reason: 'empty' | 'reference';
}

export interface WriteSecretResult {
  store: string;
  path: string;
  version: string;
  created: boolean;
  references: Record<string, string>;
  /** Keys not written, and why. */
  leftOut: LeftOut[];
  /** The questions asked before writing (the empty-value modal). */
  asked: string[];
}

const WRITE_EMPTY = 'Write Empty Value';
const LEAVE_OUT = 'Leave It Out';

function quoted(keys: readonly string[]): string {
  const names = keys.map((k) => `"${k}"`);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

interface WritablePairs {
  data: Record<string, string>;
  leftOut: LeftOut[];
  asked: string[];
}

/**
 * The pairs that may be written: references left out (the user is told which), empty values only when
 * the user says so. Undefined when the user cancelled or nothing is left to write.
 */
async function writablePairs(
  data: Record<string, string>,
  emptyAnswer: WriteSecretArgs['emptyValues'],
): Promise<WritablePairs | undefined> {
  const leftOut: LeftOut[] = [];
  const asked: string[] = [];
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (holdsReference(value)) leftOut.push({ key, reason: 'reference' });
    else setOwn(kept, key, value);
  }
  const references = leftOut.map((l) => l.key);
  if (references.length > 0) {
    void vscode.window.showInformationMessage(
      `Write Secret leaves out ${quoted(references)}: ${references.length === 1 ? 'it holds' : 'they hold'} a reference to a secret, not a value. A reference is never stored as a secret.`,
    );
  }
  const empty = Object.keys(kept).filter((key) => kept[key].trim() === '');
  if (empty.length > 0) {
    const question = `${quoted(empty)} ${empty.length === 1 ? 'is' : 'are'} empty. Write ${empty.length === 1 ? 'an empty value' : 'empty values'} to the secret?`;
    asked.push(question);
    const answer =
      emptyAnswer === 'write'
        ? WRITE_EMPTY
        : emptyAnswer === 'leave-out'
          ? LEAVE_OUT
          : await vscode.window.showWarningMessage(
              question,
              { modal: true, detail: `"${LEAVE_OUT}" writes the other keys only. Cancel writes nothing.` },
              WRITE_EMPTY,
              LEAVE_OUT,
            );
    if (answer === undefined) return undefined;
    if (answer === LEAVE_OUT) {
      for (const key of empty) {
        delete kept[key];
        leftOut.push({ key, reason: 'empty' });
      }
    }
  }
  if (Object.keys(kept).length === 0) {
    void vscode.window.showInformationMessage(
      `Write Secret: nothing written, no key is left with a value to store (left out: ${quoted(leftOut.map((l) => l.key))}).`,
    );
    return undefined;
  }
  return { data: kept, leftOut, asked };
}

function selectionPairs(editor: vscode.TextEditor | undefined): Record<string, string> | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  return parseKeyValues(editor.document.getText(editor.selection));
}

/** The inline secret fields of a credential document (the whole document, first connection of a file). */
function documentPairs(services: Services, editor: vscode.TextEditor | undefined): Record<string, string> | undefined {
  if (!editor) return undefined;
  // The model the editor holds for the document: its detection (file name in any case, credentialFiles, fields).
  const located = locateConnections(documentModel(services, editor.document));
  if (located.syntaxErrors.length > 0 || located.shape !== 'document' || located.connections.length === 0) return undefined;
  const [credential] = located.connections;
  const fields = secretFieldNodes(connectionSchema(credential), credential);
  const out = Object.fromEntries(fields.map((f) => [vaultKey(f.path), f.value]));
  return Object.keys(out).length ? out : undefined;
}

async function askPairs(): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  for (;;) {
    const key = await vscode.window.showInputBox({
      title: 'Write Secret: key',
      prompt: Object.keys(out).length ? 'Another key (leave empty to finish)' : 'Key, e.g. password',
      validateInput: (text) => (/^[A-Za-z0-9_.-]*$/.test(text) ? undefined : 'Letters, digits, "_", "." and "-" only'),
    });
    if (key === undefined) return undefined;
    if (key === '') return Object.keys(out).length ? out : undefined;
    const value = await vscode.window.showInputBox({ title: `Write Secret: value of "${key}"`, password: true });
    if (value === undefined) return undefined;
    setOwn(out, key, value);
  }
}

async function currentVersion(store: SecretStore, secretPath: string): Promise<string | null | undefined> {
  try {
    const meta = await store.metadata(secretPath);
    return meta.currentVersion ?? '';
  } catch (error) {
    if (isStoreError(error) && error.kind === 'not-found') return null;
    throw error;
  }
}

export async function writeSecret(services: Services, rawArgs: unknown): Promise<WriteSecretResult | undefined> {
  const args: WriteSecretArgs = commandOptions(rawArgs && typeof rawArgs === 'object' ? (rawArgs as WriteSecretArgs) : {});
  const editor = vscode.window.activeTextEditor;
  const config: ResolvedStoreConfig | undefined = await pickStore(services, args.store, 'Write Secret', {
    filter: isEnabled,
    throwOnUnknown: true,
    skipWhenOne: true,
    placeHolder: 'Store to write to',
  });
  if (!config) return undefined;
  const offered = args.data ?? selectionPairs(editor) ?? documentPairs(services, editor) ?? (await askPairs());
  if (!offered) return undefined;
  // Masked in the log while this write runs, not for the life of the window.
  const releases = Object.values(offered).map((value) => services.log.addSecret(value));
  try {
    const writable = await writablePairs(offered, args.emptyValues);
    if (!writable) return undefined;
    return await writeData(services, args, editor, config, writable);
  } finally {
    for (const release of releases) release();
  }
}

async function writeData(
  services: Services,
  args: WriteSecretArgs,
  editor: vscode.TextEditor | undefined,
  config: ResolvedStoreConfig,
  writable: WritablePairs,
): Promise<WriteSecretResult | undefined> {
  const { data } = writable;
  const suggested = editor
    ? secretName('secretref/{file}', {
        file: fileStem(path.basename(editor.document.fileName), SCHEMA_NAMES),
        connection: '',
        type: '',
        index: 0,
      })
    : 'secretref/new-secret';
  const secretPath =
    args.path ??
    (await vscode.window.showInputBox({
      title: `Write Secret to "${config.name}"`,
      prompt: config.kind === 'vault' ? 'Path of the secret, relative to the engine' : 'Name of the secret',
      value: suggested,
      validateInput: (text) => (text.trim() && !text.endsWith('/') ? undefined : 'Enter a name that does not end with /'),
    }));
  if (!secretPath) return undefined;
  const store = await services.stores.get(config.name);
  const version = await currentVersion(store, secretPath);
  const keys = `keys: ${Object.keys(data).join(', ')}`;
  if (version !== null) {
    if (args.mode === 'create')
      throw new Error(`Store "${config.name}" already has a secret "${secretPath}"; choose another path or add a version.`);
    if (
      !(await confirmWrite(
        config,
        `"${secretPath}" already exists in "${config.name}". Add a new version (${keys})?`,
        'Add Version',
        args.confirmed,
      ))
    )
      return undefined;
  } else if (!(await confirmWrite(config, `Create secret "${secretPath}" in "${config.name}" (${keys})?`, 'Write', args.confirmed))) {
    return undefined;
  }
  const payload = { type: 'keyed' as const, data };
  // Create: must not exist (Vault cas 0 / CreateSecret). New version: based on the version just read.
  const result =
    version === null
      ? await store.write(secretPath, payload, config.kind === 'vault' ? { expectedVersion: '0' } : { create: true })
      : await store.write(secretPath, payload, version ? { expectedVersion: version } : {});
  services.stores.refresh(config.name, secretPath);
  const secretId = config.kind === 'aws' ? (result.arn ?? (await store.metadata(secretPath)).arn ?? secretPath) : secretPath;
  const references = Object.fromEntries(Object.keys(data).map((key) => [key, keyReference(config.kind, config.name, secretId, key)]));
  services.log.info(
    `Wrote ${version === null ? 'new secret' : `version ${result.version} of`} "${secretPath}" in store "${config.name}" (keys: ${Object.keys(data).join(', ')}).`,
  );
  const key = args.key !== undefined && Object.hasOwn(data, args.key) ? args.key : Object.keys(data)[0];
  const reference = references[key];
  let action = args.reference;
  if (!action) {
    const choice = await vscode.window.showInformationMessage(
      `Secret "${secretPath}" written to "${config.name}". Reference: ${reference}`,
      'Copy Reference',
      'Insert at Cursor',
    );
    action = choice === 'Copy Reference' ? 'copy' : choice === 'Insert at Cursor' ? 'insert' : 'none';
  }
  if (action === 'copy') await vscode.env.clipboard.writeText(reference);
  if (action === 'insert' && editor) {
    // Replacing the selection that held the value keeps the value out of the file.
    await editor.edit((builder) => builder.replace(editor.selection, reference));
  }
  return {
    store: config.name,
    path: secretPath,
    version: result.version,
    created: version === null,
    references,
    leftOut: writable.leftOut,
    asked: writable.asked,
  };
}
