// The two sides of a drift comparison (drift.ts), shared by `secretref drift` and the editor's Compare
// Environments: the connections of a file or a folder (the one document model, the migration's
// connection finder, the one reference scanner and target rule), each reference with the dotted path of
// the credential field that holds it, then every secret they name read once through the store manager
// the caller built (the CLI: the user's --stores; the editor: the Secret Stores settings). A read
// failure is a reason in the store error's own words (errorPolicy.ts says which failures mean "missing").
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitBom } from '../bom';
import { locateConnections } from '../migration/locateConnections';
import { CredentialDocument } from '../schemas/credentialDocument';
import type { JsonNode } from '../schemas/jsonc';
import { storeErrorPolicy } from '../stores/errorPolicy';
import { currentAudience, describeStoreError, isStoreError } from '../stores/storeError';
import type { StoreConfig, StoreManager } from '../stores/types';
import type { ProjectConfig } from '../workspace/projectConfig';
import { walkInputs } from '../workspace/fileWalk';
import { describeFinding, type DriftConnection, type DriftReport, type DriftSecretRef, type DriftSide, type SecretReading } from './drift';
import { scanReferences } from './scanner';
import type { ReferenceSettings } from './settings';
import { targetOf } from './target';
import type { SecretReference } from './types';

/**
 * The dotted path of the credential field whose value holds the reference (`password`, `ssl_options.key`,
 * `hosts.0`), relative to the credentials object `credentials` (offsets relative to `base`); '' when the
 * reference is the credentials object itself (a self-hosted block); undefined when it is not inside it.
 */
export function referenceFieldPath(
  credentials: JsonNode,
  base: number,
  ref: Pick<SecretReference, 'offset' | 'length'>,
): string | undefined {
  const start = ref.offset - base;
  const within = (node: JsonNode) => start >= node.offset && start + ref.length <= node.offset + node.length;
  if (!within(credentials)) return undefined;
  const parts: string[] = [];
  let node: JsonNode = credentials;
  for (;;) {
    if (node.offset === start && node.length === ref.length && node.kind !== 'string') break;
    const prop = node.props?.find((p) => p.value && within(p.value));
    if (prop?.value) {
      parts.push(prop.key);
      node = prop.value;
      continue;
    }
    const item = node.items?.findIndex((i) => within(i)) ?? -1;
    if (item >= 0) {
      parts.push(String(item));
      node = node.items![item];
      continue;
    }
    break;
  }
  return parts.join('.');
}

export interface DriftInput {
  label: string;
  connections: DriftConnection[];
  /** Files read (relative to the input folder, or the file's own name). */
  files: string[];
  /** What could not be used, in words (an unreadable file, a reference to an unknown store). */
  problems: string[];
  /** Files that could not be read (also named in `problems`). */
  unreadable: string[];
}

/** The connections of one file's text, each reference with its field and target. */
export function driftConnectionsOf(
  text: string,
  fileName: string,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
): { connections: DriftConnection[]; problems: string[] } {
  const refs = scanReferences(text).references;
  const located = locateConnections(new CredentialDocument(text, { fileName }));
  const problems: string[] = [];
  const connections = located.connections.map((c): DriftConnection => {
    const out: DriftSecretRef[] = [];
    for (const ref of refs) {
      const field = referenceFieldPath(c.node, c.base, ref);
      if (field === undefined) continue;
      const found = targetOf(ref, configs, settings);
      if ('problem' in found) {
        problems.push(`${fileName}: ${found.problem.message}`);
        continue;
      }
      const { store, path: secretPath, key } = found.target;
      // A self-hosted block is the whole credential (no key); any other reference without a key reads the text.
      out.push({
        field: ref.kind === 'self-hosted' ? '' : field,
        store,
        path: secretPath,
        key: ref.kind === 'self-hosted' ? null : (key ?? ''),
      });
    }
    return { name: c.name, type: c.schema, refs: out };
  });
  return { connections, problems };
}

/** One side: a file, or every file a folder walk reads (.gitignore and the project config honoured). */
export async function collectDriftInput(
  input: string,
  cwd: string,
  configs: readonly StoreConfig[],
  settings: ReferenceSettings,
  project: ProjectConfig,
): Promise<DriftInput> {
  const absolute = path.resolve(cwd, input);
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  if (!stat) throw new Error(`"${input}" does not exist: give a connections file or a folder of them.`);
  const root = stat.isDirectory() ? absolute : path.dirname(absolute);
  const files = stat.isDirectory() ? (await walkInputs(['.'], absolute, project)).files : [path.basename(absolute)];
  const result: DriftInput = { label: input, connections: [], files: [], problems: [], unreadable: [] };
  const perFile: { file: string; connections: DriftConnection[] }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = splitBom(fs.readFileSync(path.join(root, file), 'utf8')).text;
    } catch (error) {
      result.unreadable.push(file);
      result.problems.push(
        `cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path and its permissions.`,
      );
      continue;
    }
    const found = driftConnectionsOf(text, file, configs, settings);
    result.problems.push(...found.problems);
    if (found.connections.length === 0) continue;
    result.files.push(file);
    perFile.push({ file, connections: found.connections });
  }
  // In a folder, a connection pairs by its name; an unnamed one (a credential document) or a name used
  // twice in the folder by the file it is in, so `dev/db.json` pairs with `prod/db.json`.
  const counts = new Map<string, number>();
  for (const { connections } of perFile) for (const c of connections) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  for (const { file, connections } of perFile) {
    for (const c of connections) {
      const unique = c.name !== '' && counts.get(c.name) === 1;
      result.connections.push(stat.isDirectory() && !unique ? { ...c, name: c.name ? `${file}#${c.name}` : file } : c);
    }
  }
  return result;
}

/** Reads every secret a side references once, then answers the comparison's reads from what was read. */
export async function readDriftSide(input: DriftInput, manager: StoreManager): Promise<DriftSide> {
  const readings = new Map<string, SecretReading>();
  const key = (store: string, secretPath: string) => `${store}\u0000${secretPath}`;
  const wanted = new Map<string, { store: string; path: string }>();
  for (const c of input.connections) for (const r of c.refs) wanted.set(key(r.store, r.path), { store: r.store, path: r.path });
  await Promise.all(
    [...wanted].map(async ([k, { store, path: secretPath }]) => {
      try {
        readings.set(k, { state: 'found', value: await manager.read(store, secretPath) });
      } catch (error) {
        // The policy's "secret-not-found" failures (no such secret, deleted) are a missing secret; the rest a reason.
        if (isStoreError(error) && storeErrorPolicy(error.kind).reference === 'secret-not-found') readings.set(k, { state: 'missing' });
        else {
          const reason = isStoreError(error) ? describeStoreError(error, currentAudience()) : 'the store could not be read.';
          readings.set(k, { state: 'unavailable', reason });
        }
      }
    }),
  );
  return {
    label: input.label,
    connections: input.connections,
    read: (store, secretPath) => readings.get(key(store, secretPath)) ?? { state: 'missing' },
  };
}

/** The report as text: one line per finding, then a summary; never a value (hashes are salted per run). */
export function driftText(report: DriftReport, problems: readonly string[] = []): string {
  const lines = report.findings.map((f) => describeFinding(f, report));
  for (const problem of problems) lines.push(`note: ${problem}`);
  const found = report.findings.length;
  lines.push(
    found === 0
      ? `No drift between ${report.a} and ${report.b}: ${report.paired} connection(s) compared.`
      : `${found} difference(s) between ${report.a} and ${report.b}; ${report.paired} connection(s) compared.`,
  );
  return lines.join('\n');
}
