// `secretref check --fix`: the deterministic subset of the editor's schema quick fixes
// (schemas/quickFixes.ts, the same fixes, not a second set), applied to a whole credential or
// connections file. Deterministic means: the diagnostic is `missing-required`, `wrong-type` (string <->
// integer) or `unknown-key`, and the editor offers exactly one preferred fix for it (several missing
// keys of one object: "Add all missing required keys"). Choices are left to the user: `not-allowed`
// (which value), `duplicate-key` (which copy). Secrets are never touched: no fix on a secret field
// (schemas/secretFields.ts, `data.secret`) and no edit over an inline secret (moving one is `migrate`).
// A file with a syntax error or a duplicate key, or whose schema is only guessed from its fields, is
// not fixed at all. Edits keep everything around them (comments, indentation, the file's line ends).
import type { CoreDiagnostic } from './diagnostics';
import { detectStyle } from './migration/rewrite';
import { inlineSecretDiagnostics } from './references/inlineSecrets';
import { applyEdits, CODES, computeDocumentQuickFixes, CredentialDocument, type QuickFix, type TextEdit } from './schemas';
import type { DetectOptions } from './schemas/detection';

/** The diagnostic codes `--fix` may fix. */
export const FIXABLE_CODES: ReadonlySet<string> = new Set([CODES.missingRequired, CODES.wrongType, CODES.unknownKey]);

/** Passes over one file: a fix can reveal another (an added `credentials: {}` lacks its keys). */
export const MAX_FIX_PASSES = 8;

export interface AutoFixResult {
  /** The fixed text (the input when nothing was fixed). */
  text: string;
  /** Fixes applied, over every pass. */
  applied: number;
  /** Why the file was not fixed at all: the first syntax error or duplicate key, or a guessed schema. */
  refused?: { reason: 'syntax' | 'duplicate-key' | 'guessed-schema'; offset: number };
}

/** Ranges that overlap or touch (two insertions at one offset conflict: their order would be a guess). */
function touches(a: { offset: number; length: number }, b: { offset: number; length: number }): boolean {
  return a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
}

/** An edit that changes text inside a secret (an insertion just before or after one leaves it whole). */
function inside(edit: TextEdit, secret: CoreDiagnostic): boolean {
  const end = secret.offset + secret.length;
  if (edit.length === 0) return secret.offset < edit.offset && edit.offset < end;
  return edit.offset < end && secret.offset < edit.offset + edit.length;
}

const identity = (d: CoreDiagnostic) => `${d.code}\u0000${d.offset}\u0000${d.path}`;

/** The one fix `--fix` applies for a diagnostic, or undefined when there is none or a choice. */
function deterministicFix(doc: CredentialDocument, diagnostic: CoreDiagnostic, fixable: readonly CoreDiagnostic[]): QuickFix | undefined {
  const preferred = computeDocumentQuickFixes(doc, diagnostic, fixable).filter((fix) => fix.isPreferred);
  return preferred.length === 1 ? preferred[0] : undefined;
}

/** The first problem that stops --fix: a syntax error or a duplicate key. */
function blockerOf(diagnostics: readonly CoreDiagnostic[]): CoreDiagnostic | undefined {
  return diagnostics.find((d) => d.code === CODES.syntax || d.code === CODES.duplicateKey);
}

/** One pass: every non-conflicting deterministic fix of the document, or a refusal. */
function onePass(doc: CredentialDocument): { edits: TextEdit[]; fixes: number } | NonNullable<AutoFixResult['refused']> {
  const all = doc.diagnostics();
  const blocker = blockerOf(all);
  if (blocker) return { reason: blocker.code === CODES.syntax ? 'syntax' : 'duplicate-key', offset: blocker.offset };
  // Secret fields are not fixable, so "Add all missing required keys" never adds a secret placeholder either.
  const fixable = all.filter((d) => FIXABLE_CODES.has(d.code) && d.data?.secret !== true);
  const secrets = inlineSecretDiagnostics(doc);
  const edits: TextEdit[] = [];
  const covered = new Set<string>();
  let fixes = 0;
  for (const diagnostic of fixable) {
    if (covered.has(identity(diagnostic))) continue;
    const fix = deterministicFix(doc, diagnostic, fixable);
    if (!fix) continue;
    if (fix.edits.some((e) => secrets.some((s) => inside(e, s)) || edits.some((o) => touches(e, o)))) continue;
    edits.push(...fix.edits);
    for (const d of fix.diagnostics) covered.add(identity(d));
    fixes += fix.diagnostics.length;
  }
  return { edits, fixes };
}

/** Applies the deterministic fixes of a credential or connections file (text after any BOM). */
export function autoFix(text: string, options: DetectOptions): AutoFixResult {
  const eol = detectStyle(text).eol;
  let current = text;
  let applied = 0;
  // The text before the last pass: a pass whose result does not parse is undone.
  let previous = { text, applied };
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const doc = new CredentialDocument(current, options);
    if (!doc.detection.schema) break;
    const result = onePass(doc);
    if (!('edits' in result)) return pass === 0 ? { text, applied: 0, refused: result } : previous;
    if (result.fixes === 0) break;
    // Removing keys by a schema guessed from the other keys is a guess too: said, not done.
    if (doc.detection.source === 'overlap') return { text, applied: 0, refused: { reason: 'guessed-schema', offset: 0 } };
    // The quick fixes insert '\n'; a CRLF file keeps its line ends.
    const edits = eol === '\n' ? result.edits : result.edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, eol) }));
    previous = { text: current, applied };
    current = applyEdits(current, edits);
    applied += result.fixes;
  }
  // The last pass's result is parsed once more, so a fix that broke the file is never kept.
  if (applied > previous.applied && blockerOf(new CredentialDocument(current, options).diagnostics())) return previous;
  return { text: current, applied };
}
