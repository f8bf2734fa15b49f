// Holds the values a migration writes so that no printable form (JSON, util.inspect, String())
// can reveal them: only `reveal()` returns them, and only the executor calls it.
import { inspect } from 'node:util';

export const MASK = '••••••';

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
