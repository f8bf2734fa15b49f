// The pure migration planner: from a document's text and a target, what secrets to create (keys
// only), which text edits to make, a masked diff preview, and the artefacts. No I/O.
import { formatVaultReference } from '../references/vaultReference';
import type { Node } from 'jsonc-parser';
import { detectByName } from '../schemas/detection';
import { LineIndex } from '../lineIndex';
import { isLiteralSecret } from '../references/inlineSecrets';
import { holdsReference } from '../references/scanner';
import { CODES, CredentialDocument } from '../schemas';
import { awsArtefacts, predictedArn, selfHostedBlock, vaultArtefacts } from './artefacts';
import { unifiedDiff } from './diff';
import { LocatedConnection, locateConnections, MAX_NESTING, nodeValue, propertyNode } from './locateConnections';
import { MASK } from '../redaction';
import { diagnosticKey } from '../diagnostics';
import { MaskedValues } from './maskedValues';
import { DEFAULT_NAME_PATTERN, fileStem, secretName, uniqueNames } from './naming';
import { detectStyle, replaceObject, TextStyle, vaultKey } from './rewrite';
import { detectSchemaByFields, SCHEMA_NAMES, secretFieldNodes } from './secretFields';
import { missingAssumableRole } from './target';
import { applyTextEdits, hashText } from './textEdits';
import type { MigrationPlan, MigrationTarget, PlannedConnection, SecretField, TextEdit } from './types';

export interface PlanInput {
  /** File path or URI (names the secrets and the diff). */
  source: string;
  text: string;
  /** Editor version of `text`, when there is one. */
  version?: number;
  /** Schema of a credential document, when known (status bar, `--type`); else from the name, settings or fields. */
  schema?: string | null;
  /** `secretref.credentialFiles`: glob -> schema name, as the editor detects with. */
  credentialFiles?: Readonly<Record<string, string>>;
  target: MigrationTarget;
  /** Secret name pattern; default `secretref/{file}/{connection}`. */
  namePattern?: string;
  /** Connection names or locations (`[3]`) to include; default all. */
  select?: readonly string[];
}

export class PlanError extends Error {}

/** An AWS plan with connections to migrate and no role for Monte Carlo to assume (the editor asks for one). */
export class AssumableRoleNeeded extends PlanError {}

/** What the editor's detection names a document by (choice, file name, setting): a schema, `connections`, or null. */
export function documentSchema(input: Pick<PlanInput, 'source' | 'schema' | 'credentialFiles'>): string | null {
  return (
    detectByName({ fileName: input.source, forcedSchema: input.schema ?? undefined, credentialFiles: input.credentialFiles })?.schema ??
    null
  );
}

function stringNodes(node: Node, out: Node[] = []): Node[] {
  if (node.type === 'string') out.push(node);
  for (const child of node.children ?? []) {
    // Skip property keys: only values can hold references.
    if (node.type === 'property' && child === node.children?.[0]) continue;
    stringNodes(child, out);
  }
  return out;
}

interface Draft {
  located: LocatedConnection;
  schema: string;
  skipReason?: string;
  /** Skipped because its credentials are in a store already (references, a self-hosted block). */
  alreadyMigrated?: boolean;
  values: Record<string, unknown>;
  fields: { path: string; key: string; node: Node }[];
}

function draft(located: LocatedConnection, target: MigrationTarget): Draft {
  const node = located.node;
  const schema = located.schema ?? detectSchemaByFields(node) ?? 'unknown';
  const base: Draft = { located, schema, values: {}, fields: [] };
  const migrated = (skipReason: string): Draft => ({ ...base, skipReason, alreadyMigrated: true });
  if (propertyNode(node, 'self_hosting_mechanism')) return migrated('it uses a self-hosted credentials block already');
  const secrets = secretFieldNodes(schema, node);
  const inline = secrets.filter((field) => isLiteralSecret(String(field.node.value)));
  if (target.kind === 'aws') {
    if (stringNodes(node).some((n) => holdsReference(String(n.value)))) {
      if (inline.length === 0) return migrated('it holds secret references already');
      return {
        ...base,
        skipReason:
          'it holds secret references beside inline values; the AWS target moves the whole credential JSON, so every value must be inline (or migrate it to Vault)',
      };
    }
    // The whole credential JSON moves (Monte Carlo, "Using self-hosted credentials"), even for schemas
    // without a secret field (athena, s3).
    const whole = JSON.parse(JSON.stringify(nodeValue(node))) as Record<string, unknown>;
    return { ...base, values: whole, fields: inline.map((f) => ({ path: f.path, key: f.path, node: f.node })) };
  }
  if (inline.length === 0) {
    if (secrets.some((field) => holdsReference(String(field.node.value)))) return migrated('it holds secret references already');
    return { ...base, skipReason: 'has no inline secret value' };
  }
  const fields = inline.map((f) => ({ path: f.path, key: vaultKey(f.path), node: f.node }));
  const values = Object.fromEntries(fields.map((f) => [f.key, f.node.value as string]));
  return { ...base, values, fields };
}

