// Completion inside references: store configs after `vault.secret(`, paths folder by folder (live
// listing, cached), keys after the last `.`; AWS secret names and ARNs, SecretString, JSON keys,
// stages and version ids; template keys; and, on a secret-holding field of a credential document,
// references to secrets that have a key of that name.
import * as vscode from 'vscode';
import { CompletionSite, completionSiteAt } from '../../core/references/completionSite';
import { keyReference } from '../../core/references/scanner';
import { awsSecretTarget, awsStoreFor, ReferenceTarget, templateTarget } from '../../core/references/target';
import { schemaNames, secretFieldPaths } from '../../core/schemas';
import { isStoreError, SecretListEntry, SecretValue } from '../../core/stores/types';
import { codeForStoreError } from '../../core/references/resolve';
import type { ReferenceService } from './referenceService';

const KIND = vscode.CompletionItemKind;
/** Secrets read per store when looking for keys that match a secret-holding field. */
const FIELD_SCAN_LIMIT = 20;
/** Folder levels listed when looking for such secrets. */
const FIELD_SCAN_DEPTH = 3;
const STAGES = ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'];

let secretFieldNames: Set<string> | undefined;
function isSecretFieldName(name: string): boolean {
  secretFieldNames ??= new Set(schemaNames().flatMap((schema) => secretFieldPaths(schema).map((p) => p.split('.').pop() ?? p)));
  return secretFieldNames.has(name);
}

function keysOf(secret: SecretValue): string[] {
  return secret.type === 'keyed' ? Object.keys(secret.data) : [];
}

/**
 * Why nothing is listed (a store down, signed out, denied), as one row that inserts nothing: without
 * it VS Code falls back to word suggestions and the user cannot tell the store failed.
 */
function listingFailedItem(store: string, error: unknown, at: vscode.Position): vscode.CompletionItem {
  const unreachable = isStoreError(error) && codeForStoreError(error) === 'store-unreachable';
  const item = new vscode.CompletionItem(
    unreachable ? `Store "${store}" is unreachable: nothing to suggest` : `Store "${store}" cannot be listed: nothing to suggest`,
    KIND.Issue,
  );
  item.detail = isStoreError(error) ? error.action : 'See the Secret References log.';
  item.documentation = isStoreError(error) ? error.message : undefined;
  item.insertText = '';
  item.range = new vscode.Range(at, at);
  item.filterText = '';
  item.sortText = '~';
  return item;
}

/** What a completion asks about: a whole secret of one store (its keys), by target, not by a made-up reference. */
function wholeSecret(store: string, path: string): ReferenceTarget {
  return { store, path, key: null, options: {} };
}

