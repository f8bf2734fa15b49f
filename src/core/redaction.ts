// The one redactor: how a secret value is hidden in any text the user or a log may see (log lines,
// store error messages, migration reports, previews). One mask, one length rule.

/** What a hidden value looks like everywhere (hovers, trees, previews, logs, errors). */
export const MASK = '••••••';

/**
 * Values at least this long are masked wherever they occur; shorter ones only where they stand alone
 * (not inside a longer word), so that a two-letter value does not blank out every word holding it.
 */
export const MIN_SUBSTRING_MASK = 4;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with every secret in `secrets` replaced by MASK (longest first, so no part of one is left). */
export function redact(text: string, secrets: Iterable<string>): string {
  const sorted = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of sorted) {
    out =
      secret.length >= MIN_SUBSTRING_MASK
        ? out.split(secret).join(MASK)
        : out.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(secret)}(?![\\p{L}\\p{N}_])`, 'gu'), MASK);
  }
  return out;
}
