// Keys that come from a file, a store, the user or an agent (a credential's fields, a secret's keys,
// metadata, a template's or a command's name) read and set as own properties only: `record[key]` with
// "constructor" or "toString" finds Object.prototype's member, and `record[key] = value` with
// "__proto__" sets the prototype instead, the value lost without a word.

/** `record[key]` if the record has that key of its own, else undefined. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