function editsFor(text: string, style: TextStyle, target: MigrationTarget, d: Draft, path: string) {
  if (d.skipReason) return () => [];
  if (target.kind === 'aws') {
    return (arn: string): TextEdit[] => [replaceObject(text, d.located.node, selfHostedBlock(target, arn), style)];
  }
  const edits = d.fields.map((f) => ({
    offset: f.node.offset,
    length: f.node.length,
    content: JSON.stringify(formatVaultReference(target.store, path, f.key)),
  }));
  return () => edits;
}

/** Maps edits against `text` to the masked text (masks never overlap an edit partially). */
function toMaskedCoordinates(edits: readonly TextEdit[], masks: readonly TextEdit[]): TextEdit[] {
  const sortedMasks = [...masks].sort((a, b) => a.offset - b.offset);
  const out: TextEdit[] = [];
  let m = 0;
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
    while (m < sortedMasks.length && sortedMasks[m].offset + sortedMasks[m].length <= edit.offset) {
      shift += sortedMasks[m].content.length - sortedMasks[m].length;
      m++;
    }
    let inside = 0;
    while (m < sortedMasks.length && sortedMasks[m].offset < edit.offset + edit.length) {
      inside += sortedMasks[m].content.length - sortedMasks[m].length;
      m++;
    }
    out.push({ offset: edit.offset + shift, length: edit.length + inside, content: edit.content });
    shift += inside;
  }
  return out;
}

/** Masks whose value an edit replaces (the edit's text carries no secret); both lists are sorted by offset. */
function masksOutside(sortedMasks: readonly TextEdit[], sortedEdits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  let e = 0;
  for (const mask of sortedMasks) {
    while (e < sortedEdits.length && sortedEdits[e].offset + sortedEdits[e].length <= mask.offset) e++;
    const edit = sortedEdits[e];
    if (!(edit && mask.offset >= edit.offset && mask.offset < edit.offset + edit.length)) out.push(mask);
  }
  return out;
}

function tooDeep(source: string, nesting: number): PlanError {
  const levels = Number.isFinite(nesting) ? `${nesting} levels` : `more than ${MAX_NESTING} levels`;
  return new PlanError(
    `${source} is nested too deeply (${levels} of objects and arrays; the planner reads up to ${MAX_NESTING}) to migrate. ` +
      'Credential files nest a few levels: check that this is the right file.',
  );
}

/**
 * A key twice in one object (the schema layer's `duplicate-key`, as `secretref check` reports it):
 * JSON keeps only the last value, so a migration would store one and drop the other from the file.
 */
function refuseDuplicateKeys(input: PlanInput): void {
  const document = new CredentialDocument(input.text, {
    fileName: input.source,
    forcedSchema: input.schema ?? undefined,
    credentialFiles: input.credentialFiles,
  });
  const duplicates = document.diagnostics().filter((d) => d.code === CODES.duplicateKey);
  if (duplicates.length === 0) return;
  const [first] = duplicates;
  const line = new LineIndex(input.text).position(first.offset).line;
  const more = duplicates.length > 1 ? ` (and ${duplicates.length - 1} more duplicate key(s))` : '';
  throw new PlanError(
    `Duplicate key "${diagnosticKey(first)}" on line ${line} of ${input.source}${more}: a migration would keep only one of its values. ` +
      'Nothing was written. Remove the one you do not mean (secretref check lists every duplicate), then migrate.',
  );
}

/** Plans a migration; bad input yields a PlanError, never another exception. */
export function planMigration(input: PlanInput): MigrationPlan {
  try {
    return buildPlan(input);
  } catch (error) {
    // Safety net: a stack overflow (deep input the depth scan missed) or a string past V8's limit.
    if (error instanceof RangeError) {
      if (/call stack/i.test(error.message)) throw tooDeep(input.source, Infinity);
      throw new PlanError(`${input.source} is too large to migrate (${input.text.length} characters): split it into smaller files.`);
    }
    throw error;
  }
}

