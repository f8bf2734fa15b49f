// Keys that come from a file, a store or the user (a credential's fields, a secret's keys, metadata)
// set as own properties: `record[key] = value` with the key "__proto__" sets the prototype instead,
// and the value is lost without a word.

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
