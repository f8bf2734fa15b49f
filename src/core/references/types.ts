// The shapes of a parsed secret reference. Offsets are UTF-16 code-unit offsets into the document text.

export type ReferenceKind = 'vault' | 'aws' | 'self-hosted' | 'template';

export interface Span {
  offset: number;
  length: number;
}

/** Named parts of a reference, each with its exact span (used by hover, completion and highlighting). */
export interface ReferenceParts {
  /** Vault: the store config name written in the reference. */
  store?: Span;
  /** Vault: the secret path (may contain `/` and dots). */
  path?: Span;
  /** Vault: the key after the last dot; template: the response key. */
  key?: Span;
  /** AWS / self-hosted: the secret name or full ARN. */
  secretId?: Span;
  /** AWS: the region inside an ARN secret id. */
  region?: Span;
  /** AWS: the JSON key inside a SecretString. */
  jsonKey?: Span;
  versionStage?: Span;
  versionId?: Span;
  /** Template: the template (workflow) name, e.g. `getSecrets`. */
  template?: Span;
}

export interface ParsedArn {
  partition: string;
  region: string;
  accountId: string;
  /** The secret name as written in the ARN, including AWS's 6-character random suffix if present. */
  resourceName: string;
  /** The name without the `-AbCdEf` suffix when the ARN is a complete one. */
  secretName: string;
  hasRandomSuffix: boolean;
}

export interface SelfHostedFields {
  assumableRole: string | null;
  externalId: string | null;
  region: string | null;
}

export interface SecretReference {
  kind: ReferenceKind;
  /** The whole reference (for a self-hosted block: the whole JSON object). */
  offset: number;
  length: number;
  raw: string;
  /** Vault: the store config name as written; other kinds: null (resolution picks the store). */
  storeName: string | null;
  /** Template: the template name; other kinds: null. */
  templateName: string | null;
  /** Vault path, or AWS / self-hosted secret id (name or ARN); null for templates. */
  path: string | null;
  /** Vault key, AWS JSON key, or template response key. */
  key: string | null;
  versionStage: string | null;
  versionId: string | null;
  /** Parsed ARN when the secret id is one. */
  arn: ParsedArn | null;
  /** Self-hosted block fields other than the key. */
  selfHosted: SelfHostedFields | null;
  parts: ReferenceParts;
}

export interface ScanResult {
  references: SecretReference[];
  diagnostics: import('../diagnostics').CoreDiagnostic[];
}
