// Shared by the CLI tests of migrate and mv (test/live/migrationCli.test.ts, move*.test.ts): the CLI's IO captured
// (journals in the test folder), a tree of files referencing a
// Vault secret, and whether a secret is gone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/cliTypes';
import { isStoreError } from '../../src/core/stores/storeError';
import type { SecretStore } from '../../src/core/stores/types';
import { writeTree } from './fileTree';
import { testEnvironment } from './testEnv';

export interface Captured extends CliIO {
  out: string[];
  err: string[];
}

/** The CLI's IO with its output captured; `confirm` answers mv's delete question (none: no terminal). */
export function capturedIo(cwd: string, env: NodeJS.ProcessEnv, confirm?: CliIO['confirm']): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    cwd,
    // Journals go to the test folder, not the machine's state folder.
    env: { SECRETREF_STATE_DIR: path.join(cwd, '.state'), ...env },
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    confirm,
  };
}

export async function absent(store: SecretStore, secretPath: string): Promise<boolean> {
  try {
    const metadata = await store.metadata(secretPath);
    return metadata.deletedDate !== undefined;
  } catch (error) {
    if (isStoreError(error) && error.kind === 'not-found') return true;
    throw error;
  }
}

/** The files of the tree with references to `bao:<p>` in JSON, YAML and .env, plus one to another secret. */
export function vaultTree(dir: string, p: string, other: string): Record<string, string> {
  const files = {
    'conf/a.json': `{\n  "password": "vault.secret(bao:${p}.password)",\n  "user": "vault.secret(bao:${p}.user)"\n}\n`,
    'conf/b.yaml': `db:\n  password: vault.secret(bao:${p}.password)\n  other: vault.secret(bao:${other}.password)\n`,
    'deploy/.env': `DB_PASSWORD=vault.secret(bao:${p}.password)\n`,
    'README.md': 'no references here\n',
  };
  writeTree(dir, files);
  fs.writeFileSync(
    path.join(dir, 'stores.json'),
    JSON.stringify([{ name: 'bao', kind: 'vault', url: testEnvironment().vault.address, auth: 'token' }]),
  );
  return files;
}
