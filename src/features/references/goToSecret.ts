// Go to Definition (F12) on a secret reference and Workspace Symbols (Ctrl+T) for secrets: both open the
// secret's masked, read-only document (`secretref:/<store>/<path>.secretref.json?masked`: its keys, every
// value the one mask), so going to a secret never shows a value. Symbols come from the workspace reference
// index and the store listings the session already holds (no store request is made while typing).
import * as vscode from 'vscode';
import { maskedSecretUri } from '../secretFs/registerSecretFileSystem';
import type { WorkspaceReferenceIndex } from './workspaceIndex';
import type { ReferenceService } from './referenceService';

const START = new vscode.Range(0, 0, 0, 0);
const MAX_SYMBOLS = 500;

export class SecretDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly service: ReferenceService) {}

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] | undefined {
    const ref = this.service.referenceAt(document, document.offsetAt(position));
    if (!ref) return undefined;
    const found = this.service.state.targetOf(ref);
    // An unknown store has no secret to open: the reference's diagnostic says what to fix.
    if ('problem' in found || !this.service.services.stores.config(found.target.store)) return undefined;
    return [new vscode.Location(maskedSecretUri(found.target.store, found.target.path), START)];
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
