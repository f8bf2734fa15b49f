// `secret-schema-mismatch`: the secret a self-hosted block points at must be the connection's whole
// credential JSON. The schema is the connection's `type` (connections files), the document's schema,
// or the best match by field overlap. Messages name fields only, never values.
import { CONNECTIONS, CredentialDocument, detectByOverlap, getSchema, parseJsonc, validateCredential } from '../schemas';
import { diagnosticKey, type CoreDiagnostic } from '../diagnostics';
import { findProperty } from '../schemas/jsonc';
import type { SecretValue } from '../stores/types';
import type { SecretSchemaCheck } from './resolutionDiagnostics';
import type { SecretReference } from './types';

const SELF_HOSTED_SCHEMA = 'self-hosted';

/** The credential schema a self-hosted block at `ref` stands for, when the document says (the hover's and the check's). */
export function schemaFromDocument(doc: CredentialDocument, ref: SecretReference): string | undefined {
  const schema = doc.detection.schema;
  if (schema === CONNECTIONS) {
    const entry = doc.entryAt(ref.offset);
    const node = entry ? doc.nodeOf(entry) : undefined;
    const type = node?.kind === 'object' ? findProperty(node, 'type')?.value?.value : undefined;
    return typeof type === 'string' ? type : undefined;
  }
  return schema && schema !== SELF_HOSTED_SCHEMA ? schema : undefined;
}

export interface SchemaFindings {
  schema: string;
  missing: string[];
  wrongType: string[];
}

/** Checks a secret's keys (never its values in any output) against a credential schema. */
export function checkSecretKeys(secret: SecretValue, schemaHint?: string): SchemaFindings | { notJson: true } {
  if (secret.type !== 'keyed') return { notJson: true };
  const { root } = parseJsonc(JSON.stringify(secret.data));
  const schemaName = schemaHint && getSchema(schemaHint) ? schemaHint : detectByOverlap(root);
  const schema = schemaName ? getSchema(schemaName) : undefined;
  if (!schema || !root) return { schema: schemaName ?? '', missing: [], wrongType: [] };
  const problems: CoreDiagnostic[] = [];
  validateCredential(root, schema, '', problems);
  return {
    schema: schema.name,
    missing: problems.filter((p) => p.code === 'missing-required').map(diagnosticKey),
    wrongType: problems.filter((p) => p.code === 'wrong-type' || p.code === 'not-nullable' || p.code === 'not-allowed').map((p) => p.path),
  };
}

export function selfHostedSchemaCheck(doc: CredentialDocument | undefined): SecretSchemaCheck {
  return (secret, ref) => {
    const findings = checkSecretKeys(secret, doc ? schemaFromDocument(doc, ref) : undefined);
    const where = `Secret "${ref.path}"`;
    if ('notJson' in findings) {
      return {
        message: `${where} is not a JSON object, so it cannot hold the connection's credentials. Store the credential JSON of the connection's schema in it.`,
      };
    }
    if (!findings.schema) return null;
    const problems: string[] = [];
    if (findings.missing.length) problems.push(`lacks the required field(s) ${findings.missing.join(', ')}`);
    if (findings.wrongType.length) problems.push(`has field(s) of the wrong type or value: ${findings.wrongType.join(', ')}`);
    if (problems.length === 0) return null;
    return { message: `${where} ${problems.join(' and ')} of the ${findings.schema} credential schema. Add them to the secret.` };
  };
}
