// Go to Definition (F12) on a secret reference and Workspace Symbols (Ctrl+T) for secrets: both open the
// secret's masked, read-only document (`secretref:/<store>/<path>.secretref.json?masked`: its keys, every
// value the one mask), so going to a secret never shows a value; on a reference that reads a key, at that key. Symbols come from the workspace reference
// index and the store listings the session already holds (no store request is made while typing).
import * as vscode from 'vscode';
import type { StoreManager } from '../../core/stores/types';
import { maskedSecretUri } from '../secretFs/registerSecretFileSystem';
import { toMaskedDocumentText } from '../secretFs/secretDocument';
import type { WorkspaceReferenceIndex } from './workspaceIndex';
import type { ReferenceService } from './referenceService';

const START = new vscode.Range(0, 0, 0, 0);
const MAX_SYMBOLS = 500;

export class SecretDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly service: ReferenceService) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const ref = this.service.referenceAt(document, document.offsetAt(position));
    if (!ref) return undefined;
    const found = this.service.state.targetOf(ref);
    const stores = this.service.services.stores;
    // An unknown store has no secret to open: the reference's diagnostic says what to fix.
    if ('problem' in found || !stores.config(found.target.store)) return undefined;
    const { store, path, key } = found.target;
    return [new vscode.Location(maskedSecretUri(store, path), key === null ? START : await keyLine(stores, store, path, key))];
  }
}

/** The line of `key` in the masked document (the document opens from the same cached read); the start when unknown. */
async function keyLine(stores: StoreManager, store: string, path: string, key: string): Promise<vscode.Range> {
  try {
    const lines = toMaskedDocumentText(await stores.read(store, path)).split('\n');
    const line = lines.findIndex((text) => text.startsWith(`  ${JSON.stringify(key)}:`));
    return line === -1 ? START : new vscode.Range(line, 2, line, 2 + JSON.stringify(key).length);
  } catch {
    return START; // the document itself says why it cannot be read
  }
}

/** Whether the letters of `query` appear in `text` in order, case-insensitive (VS Code's own filter then ranks). */
function matches(text: string, query: string): boolean {
  const t = text.toLowerCase();
  let at = 0;
  for (const ch of query.toLowerCase()) {
    if (ch === ' ') continue;
    at = t.indexOf(ch, at);
    if (at === -1) return false;
    at++;
  }
  return true;
}

export class SecretSymbolProvider implements vscode.WorkspaceSymbolProvider {
  constructor(
    private readonly service: ReferenceService,
    private readonly index: WorkspaceReferenceIndex,
  ) {}

  provideWorkspaceSymbols(query: string): vscode.SymbolInformation[] {
    const seen = new Set<string>();
    const out: vscode.SymbolInformation[] = [];
    const add = (store: string, path: string, files: number | undefined) => {
      const key = `${store}\u0000${path}`;
      if (seen.has(key) || out.length >= MAX_SYMBOLS || !matches(`${store}:${path}`, query)) return;
      seen.add(key);
      const used = files === undefined ? 'not referenced' : `used in ${files} ${files === 1 ? 'file' : 'files'}`;
      const where = new vscode.Location(maskedSecretUri(store, path), START);
      out.push(new vscode.SymbolInformation(path, vscode.SymbolKind.Key, `${store} · ${used}`, where));
    };
    const configured = (store: string) => this.service.services.stores.config(store) !== undefined;
    const referenced = this.index.secrets().filter((s) => configured(s.store));
    const counts = new Map(referenced.map((s) => [`${s.store}\u0000${s.path}`, s.files]));
    for (const secret of referenced) add(secret.store, secret.path, secret.files);
    for (const listed of this.service.state.listedSecrets()) {
      if (configured(listed.store)) add(listed.store, listed.path, counts.get(`${listed.store}\u0000${listed.path}`));
    }
    return out;
  }
}
