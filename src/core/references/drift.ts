// Drift between two environments (issue 18 item 5): what two configs reference, compared through their
// stores by key names and salted value hashes, never by a value. VS Code-free and I/O-free: the caller
// (the CLI, the editor command) extracts each side's connections and reads their secrets; this module
// pairs and compares them.
//
// Pairing rule: a connection of side A pairs with the connection of side B that has the same name and
// the same type (schema); a connection without such a partner is reported once as unpaired. Inside a
// pair, secrets pair by the credential field that references them (`password`, `ssl_options.key`; the
// empty field for a self-hosted block, which stands for the whole credential), because the two
// environments normally keep the same field in different secrets (`dev/db` and `prod/db`).
//
// Output carries names, paths, key names and hashes salted with a per-run salt: a hash cannot be looked
// up in a table of known values, and two runs cannot be correlated.
import { createHash } from 'node:crypto';
import type { SecretValue } from '../stores/types';
import { checkSecretKeys } from './secretSchemaCheck';

export type DriftSideName = 'a' | 'b';

/** One secret a connection references, from one credential field. */
export interface DriftSecretRef {
  /** The credential field holding the reference (dotted); '' for a self-hosted block (the whole credential). */
  field: string;
  store: string;
  path: string;
  /** The key the reference reads; null for a whole-secret reference (a self-hosted block). */
  key: string | null;
}

export interface DriftConnection {
  name: string;
  /** The connection's schema name, or null when none is known. */
  type: string | null;
  refs: DriftSecretRef[];
}

export type SecretReading = { state: 'found'; value: SecretValue } | { state: 'missing' } | { state: 'unavailable'; reason: string };

export interface DriftSide {
  label: string;
  connections: DriftConnection[];
  /** The reading of one secret, already fetched (store errors become `unavailable` with a redacted reason). */
  read(store: string, path: string): SecretReading;
}

export interface KeyHash {
  key: string;
  a: string;
  b: string;
}

export type DriftFinding =
  | { kind: 'connection-unpaired'; side: DriftSideName; connection: string; type: string | null }
  | { kind: 'field-unpaired'; side: DriftSideName; connection: string; field: string; store: string; path: string }
  | { kind: 'secret-missing'; side: DriftSideName; connection: string; field: string; store: string; path: string }
  | { kind: 'secret-unavailable'; side: DriftSideName; connection: string; field: string; store: string; path: string; reason: string }
  | { kind: 'keys-only-in'; side: DriftSideName; connection: string; field: string; keys: string[] }
  | { kind: 'key-not-found'; side: DriftSideName; connection: string; field: string; store: string; path: string; key: string }
  | {
      kind: 'schema-mismatch';
      side: DriftSideName;
      connection: string;
      field: string;
      schema: string;
      missing: string[];
      wrongType: string[];
    }
  | { kind: 'values-differ'; connection: string; field: string; keys: KeyHash[] };

export interface DriftReport {
  a: string;
  b: string;
  /** Pairs compared (both sides have the connection). */
  paired: number;
  findings: DriftFinding[];
}

/** A per-run salt's hash of one key's value: 16 hex characters, never the value or its plain hash. */
export function saltedHash(salt: string, key: string, value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return createHash('sha256').update(`${salt}\u0000${key}\u0000${text}`).digest('hex').slice(0, 16);
}

/** The key -> value map of a read secret; a text secret is one key, ''. */
function entries(value: SecretValue): Map<string, unknown> {
  if (value.type === 'keyed') return new Map(Object.entries(value.data));
  if (value.type === 'text') return new Map([['', value.text]]);
  return new Map([['', Buffer.from(value.bytes).toString('base64')]]);
}

const pairKey = (c: DriftConnection) => `${c.name}\u0000${c.type ?? ''}`;

