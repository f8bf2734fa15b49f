// The one reference scanner: a single indexOf-driven pass over the text that finds every reference of
// every kind with exact offsets, plus the syntactic diagnostics (unterminated / malformed). No regex
// runs over the whole text, so a 5 MB document scans in a few milliseconds.
import type { CoreDiagnostic } from '../diagnostics';
import { AWS_PREFIX, formatAwsReference, parseAwsReference } from './awsReference';
import type { ParseOutcome } from './scanSupport';
import { parseSelfHostedBlock, SELF_HOSTED_MARKER } from './selfHostedBlock';
import { parseTemplateReference, templateMarkerAt } from './templateReference';
import type { ScanResult, SecretReference } from './types';
import { formatVaultReference, parseVaultReference, VAULT_PREFIX } from './vaultReference';

function parseBraces(text: string, at: number): ParseOutcome {
  return text.startsWith(AWS_PREFIX, at) ? parseAwsReference(text, at) : parseTemplateReference(text, at);
}

/**
 * `text.indexOf(head + tail, from)`, searched for by its tail. V8 finds a pattern by scanning for its
 * first character, so `vault.secret(` cost a compare at every `v` of a file (prose, `value`, `version`)
 * and `"self_hosting_mechanism"` one at every `"` of a JSON file, while `(` and `_hosting` are rare
 * in config text: scanning the text took 3 times as long as finding the references in it.
 */
class Pattern {
  private readonly head: string;
  private readonly tail: string;

  constructor(pattern: string, split: number) {
    this.head = pattern.slice(0, split);
    this.tail = pattern.slice(split);
  }

  in(text: string, from = 0): number {
    const { head, tail } = this;
    for (let at = text.indexOf(tail, from + head.length); at !== -1; at = text.indexOf(tail, at + 1)) {
      if (text.startsWith(head, at - head.length)) return at - head.length;
    }
    return -1;
  }
}

const VAULT = new Pattern(VAULT_PREFIX, VAULT_PREFIX.indexOf('('));
const BLOCK = new Pattern(SELF_HOSTED_MARKER, SELF_HOSTED_MARKER.indexOf('_'));

/**
 * The next `{{` at or after `from` that may start a reference of ours (`{{resolve:secretsmanager:`,
 * `{{ name.response.`), or -1. Other templates are passed over in this one loop, not handed to the
 * parsers and back through the scan loop one by one (6% of the bench tree's scan, 83 `{{` a file).
 */
function bracesFrom(text: string, from: number): number {
  for (let at = text.indexOf('{{', from); at !== -1; at = text.indexOf('{{', at + 1)) {
    if (text.startsWith(AWS_PREFIX, at) || templateMarkerAt(text, at) !== -1) return at;
  }
  return -1;
}

function inOrder(refs: readonly SecretReference[]): boolean {
  for (let i = 1; i < refs.length; i++) if (refs[i - 1].offset > refs[i].offset) return false;
  return true;
}

/** Finds every reference in `text`, in document order, and the syntactic reference diagnostics. */
export function scanReferences(text: string): ScanResult {
  const references: SecretReference[] = [];
  const diagnostics: CoreDiagnostic[] = [];
  // Inline kinds (vault, `{{...}}`) never overlap each other: they share one cursor. Self-hosted
  // blocks are JSON objects that contain inline text, so they are found by a second cursor.
  let nextVault = VAULT.in(text);
  let nextBraces = bracesFrom(text, 0);
  let nextBlock = BLOCK.in(text);
  let blockStart = -1;
  const take = (outcome: ParseOutcome): void => {
    if (!outcome) return;
    if ('reference' in outcome) references.push(outcome.reference);
    else diagnostics.push(outcome.diagnostic);
  };
  while (nextVault !== -1 || nextBraces !== -1) {
    const isVault = nextVault !== -1 && (nextBraces === -1 || nextVault < nextBraces);
    const at = isVault ? nextVault : nextBraces;
    // Blocks that start before this inline hit are parsed first, so the output stays in order.
    while (nextBlock !== -1 && nextBlock < at) {
      blockStart = references.length;
      take(parseSelfHostedBlock(text, nextBlock));
      nextBlock = BLOCK.in(text, nextBlock + SELF_HOSTED_MARKER.length);
    }
    const outcome = isVault ? parseVaultReference(text, at) : parseBraces(text, at);
    take(outcome);
    const resume = outcome ? Math.max(outcome.end, at + 1) : at + 1;
    // A cursor at -1 has nothing left to find: searching again from each later hit was quadratic.
    if (isVault || (nextVault !== -1 && nextVault < resume)) nextVault = VAULT.in(text, resume);
    if (!isVault || (nextBraces !== -1 && nextBraces < resume)) nextBraces = bracesFrom(text, resume);
  }
  while (nextBlock !== -1) {
    blockStart = references.length;
    take(parseSelfHostedBlock(text, nextBlock));
    nextBlock = BLOCK.in(text, nextBlock + SELF_HOSTED_MARKER.length);
  }
  // A block's `{` precedes its marker, so a block may sort before inline references found just
  // before the marker; one cheap sort (nearly sorted input) restores document order.
  if (blockStart !== -1 && !inOrder(references)) references.sort((a, b) => a.offset - b.offset);
  if (diagnostics.length > 1) diagnostics.sort((a, b) => a.offset - b.offset);
  return { references, diagnostics };
}

/**
 * Whether a value is, or contains, a reference of any kind (a malformed one too), by the scanner's own
 * grammar: such text points at a secret and is never itself a secret value.
 */
export function holdsReference(value: string): boolean {
  const scan = scanReferences(value);
  return scan.references.length > 0 || scan.diagnostics.length > 0;
}

/** The reference to a key of a secret, in the store's own syntax (Write Secret, migration). */
export function keyReference(kind: 'vault' | 'aws', store: string, secretId: string, key: string): string {
  return kind === 'vault' ? formatVaultReference(store, secretId, key) : formatAwsReference({ secretId, jsonKey: key });
}
