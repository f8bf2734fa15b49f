// `inline-secret` in YAML, .env, Python, TOML and properties files, by the same rule as JSON
// (references/inlineSecrets.ts `checkCredential`, schemas/secretFields.ts): the key/value pairs a
// format scanner found become a tree; an object with a `type` and a `credentials` object is a
// connection, whose credentials are checked against the schema `type` names (field names where no
// schema has that name); every other key counts by its name (password, api_key, DB_TOKEN...).
import type { CoreDiagnostic } from '../diagnostics';
import { checkCredential } from '../references/inlineSecrets';
import type { JsonTree } from '../schemas/jsonTree';
import type { KeyValue } from './types';

interface KvNode {
  offset: number;
  length: number;
  value?: string;
  members?: [string, KvNode][];
}

function treeOf(entries: readonly KeyValue[]): KvNode {
  const root: KvNode = { offset: 0, length: 0, members: [] };
  for (const entry of entries) {
    let node = root;
    for (const segment of entry.path.slice(0, -1)) {
      let next = node.members!.find(([key]) => key === segment)?.[1];
      if (!next || !next.members) {
        next = { offset: entry.offset, length: entry.length, members: [] };
        node.members!.push([segment, next]);
      }
      node = next;
    }
    node.members!.push([entry.path[entry.path.length - 1], { offset: entry.offset, length: entry.length, value: entry.value }]);
  }
  return root;
}

const member = (node: KvNode, key: string) => node.members?.find(([name]) => name === key)?.[1];

function connectionType(node: KvNode): string | undefined {
  const credentials = member(node, 'credentials');
  const type = member(node, 'type')?.value;
  return credentials?.members && type !== undefined ? type : undefined;
}

/** The tree with connections' `credentials` hidden: those are checked against their own type. */
const OUTSIDE_CONNECTIONS: JsonTree<KvNode> = {
  members: (node) => node.members?.filter(([key]) => !(key === 'credentials' && connectionType(node) !== undefined)),
  text: (node) => node.value,
};

const PLAIN: JsonTree<KvNode> = { members: (node) => node.members, text: (node) => node.value };

/** inline-secret diagnostics of a scanned non-JSON config, in document order. */
export function formatSecretDiagnostics(entries: readonly KeyValue[]): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const root = treeOf(entries);
  checkCredential(OUTSIDE_CONNECTIONS, root, null, 0, '', out);
  const visit = (node: KvNode, prefix: string) => {
    for (const [key, child] of node.members ?? []) {
      if (!child.members) continue;
      const type = connectionType(child);
      if (type !== undefined) checkCredential(PLAIN, member(child, 'credentials'), type, 0, `${prefix}${key}.credentials.`, out);
      visit(child, `${prefix}${key}.`);
    }
  };
  const type = connectionType(root);
  if (type !== undefined) checkCredential(PLAIN, member(root, 'credentials'), type, 0, 'credentials.', out);
  visit(root, '');
  return out.sort((a, b) => a.offset - b.offset);
}