/** Compares side A with side B. `salt` must be fresh per run (the caller draws it from crypto). */
export function compareEnvironments(a: DriftSide, b: DriftSide, salt: string): DriftReport {
  const findings: DriftFinding[] = [];
  const bByKey = new Map(b.connections.map((c) => [pairKey(c), c]));
  const aKeys = new Set(a.connections.map(pairKey));
  let paired = 0;
  for (const ca of a.connections) {
    const cb = bByKey.get(pairKey(ca));
    if (!cb) {
      findings.push({ kind: 'connection-unpaired', side: 'a', connection: ca.name, type: ca.type });
      continue;
    }
    paired++;
    compareConnection(ca, cb, a, b, salt, findings);
  }
  for (const cb of b.connections) {
    if (!aKeys.has(pairKey(cb))) findings.push({ kind: 'connection-unpaired', side: 'b', connection: cb.name, type: cb.type });
  }
  return { a: a.label, b: b.label, paired, findings };
}

function byField(refs: readonly DriftSecretRef[]): Map<string, DriftSecretRef> {
  const out = new Map<string, DriftSecretRef>();
  for (const ref of refs) if (!out.has(ref.field)) out.set(ref.field, ref);
  return out;
}

function compareConnection(ca: DriftConnection, cb: DriftConnection, a: DriftSide, b: DriftSide, salt: string, out: DriftFinding[]): void {
  const fa = byField(ca.refs);
  const fb = byField(cb.refs);
  const connection = ca.name;
  for (const [side, mine, theirs] of [
    ['a', fa, fb],
    ['b', fb, fa],
  ] as const) {
    for (const [field, ref] of mine) {
      if (!theirs.has(field)) out.push({ kind: 'field-unpaired', side, connection, field, store: ref.store, path: ref.path });
    }
  }
  // Two fields reading keys of the same secret pair (`user`, `password` of `dev/db` and `prod/db`) report
  // the pair's missing secret and key sets once; each field compares the value of the key it reads.
  const seen = new Set<string>();
  for (const [field, ra] of fa) {
    const rb = fb.get(field);
    if (!rb) continue;
    const pair = `${ra.store}\u0000${ra.path}\u0000${rb.store}\u0000${rb.path}`;
    const first = !seen.has(pair);
    seen.add(pair);
    const readA = a.read(ra.store, ra.path);
    const readB = b.read(rb.store, rb.path);
    const found: Partial<Record<DriftSideName, SecretValue>> = {};
    for (const [side, ref, reading] of [
      ['a', ra, readA],
      ['b', rb, readB],
    ] as const) {
      if (reading.state === 'missing') {
        if (first) out.push({ kind: 'secret-missing', side, connection, field, store: ref.store, path: ref.path });
      } else if (reading.state === 'unavailable') {
        if (first)
          out.push({ kind: 'secret-unavailable', side, connection, field, store: ref.store, path: ref.path, reason: reading.reason });
      } else {
        found[side] = reading.value;
        checkOneSide(side, ca.type, ref, reading.value, out, connection);
      }
    }
    // A field reading one key compares that key (when both sides read the same one); a whole-credential field every key.
    const onlyKey = ra.key !== null && ra.key === rb.key ? ra.key : null;
    if (found.a && found.b) compareValues(connection, field, found.a, found.b, salt, out, { onlyKey, keySets: first });
  }
}

/** One side's own problems: the key it reads is absent, or a whole-credential secret fails the schema. */
function checkOneSide(
  side: DriftSideName,
  type: string | null,
  ref: DriftSecretRef,
  value: SecretValue,
  out: DriftFinding[],
  connection: string,
) {
  const keys = entries(value);
  if (ref.key !== null && !keys.has(ref.key)) {
    out.push({ kind: 'key-not-found', side, connection, field: ref.field, store: ref.store, path: ref.path, key: ref.key });
  }
  if (ref.key === null) {
    const findings = checkSecretKeys(value, type ?? undefined);
    if ('notJson' in findings) {
      out.push({
        kind: 'schema-mismatch',
        side,
        connection,
        field: ref.field,
        schema: type ?? '',
        missing: [],
        wrongType: ['(not a JSON object)'],
      });
    } else if (findings.schema && (findings.missing.length || findings.wrongType.length)) {
      out.push({ kind: 'schema-mismatch', side, connection, field: ref.field, ...findings });
    }
  }
}

