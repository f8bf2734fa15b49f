// What the demo and the e2e suite share: the demo store configs (settings), the environment that lets
// them connect without typing a token, where the VS Code server reads settings from, and installing
// the packaged .vsix into a fresh extensions folder.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { AWS_REGION, AWS_TEST_CREDENTIALS } from '../support/seed';
import { requireEnv } from '../support/processes';

export const DEMO_VAULT_STORE = 'demo-vault';
export const DEMO_AWS_STORE = 'demo-aws';

export interface DemoStoreAddresses {
  vaultAddress: string;
  vaultToken: string;
  awsEndpoint: string;
}

/** `secretref.*` settings naming the two demo stores. No token or key here: those come from the env. */
export function demoStoreSettings(stores: DemoStoreAddresses): Record<string, unknown> {
  return {
    'secretref.stores': [
      { kind: 'vault', name: DEMO_VAULT_STORE, url: stores.vaultAddress, enginePath: 'secret', kvVersion: 2, auth: 'token' },
      { kind: 'aws', name: DEMO_AWS_STORE, region: AWS_REGION, endpoint: stores.awsEndpoint, auth: 'default' },
    ],
    'secretref.defaultAwsStore': DEMO_AWS_STORE,
  };
}

/** Keeps first-run noise (welcome page, trust prompt, chat, tips) out of the way of the demo files. */
export const QUIET_WORKBENCH: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * The process environment of the VS Code server: the stores helper's Vault token auth falls back to
 * VAULT_TOKEN when the config URL equals VAULT_ADDR; the AWS default chain reads the AWS_* variables.
 */
export function demoServerEnv(stores: DemoStoreAddresses, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    VAULT_ADDR: stores.vaultAddress,
    VAULT_TOKEN: stores.vaultToken,
    AWS_ACCESS_KEY_ID: AWS_TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: AWS_TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION,
    AWS_DEFAULT_REGION: AWS_REGION,
    // Never read the developer's own AWS files during a demo or a test.
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_CONFIG_FILE: '/dev/null',
  };
}

/**
 * Writes user settings where the VS Code server reads them. Verified with a probe extension on 1.139:
 * `<user-data-dir>/User/settings.json` is reported as inspect().globalValue for every scope
 * (application, machine, window). `<user-data-dir>/Machine/settings.json` would also be read, but it
 * overrides machine- and window-scoped keys, so "Add Store Config" (which writes User settings) would
 * seem to do nothing: only the User file is written.
 */
export function writeServerSettings(userDataDir: string, settings: Record<string, unknown>): void {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Installs a .vsix with the server's own CLI into the given folders (the ones the server then uses). */
export async function installVsix(vsix: string, dirs: { userData: string; serverData: string; extensions: string }): Promise<string> {
  const node24 = requireEnv('SECRETREF_NODE24');
  const serverMain = path.join(requireEnv('SECRETREF_CODE_SERVER'), 'lib/vscode/out/server-main.js');
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const { stdout, stderr } = await promisify(execFile)(
    node24,
    [
      serverMain,
      '--accept-server-license-terms',
      '--user-data-dir',
      dirs.userData,
      '--server-data-dir',
      dirs.serverData,
      '--extensions-dir',
      dirs.extensions,
      '--install-extension',
      vsix,
      '--force',
    ],
    { timeout: 120_000 },
  );
  const installed = fs.readdirSync(dirs.extensions).filter((name) => name.startsWith('secretref.secretref-'));
  if (installed.length === 0) throw new Error(`installing ${vsix} left no secretref folder in ${dirs.extensions}:\n${stdout}${stderr}`);
  return installed[0];
}
