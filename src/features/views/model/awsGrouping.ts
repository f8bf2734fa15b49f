// Groups a flat AWS listing (names like `prod/db/postgres`) into the folders and secrets one level
// below a prefix, so a big account reads like a file tree without listing everything up front.
import type { SecretListEntry } from '../../../core/stores/types';

export type GroupedEntry = { kind: 'folder'; prefix: string; label: string } | { kind: 'secret'; entry: SecretListEntry; label: string };

export function groupByPrefix(entries: readonly SecretListEntry[], prefix: string): GroupedEntry[] {
  const out: GroupedEntry[] = [];
  const folders = new Set<string>();
  for (const entry of entries) {
    if (!entry.path.startsWith(prefix)) continue;
    const rest = entry.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    // A leading or trailing '/' would make an empty folder name: show such names as secrets.
    if (slash <= 0 || slash === rest.length - 1) {
      out.push({ kind: 'secret', entry, label: rest });
      continue;
    }
    const label = rest.slice(0, slash);
    if (folders.has(label)) continue;
    folders.add(label);
    out.push({ kind: 'folder', prefix: `${prefix}${label}/`, label });
  }
  return out;
}