function compareValues(
  connection: string,
  field: string,
  a: SecretValue,
  b: SecretValue,
  salt: string,
  out: DriftFinding[],
  scope: { onlyKey: string | null; keySets: boolean },
) {
  const ka = entries(a);
  const kb = entries(b);
  if (scope.keySets) {
    const onlyA = [...ka.keys()].filter((k) => !kb.has(k)).sort();
    const onlyB = [...kb.keys()].filter((k) => !ka.has(k)).sort();
    if (onlyA.length) out.push({ kind: 'keys-only-in', side: 'a', connection, field, keys: onlyA });
    if (onlyB.length) out.push({ kind: 'keys-only-in', side: 'b', connection, field, keys: onlyB });
  }
  const differ: KeyHash[] = [];
  const common = [...ka.keys()].filter((k) => kb.has(k) && (scope.onlyKey === null || k === scope.onlyKey));
  for (const key of common.sort()) {
    const ha = saltedHash(salt, key, ka.get(key));
    const hb = saltedHash(salt, key, kb.get(key));
    if (ha !== hb) differ.push({ key, a: ha, b: hb });
  }
  if (differ.length) out.push({ kind: 'values-differ', connection, field, keys: differ });
}

/** One line per finding, naming what differs and what to do; never a value. */
export function describeFinding(f: DriftFinding, report: Pick<DriftReport, 'a' | 'b'>): string {
  const label = (side: DriftSideName) => (side === 'a' ? report.a : report.b);
  const other = (side: DriftSideName) => (side === 'a' ? report.b : report.a);
  switch (f.kind) {
    case 'connection-unpaired':
      return `Connection "${f.connection}"${f.type ? ` (${f.type})` : ''} is only in ${label(f.side)}: add it to ${other(f.side)} or remove it.`;
    case 'field-unpaired':
      return `Connection "${f.connection}": field "${f.field}" references ${f.store}:${f.path} only in ${label(f.side)}: reference a secret from it in ${other(f.side)} too.`;
    case 'secret-missing':
      return `Connection "${f.connection}": secret ${f.store}:${f.path} (field "${f.field}") does not exist in ${label(f.side)}: create it there or fix the reference.`;
    case 'secret-unavailable':
      return `Connection "${f.connection}": secret ${f.store}:${f.path} (field "${f.field}") in ${label(f.side)} could not be read: ${f.reason}`;
    case 'keys-only-in':
      return `Connection "${f.connection}": the secret of field "${f.field}" has key(s) ${f.keys.join(', ')} only in ${label(f.side)}: add them to ${other(f.side)} or remove them.`;
    case 'key-not-found':
      return `Connection "${f.connection}": secret ${f.store}:${f.path} in ${label(f.side)} has no key "${f.key}" (field "${f.field}"): add the key or fix the reference.`;
    case 'schema-mismatch': {
      const parts = [
        f.missing.length ? `lacks ${f.missing.join(', ')}` : '',
        f.wrongType.length ? `has the wrong type in ${f.wrongType.join(', ')}` : '',
      ];
      return `Connection "${f.connection}": the secret in ${label(f.side)} no longer matches the ${f.schema || 'connection'} schema (${parts.filter(Boolean).join('; ')}): update the secret.`;
    }
    case 'values-differ':
      return `Connection "${f.connection}": field "${f.field}" differs in ${f.keys.map((k) => `${k.key || '(text)'} (${k.a} ≠ ${k.b})`).join(', ')}; salted hashes, expected when environments hold different credentials.`;
  }
}
