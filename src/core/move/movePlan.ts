// Move / rename a secret: the request (Vault: a path to another path, or one key to another key name or
// another secret; AWS: a new name) and the reference rewrite, planned from the workspace reference index.
// Every reference that reads the secret (vault.secret, resolve:secretsmanager by name and by ARN,
// self-hosted blocks, templates) is found through the index, then found again in the file's current text
// by the scanner, and only the part that names the secret (its path, secret id or key) is replaced. Each
// rewritten reference is parsed back and must read the destination: a rewrite that would not is refused.
// VS Code-free and store-free: the executor (moveExecutor.ts) copies, verifies and deletes.
import type { ReferenceIndex } from '../references/referenceIndex';
import { formatAwsReference, parseAwsReference } from '../references/awsReference';
import { secretIdentity } from '../references/arn';
import { scanReferences } from '../references/scanner';
import type { ReferenceSettings } from '../references/settings';
import type { SecretReference, Span } from '../references/types';
import { formatVaultReference, parseVaultReference } from '../references/vaultReference';
import { LineIndex } from '../lineIndex';
import { applyTextEdits, hashText } from '../migration/textEdits';
import type { TextEdit } from '../migration/types';

export interface SecretSpot {
  /** Vault path or AWS secret name. */
  path: string;
  /** Vault: one key of the secret (a key move). */
  key?: string;
}

export interface MoveRequest {
  /** The store config the secret is in (a move stays in its store). */
  store: string;
  kind: 'vault' | 'aws';
  from: SecretSpot;
  to: SecretSpot;
}

/** A move that cannot be planned or run, in words for the user (names only, never a value). */
export class MoveError extends Error {}

/** One rewritten reference. */
export interface MoveEdit extends TextEdit {
  /** 1-based position of the reference. */
  line: number;
  column: number;
  /** The part that names the secret, before and after (never a value: references hold none). */
  before: string;
  after: string;
}

export interface FileRewrite {
  /** Relative to the workspace root, with `/` (as the index keys files). */
  file: string;
  /** The text the edits were computed against: applied only if the file still has it. */
  baseHash: string;
  edits: MoveEdit[];
  /** References rewritten in the file (a reference may take two edits: path and key). */
  references: number;
}

export interface ReferenceRewrite {
  files: FileRewrite[];
  /** References rewritten. */
  count: number;
  /** References that read the secret but cannot be rewritten in their text (a template's secret is a setting). */
  notes: string[];
}

/** A request checked and completed: a key move keeps its key name unless told, a same-place move is refused. */
export function checkMoveRequest(request: MoveRequest): MoveRequest {
  const { from, kind } = request;
  const to: SecretSpot = { path: request.to.path || from.path, key: request.to.key ?? from.key };
  if (kind === 'aws' && (from.key !== undefined || to.key !== undefined))
    throw new MoveError('An AWS secret moves as a whole (a new name); moving one JSON key of it is not supported.');
  if (from.key === undefined && to.key !== undefined)
    throw new MoveError(`"${from.path}" is a whole secret: move it to a path, or name the key to move (${from.path}.<key>).`);
  if (from.path === to.path && from.key === to.key) throw new MoveError(`"${spotText(from)}" is already there: nothing to move.`);
  for (const spot of [from, to]) {
    if (kind === 'vault') {
      // The reference grammar is the rule for a valid path and key: format, then parse back.
      const text = formatVaultReference(request.store, spot.path, spot.key ?? 'key');
      const back = parseVaultReference(text, 0);
      if (!back || !('reference' in back) || back.reference.path !== spot.path || back.reference.key !== (spot.key ?? 'key'))
        throw new MoveError(`"${spotText(spot)}" is not a valid Vault secret path${spot.key !== undefined ? ' and key' : ''}.`);
    } else {
      const back = parseAwsReference(formatAwsReference({ secretId: spot.path }), 0);
      if (spot.path.startsWith('arn:') || !back || !('reference' in back) || back.reference.path !== spot.path)
        throw new MoveError(`"${spot.path}" is not a valid AWS secret name.`);
    }
  }
  return { ...request, to };
}

export function spotText(spot: SecretSpot): string {
  return spot.key === undefined ? spot.path : `${spot.path}.${spot.key}`;
}

/** An ARN of the secret `name` in the account and region of `like`: the new secret's own ARN when known, else a partial one. */
function arnFor(like: NonNullable<SecretReference['arn']>, name: string, known: string | undefined): string {
  return known ?? `arn:${like.partition}:secretsmanager:${like.region}:${like.accountId}:secret:${name}`;
}

