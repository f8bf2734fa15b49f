// The schemas layer's one detector and one secret-field rule (schemas/detection.ts,
// schemas/secretFields.ts) on jsonc-parser's tree, which migration edits by exact node offsets.
import type { Node } from 'jsonc-parser';
import { SCHEMAS } from '../schemas/definitions';
import { detectSchema } from '../schemas/detection';
import type { JsonTree } from '../schemas/jsonTree';
import { secretValues } from '../schemas/secretFields';

export interface SecretFieldNode {
  /** Dotted path inside the credentials. */
  path: string;
  node: Node;
}

export const SCHEMA_NAMES: readonly string[] = SCHEMAS.map((schema) => schema.name);

/** jsonc-parser's tree as the shared rules read it (schemas/jsonTree.ts). */
export const JSONC_PARSER_TREE: JsonTree<Node> = {
  members: (node) =>
    node.type === 'object'
      ? (node.children ?? []).flatMap((member) => {
          const [keyNode, valueNode] = member.children ?? [];
          return keyNode && valueNode ? [[String(keyNode.value), valueNode] as const] : [];
        })
      : undefined,
  text: (node) => (node.type === 'string' && typeof node.value === 'string' ? node.value : undefined),
};

/** Secret-holding fields whose value is a string literal (other types cannot become references). */
export function secretFieldNodes(schemaName: string | null, credentials: Node): SecretFieldNode[] {
  return secretValues(schemaName, credentials, JSONC_PARSER_TREE).map(({ path, node }) => ({ path, node }));
}

/** Schema by field overlap, for a credentials object with no name hint (or null when none fits). */
export function detectSchemaByFields(credentials: Node): string | null {
  return detectSchema(credentials, JSONC_PARSER_TREE) ?? null;
}
