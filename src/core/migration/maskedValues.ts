// Holds the values a migration writes so that no printable form (JSON, util.inspect, String())
// can reveal them: only `reveal()` returns them, and only the executor calls it.
import { inspect } from 'node:util';
import { MASK, MIN_SUBSTRING_MASK } from '../redaction';

export class MaskedValues {
  readonly #values: Readonly<Record<string, unknown>>;

  constructor(values: Record<string, unknown>) {
    this.#values = Object.freeze({ ...values });
  }

  get keys(): string[] {
    return Object.keys(this.#values);
  }

  /** The real values, for the store write and the read-back comparison only. */
  reveal(): Readonly<Record<string, unknown>> {
    return this.#values;
  }

  /** Every string value (for redaction lists and leak checks). */
  strings(): string[] {
    const out: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === 'string') out.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(this.#values);
    return out;
  }

  /**
   * `text` with every occurrence of every string value masked, whatever holds it: the value as JSON
   * writes it (escapes included) and as it is. Values shorter than MIN_SUBSTRING_MASK are masked only
   * as a whole JSON string, so a two-letter password does not garble every word that contains it.
   */
  maskIn(text: string): string {
    // What to look for, and what it becomes.
    const forms = new Map<string, string>();
    for (const value of this.strings()) {
      if (value === '') continue;
      const escaped = JSON.stringify(value).slice(1, -1);
      if (value.length < MIN_SUBSTRING_MASK) {
        forms.set(`"${escaped}"`, JSON.stringify(MASK));
        continue;
      }
      forms.set(escaped, MASK);
      forms.set(value, MASK);
    }
    if (forms.size === 0) return text;
    // One pass over the text: candidates are looked up by their first three characters (every form has
    // at least three), then by length, longest first, so a value that contains another is masked whole.
    const byPrefix = new Map<number, { lengths: number[]; forms: Set<string> }>();
    for (const form of forms.keys()) {
      const key = prefixKey(form, 0);
      let bucket = byPrefix.get(key);
      if (!bucket) byPrefix.set(key, (bucket = { lengths: [], forms: new Set() }));
      bucket.forms.add(form);
      if (!bucket.lengths.includes(form.length)) bucket.lengths.push(form.length);
    }
    for (const bucket of byPrefix.values()) bucket.lengths.sort((a, b) => b - a);
    // A bitmap of the prefix keys in use keeps the per-character cost to an array read.
    const seen = new Uint8Array(PREFIX_BITMAP);
    for (const key of byPrefix.keys()) seen[key & (PREFIX_BITMAP - 1)] = 1;
    let out = '';
    let copied = 0;
    for (let i = 0; i + 3 <= text.length;) {
      const key = prefixKey(text, i);
      const bucket = seen[key & (PREFIX_BITMAP - 1)] === 1 ? byPrefix.get(key) : undefined;
      let hit: string | undefined;
      if (bucket) {
        for (const length of bucket.lengths) {
          const candidate = text.substr(i, length);
          if (bucket.forms.has(candidate)) {
            hit = candidate;
            break;
          }
        }
      }
      if (hit === undefined) {
        i++;
        continue;
      }
      out += text.slice(copied, i) + forms.get(hit);
      i += hit.length;
      copied = i;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries(this.keys.map((key) => [key, MASK]));
  }

  toString(): string {
    return `{${this.keys.map((key) => `${key}: ${MASK}`).join(', ')}}`;
  }

  [inspect.custom](): string {
    return `MaskedValues ${this.toString()}`;
  }
}

const PREFIX_BITMAP = 1 << 16;

/** A small-integer hash of three characters (collisions only merge buckets: matches are compared whole). */
function prefixKey(text: string, at: number): number {
  return (text.charCodeAt(at) * 961 + text.charCodeAt(at + 1) * 31 + text.charCodeAt(at + 2)) & 0x3fffffff;
}
