// What completion offers inside references, editor-free: store configs after `vault.secret(`, paths
// folder by folder (live listing, cached by the reference state), keys after the last `.`; AWS secret
// names and ARNs, SecretString, JSON keys, stages and version ids; template keys; and, on a
// secret-holding field of a credential document, references to secrets that have a key of that name.
// The VS Code adapter (features/references/referenceCompletion.ts) and the language server render these entries.
import type { CompletionSite } from './completionSite';
import type { ReferenceState } from './referenceState';
import { codeForStoreError } from './resolve';
import { keyReference } from './scanner';
import type { ReferenceSettings } from './settings';
import { awsSecretTarget, awsStoreFor, ReferenceTarget, templateTarget } from './target';
import { schemaNames, secretFieldPaths } from '../schemas';
import { isStoreError, SecretListEntry, SecretValue } from '../stores/types';

/** Secrets read per store when looking for keys that match a secret-holding field. */
const FIELD_SCAN_LIMIT = 20;
/** Folder levels listed when looking for such secrets. */
const FIELD_SCAN_DEPTH = 3;
const STAGES = ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'];

export type ReferenceCompletionKind =
  'store' | 'folder' | 'secret' | 'arn' | 'keyword' | 'key' | 'stage' | 'version' | 'reference' | 'issue';

export interface ReferenceCompletionEntry {
  label: string;
  /** Shown beside the label (e.g. `ARN`). */
  description?: string;
  kind: ReferenceCompletionKind;
  detail?: string;
  documentation?: string;
  /** Default: the label. */
  insertText?: string;
  /** The entry replaces [start, cursor); default: the site's start. */
  start?: number;
  sortText?: string;
  /** Default: the label. */
  filterText?: string;
  /** Completion is asked for again once the entry is inserted (the next folder level, the key). */
  retrigger?: boolean;
}

export interface ReferenceCompletionContext {
  state: ReferenceState;
  settings: () => ReferenceSettings;
  /** The cursor's offset. */
  offset: number;
}

let secretFieldNames: Set<string> | undefined;
function isSecretFieldName(name: string): boolean {
  secretFieldNames ??= new Set(schemaNames().flatMap((schema) => secretFieldPaths(schema).map((p) => p.split('.').pop() ?? p)));
  return secretFieldNames.has(name);
}

function keysOf(secret: SecretValue): string[] {
  return secret.type === 'keyed' ? Object.keys(secret.data) : [];
}

/**
 * Why nothing is listed (a store down, signed out, denied), as one entry that inserts nothing: without
 * it an editor falls back to word suggestions and the user cannot tell the store failed.
 */
function listingFailed(store: string, error: unknown, offset: number): ReferenceCompletionEntry {
  const unreachable = isStoreError(error) && codeForStoreError(error) === 'store-unreachable';
  return {
    label: unreachable ? `Store "${store}" is unreachable: nothing to suggest` : `Store "${store}" cannot be listed: nothing to suggest`,
    kind: 'issue',
    detail: isStoreError(error) ? error.action : 'See the Secret References log.',
    documentation: isStoreError(error) ? error.message : undefined,
    insertText: '',
    start: offset,
    filterText: '',
    sortText: '~',
  };
}

/** What a completion asks about: a whole secret of one store (its keys), by target, not by a made-up reference. */
function wholeSecret(store: string, path: string): ReferenceTarget {
  return { store, path, key: null, options: {} };
}

/** The entries for a completion site (completionSiteAt); a failed listing is one `issue` entry. */
export async function referenceCompletions(site: CompletionSite, context: ReferenceCompletionContext): Promise<ReferenceCompletionEntry[]> {
  const { state } = context;
  const stores = state.configs();
  switch (site.kind) {
    case 'vault-store':
      return stores
        .filter((config) => config.kind === 'vault')
        .map((config) => ({
          label: config.name,
          kind: 'store',
          detail: `Vault store config · ${config.kind === 'vault' ? config.url : ''}`,
          insertText: `${config.name}:`,
          retrigger: true,
        }));
    case 'vault-path':
      return vaultPathEntries(site, context);
    case 'aws-secret':
      return awsSecretEntries(context);
    case 'aws-secret-string':
      return [{ label: 'SecretString', kind: 'keyword', insertText: 'SecretString:', retrigger: true }];
    case 'aws-json-key': {
      const found = awsSecretTarget(site.secretId, stores, context.settings());
      const resolution = 'target' in found ? await state.resolveTarget(found.target) : undefined;
      return resolution?.status === 'resolved' ? resolution.keys.map((key) => ({ label: key, kind: 'key' })) : [];
    }
    case 'aws-stage': {
      const stages = new Set(STAGES);
      const metadata = await awsMetadata(site.secretId, context);
      for (const version of metadata?.versions ?? []) for (const stage of version.stages ?? []) stages.add(stage);
      return [...stages].map((stage) => ({ label: stage, kind: 'stage' }));
    }
    case 'aws-version': {
      const metadata = await awsMetadata(site.secretId, context);
      return (metadata?.versions ?? []).map((version) => ({
        label: version.version,
        kind: 'version',
        detail: (version.stages ?? []).join(', ') || version.createdTime,
      }));
    }
    case 'template-key': {
      const found = templateTarget(site.template, null, stores, context.settings());
      const resolution = 'target' in found ? await state.resolveTarget(found.target) : undefined;
      return resolution?.status === 'resolved' ? resolution.keys.map((key) => ({ label: key, kind: 'key' })) : [];
    }
    case 'field-value':
      return isSecretFieldName(site.field) ? fieldReferenceEntries(site.field, context) : [];
  }
}

