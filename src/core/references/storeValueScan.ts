// "Already in the store", the explicit scan: on the user's request, read up to `maxSecrets` secrets of the
// one store they chose, so their values join the session's salted hashes (storedValues.ts: the store
// manager hands every read there) and inline secrets equal to one of them say so. Breadth first from the
// engine root (Vault folders) or the name list (AWS); a secret that cannot be read (denied, deleted
// meanwhile) is counted and skipped; nothing is written, and no value leaves the reads.
import { isStoreError, type StoreErrorKind } from '../stores/storeError';
import type { StoreManager } from '../stores/types';

/** A secret with these is skipped; any other error (unreachable, signed out, expired) ends the scan. */
const SKIPPED = new Set<StoreErrorKind>(['access-denied', 'not-found', 'deleted', 'decryption-failure']);

export interface StoreValueScan {
  /** Secrets read (their values are now compared). */
  read: number;
  /** Secrets listed but not readable (denied, gone). */
  skipped: number;
  /** The limit stopped the scan before the store's end. */
  truncated: boolean;
}

export interface StoreValueScanOptions {
  maxSecrets: number;
  /** Where to start: a Vault folder (`apps/`) or an AWS name prefix; default the whole store. */
  prefix?: string;
  /** After each secret read (progress). */
  onSecret?: (done: number) => void;
  isCancelled?: () => boolean;
}

export async function scanStoreValues(
  manager: Pick<StoreManager, 'list' | 'read'>,
  store: string,
  options: StoreValueScanOptions,
): Promise<StoreValueScan> {
  const result: StoreValueScan = { read: 0, skipped: 0, truncated: false };
  const folders = [options.prefix ?? ''];
  while (folders.length > 0) {
    const prefix = folders.shift()!;
    let pageToken: string | undefined;
    do {
      if (options.isCancelled?.()) return { ...result, truncated: true };
      const page = await manager.list(store, { prefix, pageToken });
      for (const entry of page.entries) {
        if (entry.isFolder) {
          folders.push(entry.path);
          continue;
        }
        if (entry.deletedDate) continue;
        if (result.read + result.skipped >= options.maxSecrets) return { ...result, truncated: true };
        try {
          await manager.read(store, entry.path);
          result.read++;
        } catch (error) {
          // Unreachable or signed out stops the scan (the caller says so); one denied secret does not.
          if (!isStoreError(error) || !SKIPPED.has(error.kind)) throw error;
          result.skipped++;
        }
        options.onSecret?.(result.read + result.skipped);
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
  }
  return result;
}
