// What detection and the secret-field rule need of a parsed JSON tree (the one parser's, jsonc.ts), kept
// generic so the parser differential test can read its oracle (jsonc-parser) by the same rule.
import type { JsonNode } from './jsonc';

export interface JsonTree<N> {
  /** The members (key, value) of an object node, in document order; undefined for any other node. */
  members(node: N): readonly (readonly [string, N])[] | undefined;
  /** The value of a string node; undefined for any other node. */
  text(node: N): string | undefined;
}

/** The value of the last member named `key` (the one JSON.parse keeps). */
export function memberValue<N>(tree: JsonTree<N>, node: N, key: string): N | undefined {
  return lastMember(tree.members(node) ?? [], key);
}

/** memberValue() for members already listed. */
export function lastMember<N>(members: readonly (readonly [string, N])[], key: string): N | undefined {
  let found: N | undefined;
  for (const [name, value] of members) if (name === key) found = value;
  return found;
}

/** The schemas layer's own tree. */
export const JSON_NODE_TREE: JsonTree<JsonNode> = {
  members: (node) => {
    if (node.kind !== 'object') return undefined;
    const out: (readonly [string, JsonNode])[] = [];
    for (const p of node.props ?? []) if (p.value) out.push([p.key, p.value]);
    return out;
  },
  text: (node) => (node.kind === 'string' && typeof node.value === 'string' ? node.value : undefined),
};