export class ReferenceCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggers = ['(', ':', '.', '/', '"', "'", ' '];

  constructor(private readonly service: ReferenceService) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList | undefined> {
    const offset = document.offsetAt(position);
    const site = completionSiteAt(document.getText(), offset);
    if (!site) return undefined;
    const range = new vscode.Range(document.positionAt(site.start), position);
    try {
      const toRange = (start: number) => new vscode.Range(document.positionAt(start), position);
      const items = await this.itemsFor(site, toRange);
      for (const item of items) {
        item.range ??= range;
        // The prefix typed so far decides what VS Code shows, whatever the label.
        item.filterText ??= typeof item.label === 'string' ? item.label : item.label.label;
      }
      // A failed listing is asked again on the next keystroke: the store may be back.
      return new vscode.CompletionList(
        items,
        items.some((item) => item.kind === KIND.Issue),
      );
    } catch {
      return new vscode.CompletionList([]); // Diagnostics explain why.
    }
  }

  private async itemsFor(site: CompletionSite, toRange: (start: number) => vscode.Range): Promise<vscode.CompletionItem[]> {
    const stores = this.service.stores.configs();
    switch (site.kind) {
      case 'vault-store':
        return stores
          .filter((config) => config.kind === 'vault')
          .map((config) => {
            const item = new vscode.CompletionItem(config.name, KIND.Module);
            item.detail = `Vault store config · ${config.kind === 'vault' ? config.url : ''}`;
            item.insertText = `${config.name}:`;
            item.command = { title: 'Suggest paths', command: 'editor.action.triggerSuggest' };
            return item;
          });
      case 'vault-path':
        return this.vaultPathItems(site, toRange);
      case 'aws-secret':
        return this.awsSecretItems(toRange(site.start).end);
      case 'aws-secret-string': {
        const item = new vscode.CompletionItem('SecretString', KIND.Keyword);
        item.insertText = 'SecretString:';
        item.command = { title: 'Suggest keys', command: 'editor.action.triggerSuggest' };
        return [item];
      }
      case 'aws-json-key': {
        const found = awsSecretTarget(site.secretId, stores, this.service.settings());
        const resolution = 'target' in found ? await this.service.state.resolveTarget(found.target) : undefined;
        return resolution?.status === 'resolved' ? resolution.keys.map((key) => new vscode.CompletionItem(key, KIND.Field)) : [];
      }
      case 'aws-stage': {
        const stages = new Set(STAGES);
        const metadata = await this.awsMetadata(site.secretId);
        for (const version of metadata?.versions ?? []) for (const stage of version.stages ?? []) stages.add(stage);
        return [...stages].map((stage) => new vscode.CompletionItem(stage, KIND.EnumMember));
      }
      case 'aws-version': {
        const metadata = await this.awsMetadata(site.secretId);
        return (metadata?.versions ?? []).map((version) => {
          const item = new vscode.CompletionItem(version.version, KIND.Constant);
          item.detail = (version.stages ?? []).join(', ') || version.createdTime;
          return item;
        });
      }
      case 'template-key': {
        const found = templateTarget(site.template, null, stores, this.service.settings());
        const resolution = 'target' in found ? await this.service.state.resolveTarget(found.target) : undefined;
        return resolution?.status === 'resolved' ? resolution.keys.map((key) => new vscode.CompletionItem(key, KIND.Field)) : [];
      }
      case 'field-value':
        return isSecretFieldName(site.field) ? this.fieldReferenceItems(site.field) : [];
    }
  }

  private async awsMetadata(secretId: string) {
    const found = awsSecretTarget(secretId, this.service.stores.configs(), this.service.settings());
    return 'target' in found ? this.service.state.metadataOf(found.target.store, found.target.path) : undefined;
  }

  private async vaultPathItems(
    site: Extract<CompletionSite, { kind: 'vault-path' }>,
    toRange: (start: number) => vscode.Range,
  ): Promise<vscode.CompletionItem[]> {
    const items: vscode.CompletionItem[] = [];
    let failure: unknown;
    const [listing, keys] = await Promise.all([
      this.service.state.list(site.store, { prefix: site.folder }).catch((error: unknown) => {
        failure = error;
        return undefined;
      }),
      site.keyOf ? this.service.state.resolveTarget(wholeSecret(site.store, site.keyOf.path)) : undefined,
    ]);
    for (const entry of listing?.entries ?? []) {
      // Folders are offered as `apps/` so the next level is listed right after.
      const label = entry.isFolder && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
      const item = new vscode.CompletionItem(label, entry.isFolder ? KIND.Folder : KIND.File);
      item.detail = entry.isFolder ? 'folder' : 'secret';
      item.insertText = entry.isFolder ? label : `${label}.`;
      item.command = { title: 'Continue', command: 'editor.action.triggerSuggest' };
      items.push(item);
    }
    if (failure !== undefined) items.push(listingFailedItem(site.store, failure, toRange(site.start).end));
    if (site.keyOf && keys?.status === 'resolved') {
      // Keys replace only the text after the last dot.
      for (const key of keys.keys) {
        const item = new vscode.CompletionItem(key, KIND.Field);
        item.detail = `key of ${site.keyOf.path}`;
        item.sortText = `0${key}`;
        item.range = toRange(site.keyOf.start);
        items.push(item);
      }
    }
    return items;
  }

  private async awsSecretItems(at: vscode.Position): Promise<vscode.CompletionItem[]> {
    const settings = this.service.settings();
    const stores = this.service.stores.configs().filter((config) => config.kind === 'aws');
    const preferred = awsStoreFor({ arn: null, selfHosted: null }, stores, settings);
    const items: vscode.CompletionItem[] = [];
    for (const store of preferred ? stores.filter((s) => s.name === preferred) : stores.slice(0, 1)) {
      const listing = await this.service.state.list(store.name, {}).catch((error: unknown) => {
        items.push(listingFailedItem(store.name, error, at));
        return undefined;
      });
      for (const entry of listing?.entries ?? []) {
        if (entry.isFolder) continue;
        const byName = new vscode.CompletionItem(entry.path, KIND.File);
        byName.detail = `secret in ${store.name}`;
        byName.insertText = `${entry.path}:`;
        byName.command = { title: 'Continue', command: 'editor.action.triggerSuggest' };
        items.push(byName);
        if (entry.arn) {
          // Every ARN of a store shares its first 50 characters: the label shows the secret's name.
          const byArn = new vscode.CompletionItem({ label: entry.path, description: 'ARN' }, KIND.Reference);
          byArn.detail = entry.arn;
          byArn.filterText = entry.arn;
          byArn.insertText = `${entry.arn}:`;
          byArn.sortText = `z${entry.arn}`;
          byArn.command = { title: 'Continue', command: 'editor.action.triggerSuggest' };
          items.push(byArn);
        }
      }
    }
    return items;
  }

  /** Up to FIELD_SCAN_LIMIT secrets of a store, folder level by folder level (most Vault secrets sit in folders). */
  private async scannedSecrets(store: string): Promise<SecretListEntry[]> {
    const secrets: SecretListEntry[] = [];
    let folders = [''];
    for (let level = 0; level < FIELD_SCAN_DEPTH && folders.length > 0 && secrets.length < FIELD_SCAN_LIMIT; level++) {
      const listings = await Promise.all(
        folders.map((prefix) => this.service.state.list(store, prefix ? { prefix } : {}).catch(() => undefined)),
      );
      const entries = listings.flatMap((listing) => listing?.entries ?? []);
      secrets.push(...entries.filter((entry) => !entry.isFolder));
      folders = entries
        .filter((entry) => entry.isFolder)
        .map((entry) => (entry.path.endsWith('/') ? entry.path : `${entry.path}/`))
        .slice(0, FIELD_SCAN_LIMIT);
    }
    return secrets.slice(0, FIELD_SCAN_LIMIT);
  }

  /** References to secrets (a few folder levels deep in each store) that have a key named `field`. */
  private async fieldReferenceItems(field: string): Promise<vscode.CompletionItem[]> {
    const items: vscode.CompletionItem[] = [];
    for (const store of this.service.stores.configs()) {
      const secrets = await this.scannedSecrets(store.name);
      const found = await Promise.all(
        secrets.map(async (entry) => {
          // Read from the store that listed it.
          const resolution = await this.service.state.resolveTarget(wholeSecret(store.name, entry.path));
          return resolution.status === 'resolved' && keysOf(resolution.secret).includes(field) ? entry.path : undefined;
        }),
      );
      for (const path of found) {
        if (!path) continue;
        const text = keyReference(store.kind, store.name, path, field);
        const item = new vscode.CompletionItem(text, KIND.Reference);
        item.detail = `"${field}" of ${path} in ${store.name}`;
        item.documentation = 'Reference the secret instead of writing it here.';
        item.sortText = `0${text}`;
        items.push(item);
      }
    }
    return items;
  }
}
