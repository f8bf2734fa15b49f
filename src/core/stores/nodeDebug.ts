// NODE_DEBUG=http (or https, net, tls, a wildcard) makes Node itself print every request's options,
// headers included, on stderr: the X-Vault-Token and AWS signatures of each call, into the terminal
// or the editor's logs. Node reads the variable once at start, so nothing can switch it off later:
// while it is set, the store layer contacts no store and says why.
import { steps, StoreError } from './storeError';

/** Node's debug sections that log request options or socket data. */
const SENSITIVE = ['http', 'https', 'http2', 'net', 'tls', 'undici', 'fetch'];

/** The NODE_DEBUG entry that would print credentials, or undefined. */
export function nodeDebugExposure(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const entry of (env.NODE_DEBUG ?? '').split(/[\s,]+/).filter(Boolean)) {
    const pattern = new RegExp(`^${entry.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
    if (SENSITIVE.some((name) => pattern.test(name))) return entry;
  }
  return undefined;
}

export function nodeDebugRefusal(store: string, entry: string): StoreError {
  // The store is not the problem and no reference is wrong: like a disabled config, nothing is contacted
  // (a reference reports store-unreachable, a batch stops); the only fix is the environment's.
  return new StoreError({
    kind: 'disabled',
    fixes: [],
    store,
    problem: `NODE_DEBUG includes "${entry}", which makes Node print every request's headers (tokens, signatures) into the logs, so no store is contacted.`,
    action: {
      editor: `Start the editor without NODE_DEBUG (or without "${entry}" in it), then try again. ${steps.testConnection.editor}`,
      terminal: `Run again without NODE_DEBUG (e.g. "env -u NODE_DEBUG secretref ..."), or without "${entry}" in it.`,
    },
  });
}
