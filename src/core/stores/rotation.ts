// How secretref shows an AWS secret's rotation (DescribeSecret / ListSecrets fields): the one wording for
// the hover, the Secrets view's description and tooltip. Times in the one format (timestamp.ts).
import { formatTimestamp } from '../timestamp';
import type { SecretRotation } from './types';

/** `on, every 30 days` / `off` / `on, schedule rate(4 hours)`. */
function state(rotation: SecretRotation): string {
  const how = rotation.afterDays
    ? `every ${rotation.afterDays} day${rotation.afterDays === 1 ? '' : 's'}`
    : rotation.scheduleExpression
      ? `schedule ${rotation.scheduleExpression}`
      : undefined;
  return rotation.enabled ? `on${how ? `, ${how}` : ''}` : rotation.configured ? 'off (configured, not automatic)' : 'off';
}

/** One line per fact: rotation, last rotated, next rotation, last accessed. */
export function rotationFacts(rotation: SecretRotation | undefined, lastAccessedDate?: string): string[] {
  const lines = [`Rotation: ${rotation ? state(rotation) : 'not configured'}`];
  const last = formatTimestamp(rotation?.lastRotatedDate);
  const next = formatTimestamp(rotation?.nextRotationDate);
  const accessed = formatTimestamp(lastAccessedDate);
  if (last) lines.push(`Last rotated: ${last}`);
  if (next) lines.push(`Next rotation: ${next}`);
  if (accessed) lines.push(`Last accessed: ${accessed}`);
  return lines;
}

/** The short form for a tree row's description: `rotation on`, `rotation off`, or nothing. */
export function rotationShort(rotation: SecretRotation | undefined): string | undefined {
  if (!rotation) return undefined;
  return rotation.enabled ? 'rotation on' : 'rotation off';
}
