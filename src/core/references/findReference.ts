// The reference under an offset, by binary search over a scan's (offset-sorted) references.
import type { SecretReference } from './types';

/** Innermost reference whose span contains `offset` (end inclusive, so a cursor right after works). */
export function findReferenceAt(refs: readonly SecretReference[], offset: number): SecretReference | undefined {
  let low = 0;
  let high = refs.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (refs[mid].offset <= offset) low = mid + 1;
    else high = mid - 1;
  }
  // `high` is the last reference starting at or before offset; a block may start earlier and
  // contain it, so look back a few entries.
  for (let i = high; i >= 0 && i >= high - 8; i--) {
    const ref = refs[i];
    if (offset >= ref.offset && offset <= ref.offset + ref.length) return ref;
  }
  return undefined;
}