function buildPlan(input: PlanInput): MigrationPlan {
  const { text, target } = input;
  const located = locateConnections(text, documentSchema(input));
  if (located.nesting > MAX_NESTING) throw tooDeep(input.source, located.nesting);
  if (located.parseErrors.length > 0) {
    throw new PlanError(`${input.source} has JSON syntax errors; fix them (secretref check) before migrating.`);
  }
  refuseDuplicateKeys(input);
  if (located.connections.length === 0) {
    throw new PlanError(`${input.source} holds no credentials object or connection entries to migrate.`);
  }
  const wanted = input.select ? new Set(input.select) : null;
  const chosen = wanted
    ? located.connections.filter((c) => wanted.has(c.name) || wanted.has(c.location) || wanted.has(String(c.index)))
    : located.connections;
  if (wanted && chosen.length === 0) {
    throw new PlanError(`None of the connections ${[...wanted].join(', ')} exist in ${input.source}.`);
  }
  const style = detectStyle(text);
  const drafts = chosen.map((c) => draft(c, target));
  // Only a connection to migrate needs the role (a second run over migrated ones reports them).
  const noRole = drafts.some((d) => !d.skipReason) ? missingAssumableRole(target) : undefined;
  if (noRole) throw new AssumableRoleNeeded(noRole);
  const stem = fileStem(input.source, SCHEMA_NAMES);
  const pattern = input.namePattern || DEFAULT_NAME_PATTERN;
  const paths = uniqueNames(
    drafts.map((d) => secretName(pattern, { file: stem, connection: d.located.name || d.schema, type: d.schema, index: d.located.index })),
  );
  const connections: PlannedConnection[] = drafts.map((d, i) => {
    const path = paths[i];
    const previewSecretId = target.kind === 'aws' ? predictedArn(target, path) : path;
    const fields: SecretField[] = d.fields.map((f) => ({ path: f.path, key: f.key, offset: f.node.offset, length: f.node.length }));
    return {
      index: d.located.index,
      name: d.located.name || d.schema,
      location: d.located.location,
      connectionId: d.located.connectionId,
      schema: d.schema,
      status: d.skipReason ? 'skipped' : 'ready',
      skipReason: d.skipReason,
      alreadyMigrated: d.alreadyMigrated === true,
      secretPath: path,
      secretKeys: Object.keys(d.values),
      values: new MaskedValues(d.values),
      credentials: { offset: d.located.node.offset, length: d.located.node.length },
      fields,
      editsFor: editsFor(text, style, target, d, path),
      artefactsFor: (secretId: string) =>
        target.kind === 'aws' ? awsArtefacts(target, d.located.connectionId, secretId) : vaultArtefacts(target, path),
      previewSecretId,
    };
  });
  // Mask every inline secret of the file (selected or not) in the preview texts: its field, then by
  // value, every other place that holds the same text (another field, inside a longer string).
  const secretNodes = located.connections.flatMap((c) => secretFieldNodes(c.schema ?? detectSchemaByFields(c.node), c.node));
  const masks: TextEdit[] = secretNodes.map((f) => ({ offset: f.node.offset, length: f.node.length, content: JSON.stringify(MASK) }));
  const byValue = new MaskedValues(
    Object.fromEntries(secretNodes.map((f, i) => [String(i), typeof f.node.value === 'string' ? f.node.value : ''])),
  );
  masks.sort((a, b) => a.offset - b.offset);
  const edits = connections.flatMap((c) => c.editsFor(c.previewSecretId)).sort((a, b) => a.offset - b.offset);
  const untouchedMasks = masksOutside(masks, edits);
  const fieldMaskedBefore = applyTextEdits(text, masks);
  const fieldMaskedAfter = applyTextEdits(text, [...edits, ...untouchedMasks]);
  // Masking by value keeps lines whole (no value or mask holds a line break), so the diff stays valid.
  const diff = byValue.maskIn(unifiedDiff(input.source, fieldMaskedBefore, fieldMaskedAfter, toMaskedCoordinates(edits, masks)));
  const maskedBefore = byValue.maskIn(fieldMaskedBefore);
  const maskedAfter = byValue.maskIn(fieldMaskedAfter);
  return {
    source: input.source,
    target,
    baseHash: hashText(text),
    baseVersion: input.version,
    shape: located.shape,
    connections,
    diff,
    maskedBefore,
    maskedAfter,
  };
}

export function readyConnections(plan: MigrationPlan): PlannedConnection[] {
  return plan.connections.filter((c) => c.status === 'ready');
}
