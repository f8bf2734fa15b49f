// `check --format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers. One
// rule per diagnostic code (ruleId = the code) with its help text; each result carries the finding's
// fingerprint (file + key path + code, not the line) as a partial fingerprint, so code scanning tracks
// an alert across edits above it.
import type { Severity } from '../../core/diagnostics';
import type { CheckFinding } from '../policy';

/** What each code means and what to do, for the rules of the log (and a reader of the alert). */
export const RULE_HELP: Readonly<Record<string, string>> = {
  syntax: 'The file is not valid JSON (JSONC comments and trailing commas are allowed). Fix the syntax at the position shown.',
  'missing-required': 'A field the credential schema requires is missing. Add it (a reference for a secret field).',
  'wrong-type': 'A value has the wrong JSON type for the schema (e.g. a port as a string). Use the type the message names.',
  'not-nullable': 'The schema does not allow null for this field. Give it a value or remove it.',
  'not-allowed': 'The value is not one the schema allows for this field. Use one of the values the message lists.',
  'unknown-key': 'The schema does not define this key. Remove it or fix its spelling.',
  'duplicate-key': 'The key appears twice; only the last value counts. Remove one.',
  'unknown-schema': 'The connection names a type that is no credential schema. Use one of the schema names.',
  'inline-secret':
    'A secret-holding field holds a literal value. Move the secret to a secret store (secretref migrate, or the editor quick fix) and reference it: vault.secret(<store>:<path>.<key>) or {{resolve:secretsmanager:<secret>:SecretString:<key>}}.',
  'malformed-reference': 'A secret reference does not follow its grammar. Fix it as the message says.',
  'unterminated-reference': 'A secret reference is not closed. Add the closing ) or }}.',
  'unknown-store': 'The reference names a store that is not configured. Add the store config or fix the name.',
  'secret-not-found': 'The referenced secret does not exist in the store. Create it or fix the path.',
  'key-not-found': 'The referenced secret has no such key. Add the key or fix its name.',
  'access-denied': 'The store refused to read the secret. Grant the reading role access to it.',
  'store-unreachable':
    'The store could not be reached (network, TLS or timeout): the reference was not checked. With --resolve this fails the run unless --allow-unresolved.',
  'signed-out':
    'No credentials for the store: the reference was not checked. Provide them (VAULT_TOKEN, the AWS chain) or pass --allow-unresolved.',
  'secret-schema-mismatch':
    "The secret a self-hosted block points at does not fit the connection's credential schema. Fix the secret's keys.",
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

const FINGERPRINT_KEY = 'secretrefFinding/v1';

export interface SarifOptions {
  version: string;
}

/** The SARIF 2.1.0 log of a check run. File URIs are relative to the checked root (%SRCROOT%). */
export function sarifLog(findings: readonly CheckFinding[], options: SarifOptions): object {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const index = new Map(codes.map((code, i) => [code, i]));
  const rules = codes.map((code) => {
    const help = RULE_HELP[code] ?? findings.find((f) => f.code === code)!.message;
    const severity = findings.find((f) => f.code === code)!.severity;
    return {
      id: code,
      name: code.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: help.split('. ')[0].replace(/\.$/, '') + '.' },
      fullDescription: { text: help },
      help: { text: help },
      defaultConfiguration: { level: LEVEL[severity] },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: index.get(f.code)!,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column },
        },
        ...(f.path ? { logicalLocations: [{ fullyQualifiedName: f.path, kind: 'member' }] } : {}),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'secretref',
            version: options.version,
            informationUri: 'https://github.com/secretref/secretref',
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
