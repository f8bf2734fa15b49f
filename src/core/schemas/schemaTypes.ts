// The Cerberus-like vocabulary the credential schemas are written in (see Monte Carlo, "Using
// self-hosted credentials": https://docs.getmontecarlo.com/docs/using-self-hosted-credentials).
export type FieldType = 'string' | 'integer' | 'boolean' | 'dict';

export interface FieldSpec {
  type: FieldType;
  required: boolean;
  /** Cerberus default is false: `null` is rejected unless the schema says otherwise. */
  nullable?: boolean;
  allowed?: readonly string[];
  /** Nested fields of a `dict`. */
  schema?: Readonly<Record<string, FieldSpec>>;
  /** One line, written from the seed, shown in completion and hover. */
  description: string;
  /** True when the field holds a secret value (password, key, token): never shown or logged. */
  secret?: boolean;
}

export type FieldMap = Readonly<Record<string, FieldSpec>>;

/** A schema with one field set, or (hive) several shapes chosen by the `mode` key. */
export interface CredentialSchema {
  name: string;
  description: string;
  fields?: FieldMap;
  /** Shapes by `mode` value; the `mode` key itself is implied and required. */
  modes?: Readonly<Record<string, FieldMap>>;
}
