// The shapes of a migration: where the credentials go (target), what will be written and edited (plan),
// and what happened (report). Offsets are UTF-16 code-unit offsets into the planned document text.
import type { MaskedValues } from './maskedValues';

export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

/** AWS Secrets Manager: one secret per connection, the config becomes a self-hosted block. */
export interface AwsTarget {
  kind: 'aws';
  /** Store config name. */
  store: string;
  region: string;
  /** Written into the self-hosted block when the store config has them. */
  assumableRole?: string;
  externalId?: string;
  /** Account the secret lives in, when known (from the role ARN); else a placeholder in previews. */
  accountId?: string;
  /** Account trusted by the role trust policy (Monte Carlo's V2 platform account, from "Using self-hosted credentials"). */
  trustedAccountId: string;
}

/** Vault / OpenBao KV: one secret per connection, each secret field becomes a vault.secret(...) reference. */
export interface VaultTarget {
  kind: 'vault';
  store: string;
  /** KV mount, e.g. `secret` or `kv` (for the read policy artefact only). */
  enginePath: string;
  /** KV version when known; the policy artefact uses `data/` for 2. */
  kvVersion?: 1 | 2;
}

export type MigrationTarget = AwsTarget | VaultTarget;

/** A secret-holding field replaced by a reference (Vault target). */
export interface SecretField {
  /** Dotted path inside the credentials, e.g. `password`, `ssl_options.key`. */
  path: string;
  /** Key of the field inside the new secret (dots become `__`, since references split on the last dot). */
  key: string;
  /** The string node of the value, quotes included. */
  offset: number;
  length: number;
}

export interface Artefacts {
  /** IAM policy granting secretsmanager:GetSecretValue on exactly the secret's ARN (AWS). */
  iamPolicy?: string;
  /** Trust policy of the assumable role, with the external id (AWS). */
  trustPolicy?: string;
  /** `montecarlo integrations update --replace-all ...` (AWS). */
  montecarloCommand?: string;
  /** Read-only policy on the secret's path (Vault). */
  vaultPolicy?: string;
}

export type PlanStatus = 'ready' | 'skipped';

export interface PlannedConnection {
  /** File order, 0-based. */
  index: number;
  /** Connection name (entry key, `name` field, or derived), unique within the plan. */
  name: string;
  /** Dotted/indexed location in the file: '' (credential document), `[3]`, `prod-pg`. */
  location: string;
  /** Monte Carlo connection id when the entry carries one. */
  connectionId: string | null;
  schema: string;
  status: PlanStatus;
  /** Why a connection is skipped (already a reference, nothing secret, ...). */
  skipReason?: string;
  /** Skipped because its credentials are in a store already: the file holds references or a self-hosted block. */
  alreadyMigrated: boolean;
  /** AWS secret name or Vault path (relative to the engine). */
  secretPath: string;
  /** Keys the new secret holds (never values). */
  secretKeys: string[];
  /** What will be written; masked in every printable form. */
  values: MaskedValues;
  /** The credentials object node (replaced for AWS). */
  credentials: { offset: number; length: number };
  /** Fields replaced by references (Vault). */
  fields: SecretField[];
  /** The edits for this connection once the secret id is known (AWS: the ARN; Vault: ignored). */
  editsFor(secretId: string): TextEdit[];
  /** The artefacts for a given secret id (preview: a predicted ARN). */
  artefactsFor(secretId: string): Artefacts;
  /** The secret id shown before creation (AWS: predicted ARN with placeholders; Vault: the path). */
  previewSecretId: string;
}

export interface MigrationPlan {
  /** File path or URI the plan was made from. */
  source: string;
  target: MigrationTarget;
  /** sha256 of the planned text; the executor refuses a document whose text no longer matches. */
  baseHash: string;
  /** Editor version of the planned text, when the caller has one. */
  baseVersion?: number;
  /** 'document' for one credential document, 'connections' for a connections file. */
  shape: 'document' | 'connections';
  connections: PlannedConnection[];
  /** Unified diff of the rewritten config with every secret value masked. */
  diff: string;
  /** Whole rewritten text with secret values masked (for a side-by-side preview). */
  maskedBefore: string;
  maskedAfter: string;
}