interface PartEdit {
  span: Span;
  content: string;
}

/** The edits that make one reference read the destination, or a note when its text cannot say it. */
function editsFor(ref: SecretReference, request: MoveRequest, newArn: string | undefined): PartEdit[] | string {
  const { from, to } = request;
  const pathMoves = from.path !== to.path;
  const keyMoves = from.key !== to.key;
  const edits: PartEdit[] = [];
  if (ref.kind === 'template') {
    if (pathMoves) {
      return `${ref.raw} reads "${from.path}" through secretref.templates.${ref.templateName ?? ''}: point that setting at "${to.path}"${keyMoves ? ` and the key at "${to.key}"` : ''}.`;
    }
    if (keyMoves && ref.parts.key) edits.push({ span: ref.parts.key, content: to.key! });
    return edits;
  }
  if (ref.kind === 'vault') {
    if (pathMoves && ref.parts.path) edits.push({ span: ref.parts.path, content: to.path });
    if (keyMoves && ref.parts.key) edits.push({ span: ref.parts.key, content: to.key! });
    return edits;
  }
  // AWS dynamic references and self-hosted blocks name the secret by name or ARN.
  if (pathMoves && ref.parts.secretId)
    edits.push({ span: ref.parts.secretId, content: ref.arn ? arnFor(ref.arn, to.path, newArn) : to.path });
  return edits;
}

/** Whether a rewritten reference reads the destination (parse∘format: the grammar decides, not us). */
function readsDestination(text: string, request: MoveRequest): boolean {
  const found = scanReferences(text).references[0];
  if (!found) return false;
  if (found.kind !== 'template' && (found.path === null || secretIdentity(found.path) !== request.to.path)) return false;
  return request.to.key === undefined || found.key === request.to.key;
}

/**
 * The rewrite of every reference the index knows to the secret (or key) `request.from`. `read` gives a
 * file's current text (an open editor's, else the disk's); a file that cannot be read is named in the notes.
 * `newArn`: the destination's ARN (AWS), once the copy made it; before, ARN references get a partial ARN.
 */
export async function planReferenceRewrite(
  request: MoveRequest,
  index: ReferenceIndex,
  read: (file: string) => Promise<string | undefined>,
  options: { newArn?: string; settings?: ReferenceSettings } = {},
): Promise<ReferenceRewrite> {
  const hits = index.referencesTo({ store: request.store, path: request.from.path, key: request.from.key });
  const byFile = new Map<string, Set<number>>();
  for (const hit of hits) {
    let offsets = byFile.get(hit.file);
    if (!offsets) byFile.set(hit.file, (offsets = new Set()));
    offsets.add(hit.ref.offset);
  }
  const files: FileRewrite[] = [];
  const notes: string[] = [];
  let count = 0;
  for (const [file, offsets] of byFile) {
    const text = await read(file);
    if (text === undefined) {
      notes.push(`${file}: cannot be read, so its references were not rewritten; check it exists and is readable.`);
      continue;
    }
    const lines = new LineIndex(text);
    const edits: MoveEdit[] = [];
    let references = 0;
    // Found again in the current text: the index may be a keystroke behind an open editor.
    for (const ref of scanReferences(text).references) {
      if (!offsets.has(ref.offset)) continue;
      const result = editsFor(ref, request, options.newArn);
      const at = lines.position(ref.offset);
      if (typeof result === 'string') {
        notes.push(`${file}:${at.line}:${at.column}: ${result}`);
        continue;
      }
      if (result.length === 0) continue;
      const local = result.map((e) => ({ offset: e.span.offset - ref.offset, length: e.span.length, content: e.content }));
      const rewritten = applyTextEdits(ref.raw, local);
      if (!readsDestination(rewritten, request)) {
        throw new MoveError(`${file}:${at.line}:${at.column}: the reference cannot be rewritten to read "${spotText(request.to)}".`);
      }
      for (const e of result) {
        edits.push({
          offset: e.span.offset,
          length: e.span.length,
          content: e.content,
          line: at.line,
          column: at.column,
          before: text.slice(e.span.offset, e.span.offset + e.span.length),
          after: e.content,
        });
      }
      references++;
    }
    count += references;
    if (edits.length > 0) files.push({ file, baseHash: hashText(text), edits, references });
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, count, notes };
}

/** The same request backwards (a roll back rewrites the destination's references to the source). */
export function reverseRequest(request: MoveRequest): MoveRequest {
  return { ...request, from: request.to, to: request.from };
}
