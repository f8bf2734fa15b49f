// Which fields of a credential hold secrets: the one rule behind the `inline-secret` diagnostic, its
// quick fix (migration planning) and Write Secret's document pairs. A field the schema defines is a
// secret when the schema flags it (`secret: true`: password, ssl_options.key, ...), whatever its name
// (tableau's `token_name` is not). A key the schema does not define, or any key when no schema is
// known, is a secret when its name says so (api_key, token, extra.token). Objects are walked: the
// schema's dicts and objects the schema does not define; only string values count.
import { lastMember, type JsonTree } from './jsonTree';
import { fieldSpec, fieldsFor, getSchema, MODE_KEY } from './registry';
import type { FieldMap, FieldSpec } from './schemaTypes';

/** Names of keys outside a schema that hold secrets by convention. */
const SECRET_NAME = /(^|_)(password|passwd|secret|token|private_key|ssh_key|api_key|access_key)($|_)/i;

/**
 * The rule for one key: the schema's flag when the schema defines it (`spec`), else the key's name.
 * The validator puts it on its diagnostics (`data.secret`) so `check --fix` leaves secret fields alone.
 */
export function holdsSecret(spec: FieldSpec | undefined, key: string): boolean {
  return spec ? spec.secret === true : SECRET_NAME.test(key);
}

export interface SecretValue<N> {
  /** Dotted path inside the credential (`password`, `ssl_options.key`, `extra.token`). */
  path: string;
  node: N;
  value: string;
}

/** Every secret-holding field of a credential object whose value is a string, in document order. */
export function secretValues<N>(schemaName: string | null | undefined, credentials: N, tree: JsonTree<N>): SecretValue<N>[] {
  const out: SecretValue<N>[] = [];
  // Each object's members are listed once (a file of 20,000 connections asks for every credential's).
  const members = tree.members(credentials);
  if (!members) return out;
  const schema = schemaName ? getSchema(schemaName) : undefined;
  const mode = schema ? lastMember(members, MODE_KEY) : undefined;
  collect(tree, members, schema ? fieldsFor(schema, mode && tree.text(mode)) : undefined, '', out);
  return out;
}

function collect<N>(
  tree: JsonTree<N>,
  members: readonly (readonly [string, N])[],
  fields: FieldMap | undefined,
  prefix: string,
  out: SecretValue<N>[],
): void {
  for (const [key, node] of members) {
    const spec = fieldSpec(fields, key);
    const path = prefix + key;
    const nested = !spec || spec.type === 'dict' ? tree.members(node) : undefined;
    if (nested) {
      collect(tree, nested, spec?.schema, `${path}.`, out);
      continue;
    }
    const value = tree.text(node);
    if (value !== undefined && holdsSecret(spec, key)) out.push({ path, node, value });
  }
}