async function awsMetadata(secretId: string, { state, settings }: ReferenceCompletionContext) {
  const found = awsSecretTarget(secretId, state.configs(), settings());
  return 'target' in found ? state.metadataOf(found.target.store, found.target.path) : undefined;
}

async function vaultPathEntries(
  site: Extract<CompletionSite, { kind: 'vault-path' }>,
  { state, offset }: ReferenceCompletionContext,
): Promise<ReferenceCompletionEntry[]> {
  const entries: ReferenceCompletionEntry[] = [];
  let failure: unknown;
  const [listing, keys] = await Promise.all([
    state.list(site.store, { prefix: site.folder }).catch((error: unknown) => {
      failure = error;
      return undefined;
    }),
    site.keyOf ? state.resolveTarget(wholeSecret(site.store, site.keyOf.path)) : undefined,
  ]);
  for (const entry of listing?.entries ?? []) {
    // Folders are offered as `apps/` so the next level is listed right after.
    const label = entry.isFolder && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
    entries.push({
      label,
      kind: entry.isFolder ? 'folder' : 'secret',
      detail: entry.isFolder ? 'folder' : 'secret',
      insertText: entry.isFolder ? label : `${label}.`,
      retrigger: true,
    });
  }
  if (failure !== undefined) entries.push(listingFailed(site.store, failure, offset));
  if (site.keyOf && keys?.status === 'resolved') {
    // Keys replace only the text after the last dot.
    for (const key of keys.keys) {
      entries.push({ label: key, kind: 'key', detail: `key of ${site.keyOf.path}`, sortText: `0${key}`, start: site.keyOf.start });
    }
  }
  return entries;
}

async function awsSecretEntries({ state, settings, offset }: ReferenceCompletionContext): Promise<ReferenceCompletionEntry[]> {
  const stores = state.configs().filter((config) => config.kind === 'aws');
  const preferred = awsStoreFor({ arn: null, selfHosted: null }, stores, settings());
  const entries: ReferenceCompletionEntry[] = [];
  for (const store of preferred ? stores.filter((s) => s.name === preferred) : stores.slice(0, 1)) {
    const listing = await state.list(store.name, {}).catch((error: unknown) => {
      entries.push(listingFailed(store.name, error, offset));
      return undefined;
    });
    for (const entry of listing?.entries ?? []) {
      if (entry.isFolder) continue;
      entries.push({ label: entry.path, kind: 'secret', detail: `secret in ${store.name}`, insertText: `${entry.path}:`, retrigger: true });
      if (entry.arn) {
        // Every ARN of a store shares its first 50 characters: the label shows the secret's name.
        entries.push({
          label: entry.path,
          description: 'ARN',
          kind: 'arn',
          detail: entry.arn,
          filterText: entry.arn,
          insertText: `${entry.arn}:`,
          sortText: `z${entry.arn}`,
          retrigger: true,
        });
      }
    }
  }
  return entries;
}

/** Up to FIELD_SCAN_LIMIT secrets of a store, folder level by folder level (most Vault secrets sit in folders). */
async function scannedSecrets(state: ReferenceState, store: string): Promise<SecretListEntry[]> {
  const secrets: SecretListEntry[] = [];
  let folders = [''];
  for (let level = 0; level < FIELD_SCAN_DEPTH && folders.length > 0 && secrets.length < FIELD_SCAN_LIMIT; level++) {
    const listings = await Promise.all(folders.map((prefix) => state.list(store, prefix ? { prefix } : {}).catch(() => undefined)));
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
async function fieldReferenceEntries(field: string, { state }: ReferenceCompletionContext): Promise<ReferenceCompletionEntry[]> {
  const entries: ReferenceCompletionEntry[] = [];
  for (const store of state.configs()) {
    const secrets = await scannedSecrets(state, store.name);
    const found = await Promise.all(
      secrets.map(async (entry) => {
        // Read from the store that listed it.
        const resolution = await state.resolveTarget(wholeSecret(store.name, entry.path));
        return resolution.status === 'resolved' && keysOf(resolution.secret).includes(field) ? entry.path : undefined;
      }),
    );
    for (const path of found) {
      if (!path) continue;
      const text = keyReference(store.kind, store.name, path, field);
      entries.push({
        label: text,
        kind: 'reference',
        detail: `"${field}" of ${path} in ${store.name}`,
        documentation: 'Reference the secret instead of writing it here.',
        sortText: `0${text}`,
      });
    }
  }
  return entries;
}
