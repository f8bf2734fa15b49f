// Quick fixes as plain text edits: add missing required keys, convert a value between string and
// integer, remove an unknown or duplicate key, pick an allowed value. Each fix parses only the
// object or property it touches.
import type { CoreDiagnostic } from '../diagnostics';
import { defaultValue } from './completion';
import type { CredentialDocument } from './credentialDocument';
import { JsoncParser } from './jsonc';
import { CODES } from './validator';

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply when the user asks for "the" fix. */
  isPreferred?: boolean;
  /** The diagnostics this fix resolves. */
  diagnostics: CoreDiagnostic[];
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** Inserts `"key": value` lines for every missing key at the end of the object at `objectOffset`. */
function addKeys(text: string, objectOffset: number, missing: CoreDiagnostic[]): TextEdit | undefined {
  const parser = new JsoncParser(text, objectOffset);
  const object = parser.parseValue();
  if (object?.kind !== 'object') return undefined;
  const members = missing.map(
    (d) =>
      `${JSON.stringify(d.data?.key)}: ${defaultValue(d.data?.expected as string | undefined, d.data?.allowed as string[] | undefined)}`,
  );
  const props = object.props!;
  const last = props[props.length - 1];
  if (last) {
    const end = last.value ? last.value.offset + last.value.length : last.keyOffset + last.keyLength;
    const indent = lineIndent(text, last.keyOffset);
    const sameLine = !text.slice(objectOffset, last.keyOffset).includes('\n');
    const separator = sameLine ? ', ' : `,\n${indent}`;
    return { offset: end, length: 0, newText: separator + members.join(separator) };
  }
  const indent = lineIndent(text, objectOffset);
  const unit = indent.includes('\t') ? '\t' : '  ';
  return { offset: objectOffset + 1, length: 0, newText: `\n${indent}${unit}${members.join(`,\n${indent}${unit}`)}\n${indent}` };
}

/**
 * Removes the property whose key starts at `keyOffset`, with the comma that separates it. A comment
 * after that comma belongs to the next property and stays.
 */
function removeProperty(text: string, keyOffset: number): TextEdit | undefined {
  const parser = new JsoncParser(text, keyOffset);
  if (parser.skipTrivia() !== 34) return undefined;
  parser.parseString();
  if (parser.skipTrivia() === 58) {
    parser.pos++;
    parser.parseValue();
  }
  const end = parser.pos;
  if (parser.skipTrivia() === 44) {
    let after = parser.pos + 1;
    while (after < text.length && /\s/.test(text[after])) after++;
    return { offset: keyOffset, length: after - keyOffset, newText: '' };
  }
  let i = keyOffset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (text[i] === ',') return { offset: i, length: end - i, newText: '' };
  return { offset: keyOffset, length: end - keyOffset, newText: '' };
}

export function computeQuickFixes(text: string, diagnostic: CoreDiagnostic, all: readonly CoreDiagnostic[] = [diagnostic]): QuickFix[] {
  const key = diagnostic.data?.key as string | undefined;
  switch (diagnostic.code) {
    case CODES.missingRequired: {
      const fixes: QuickFix[] = [];
      const one = addKeys(text, diagnostic.offset, [diagnostic]);
      if (one) fixes.push({ title: `Add missing required key "${key}"`, edits: [one], diagnostics: [diagnostic] });
      const siblings = all.filter((d) => d.code === CODES.missingRequired && d.offset === diagnostic.offset);
      if (siblings.length > 1) {
        const every = addKeys(text, diagnostic.offset, siblings);
        if (every) fixes.unshift({ title: 'Add all missing required keys', edits: [every], isPreferred: true, diagnostics: siblings });
      } else if (fixes[0]) {
        fixes[0].isPreferred = true;
      }
      return fixes;
    }
    case CODES.wrongType: {
      if (!diagnostic.data?.convertible) return [];
      const raw = text.slice(diagnostic.offset, diagnostic.offset + diagnostic.length);
      let newText: string;
      let title: string;
      if (diagnostic.data.expected === 'integer') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          return [];
        }
        if (typeof parsed !== 'string' || !/^-?\d+$/.test(parsed)) return [];
        newText = String(Number(parsed));
        title = `Convert "${key}" to an integer`;
      } else {
        newText = JSON.stringify(raw);
        title = `Convert "${key}" to a string`;
      }
      return [
        { title, edits: [{ offset: diagnostic.offset, length: diagnostic.length, newText }], isPreferred: true, diagnostics: [diagnostic] },
      ];
    }
    case CODES.unknownKey:
    case CODES.duplicateKey: {
      const edit = removeProperty(text, diagnostic.offset);
      if (!edit) return [];
      const what = diagnostic.code === CODES.unknownKey ? 'unknown' : 'duplicate';
      return [{ title: `Remove ${what} key "${key}"`, edits: [edit], isPreferred: true, diagnostics: [diagnostic] }];
    }
    case CODES.notAllowed: {
      const allowed = (diagnostic.data?.allowed as string[] | undefined) ?? [];
      return allowed.map((value, i) => ({
        title: `Change "${key}" to "${value}"`,
        edits: [{ offset: diagnostic.offset, length: diagnostic.length, newText: JSON.stringify(value) }],
        isPreferred: i === 0 && allowed.length === 1,
        diagnostics: [diagnostic],
      }));
    }
    default:
      return [];
  }
}

/** Applies non-overlapping edits to a text (for tests and the CLI). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, edit.offset) + edit.newText + out.slice(edit.offset + edit.length);
  }
  return out;
}

/**
 * Quick fixes of a document's diagnostic, computed on the text of the one entry that holds it
 * (a connection of a big file), so the whole text is not rebuilt.
 */
export function computeDocumentQuickFixes(
  doc: CredentialDocument,
  diagnostic: CoreDiagnostic,
  all: readonly CoreDiagnostic[] = doc.diagnostics(),
): QuickFix[] {
  const entry = doc.entryAt(diagnostic.offset);
  if (!entry || entry.kind === 'credential' || diagnostic.offset + diagnostic.length > entry.end)
    return computeQuickFixes(doc.text, diagnostic, all);
  const start = entry.start;
  const local = (d: CoreDiagnostic) => ({ ...d, offset: d.offset - start });
  const siblings = all.filter((d) => d.offset >= start && d.offset <= entry.end).map(local);
  return computeQuickFixes(doc.entryText(entry), local(diagnostic), siblings).map((fix) => ({
    ...fix,
    edits: fix.edits.map((e) => ({ ...e, offset: e.offset + start })),
    diagnostics: fix.diagnostics.map((d) => ({ ...d, offset: d.offset + start })),
  }));
}
