// `inline-secret`: a secret-holding field of a credential schema (password, private_key, token, ...)
// whose value is a literal instead of a reference. The quick fix "Move to a secret store…" (migration)
// reads `data` to know which field to move; the value itself is never put in the diagnostic.
import type { CoreDiagnostic } from '../diagnostics';
import { CONNECTIONS, CredentialDocument, getSchema, secretFieldPaths } from '../schemas';
import type { DetectOptions } from '../schemas/detection';
import type { JsonNode } from '../schemas/jsonc';
import { findProperty } from '../schemas/jsonc';
import { holdsReference } from './scanner';

/**
 * Whether a secret field's value is a secret written as plain text: not empty, no `${ENV}`
 * interpolation or `<placeholder>`, and no reference by the scanner's grammar (`holdsReference`), so
 * `Zx9{{Q!` is a password. The one rule for `inline-secret` and for what a migration moves.
 */
export function isLiteralSecret(value: string): boolean {
  if (value.trim() === '') return false;
  if (/^\$\{[^}]+\}$/.test(value) || /^<[^>]+>$/.test(value)) return false;
  return !holdsReference(value);
}

function nodeAt(root: JsonNode, fieldPath: string): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const part of fieldPath.split('.')) {
    if (node?.kind !== 'object') return undefined;
    node = findProperty(node, part)?.value;
  }
  return node;
}

function checkCredential(node: JsonNode | undefined, schema: string, base: number, pathPrefix: string, out: CoreDiagnostic[]): void {
  if (node?.kind !== 'object' || !getSchema(schema)) return;
  for (const fieldPath of secretFieldPaths(schema)) {
    const value = nodeAt(node, fieldPath);
    if (value?.kind !== 'string' || typeof value.value !== 'string' || !isLiteralSecret(value.value)) continue;
    out.push({
      code: 'inline-secret',
      severity: 'warning',
      message: `"${fieldPath}" holds a secret as plain text in this ${schema} credential. Move it to a secret store and reference it (vault.secret(...) or {{resolve:secretsmanager:...}}).`,
      offset: base + value.offset,
      length: value.length,
      path: pathPrefix + fieldPath,
      data: { schema, field: fieldPath, path: pathPrefix + fieldPath },
    });
  }
}

/** inline-secret diagnostics of a credential or connections document (none for other files). */
export function inlineSecretDiagnostics(docOrText: CredentialDocument | string, options: DetectOptions = {}): CoreDiagnostic[] {
  const doc = typeof docOrText === 'string' ? new CredentialDocument(docOrText, options) : docOrText;
  const schema = doc.detection.schema;
  const out: CoreDiagnostic[] = [];
  if (!schema) return out;
  for (const entry of doc.entries) {
    // Connection entries keep their parsed node only while used: nodeOf() re-parses on demand.
    const node = doc.nodeOf(entry);
    if (schema === CONNECTIONS) {
      if (node?.kind !== 'object') continue;
      const type = findProperty(node, 'type')?.value?.value;
      if (typeof type !== 'string') continue;
      checkCredential(findProperty(node, 'credentials')?.value, type, entry.start, `${entry.prefix}credentials.`, out);
    } else {
      checkCredential(node, schema, entry.start, entry.prefix, out);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
