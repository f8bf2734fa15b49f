// The one way secretref shows a point in time: local time to the minute, ISO-like (`2026-11-20 11:00`).
// Hovers, tree rows and tooltips, and metadata documents all use it, so a time reads the same everywhere.
import { setOwn } from './ownKeys';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM` in local time; text that is no time is returned as it is, nothing as undefined. */
export function formatTimestamp(when: string | number | Date | null | undefined): string | undefined {
  if (when === null || when === undefined || when === '') return undefined;
  const date = when instanceof Date ? when : new Date(when);
  if (Number.isNaN(date.getTime())) return typeof when === 'string' ? when : undefined;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Field names that hold a time in store metadata (createdTime, deletedDate, lastChanged, expiresAt...). */
const TIME_FIELD = /(Time|Date|At|^lastChanged)$/;

/** A copy of metadata with every time field in the one format (for metadata documents). */
export function withFormattedTimes<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withFormattedTimes(item)) as T;
  if (!value || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    setOwn(
      out,
      key,
      TIME_FIELD.test(key) && (typeof field === 'string' || field instanceof Date) ? formatTimestamp(field) : withFormattedTimes(field),
    );
  }
  return out as T;
}
