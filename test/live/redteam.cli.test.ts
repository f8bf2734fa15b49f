// Red team, CLI and store-client half (issue 14): hostile configurations aimed at a recording HTTP(S)
// server on loopback (test/support/faultProxy.ts, forwarding to the live OpenBao or moto). One table
// row per hostile configuration: the attack must deliver no Vault token, AppRole secret-id, AWS key,
// SigV4 signature (Authorization header) or written value to the recorder; the row's positive control
// runs the same operation the way the user means it (their own address, their approval on the
// command line) and must show the recorder receiving that credential, so a recorder that saw nothing
// proves something. The suite prints `red-team (cli): N hostile configurations, 0 reached the recorder`.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { createStore } from '../../src/core/stores/storeFactory';
import { isStoreError } from '../../src/core/stores/storeError';
import type { ResolvedStoreConfig, SecretStore, StoreCredentials } from '../../src/core/stores/types';
import { connectionsFile } from '../fixtures/migration/credentialSamples';
import { FaultProxy, ProxiedRequest, startFaultProxy } from '../support/faultProxy';
import { recordRedTeam } from '../support/redTeamTally';
import { testEnvironment } from '../support/testEnv';
import { LoopbackCert, loopbackCert } from '../support/tlsCert';

/** The shell's AWS identities (moto accepts any key): the environment's, and a profile's. */
const SHELL_KEY = { id: 'AKIAREDTEAMSHELL0001', secret: 'redteam-shell-secret-0001' };
const PROFILE_KEY = { id: 'AKIAREDTEAMPROFILE01', secret: 'redteam-profile-secret-01' };
const FOREIGN_ROLE = 'arn:aws:iam::999988887777:role/x';
/** The role the user names for Monte Carlo's self-hosted block. */
const MC_ROLE = 'arn:aws:iam::123456789012:role/monte-carlo-secrets';

type Reached = 'vault-token' | 'secret-id' | 'aws-signature' | 'aws-key' | 'value';

interface Credentials {
  token: string;
  roleId: string;
  secretId: string;
}

interface Context {
  creds: Credentials;
  cert: LoopbackCert;
  /** A fresh recorder in front of OpenBao or moto (closed after the row). */
  recorder(upstream: 'vault' | 'aws', options?: { tls?: boolean }): Promise<FaultProxy>;
  /** A scratch folder with a connections file (values returned) and the given store files. */
  workdir(files: { repo?: unknown[]; stores?: unknown[] }): Workdir;
}

interface Workdir {
  dir: string;
  file: string;
  values: string[];
}

interface Row {
  /** The hostile configuration, in one line. */
  name: string;
  /** The issue item it comes from. */
  item: string;
  /** Runs the hostile configuration against the recorder(s) it creates; resolves with them. */
  attack(ctx: Context): Promise<{ recorders: FaultProxy[]; outcome: string }>;
  /** The same operation the way the user means it; resolves with the recorder that must have seen `expect`. */
  control(ctx: Context): Promise<FaultProxy>;
  expect: Reached[];
}

/** Which credentials reached a recorder: any token/signature header, or a known secret anywhere. */
function reached(requests: readonly ProxiedRequest[], creds: Credentials, values: readonly string[]): Reached[] {
  const found = new Set<Reached>();
  for (const r of requests) {
    const headers = JSON.stringify(r.headers);
    const all = `${headers}\n${r.body}`;
    if (r.headers['x-vault-token'] || all.includes(creds.token)) found.add('vault-token');
    if (all.includes(creds.secretId)) found.add('secret-id');
    if (r.headers.authorization !== undefined || r.headers['x-amz-security-token'] !== undefined) found.add('aws-signature');
    // A Vault AWS IAM login carries a signed sts:GetCallerIdentity (its headers base64 in the body).
    if (r.body.includes('iam_request_headers')) found.add('aws-signature');
    if ([SHELL_KEY.id, SHELL_KEY.secret, PROFILE_KEY.id, PROFILE_KEY.secret].some((k) => all.includes(k))) found.add('aws-key');
    if (values.some((v) => r.body.includes(v))) found.add('value');
  }
  return [...found].sort();
}

interface CliRun {
  code: number;
  text: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  const lines: string[] = [];
  const code = await runCli(args, {
    cwd,
    // HOME is the case's own folder: a session the machine's user left (~/.vault-token) takes no part.
    env: { SECRETREF_STATE_DIR: path.join(cwd, '.state'), HOME: cwd, ...env },
    stdout: (t) => lines.push(t),
    stderr: (t) => lines.push(t),
  });
  return { code, text: lines.join('\n') };
}

/** process.env for the AWS SDK's default chain and shared files (it reads the real environment). */
async function withProcessEnv<T>(vars: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await work();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const shellChain = {
  AWS_ACCESS_KEY_ID: SHELL_KEY.id,
  AWS_SECRET_ACCESS_KEY: SHELL_KEY.secret,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
};
const shellKeys = { AWS_ACCESS_KEY_ID: SHELL_KEY.id, AWS_SECRET_ACCESS_KEY: SHELL_KEY.secret };

const vaultUser = (url: string, extra: Partial<ResolvedStoreConfig> = {}): ResolvedStoreConfig =>
  ({ kind: 'vault', name: 'bao', url, auth: 'token', kvVersion: 2, source: 'user', ...extra }) as ResolvedStoreConfig;

/** A store-client operation through `config`; resolves with the error text (or "ok"). */
async function storeOp(
  config: ResolvedStoreConfig,
  credentials: StoreCredentials,
  op: (store: SecretStore) => Promise<unknown>,
): Promise<string> {
  const store = createStore(config, credentials, { timeoutMs: 5000 });
  try {
    await op(store);
    return 'ok';
  } catch (error) {
    return isStoreError(error) ? `${error.kind}: ${error.message}` : `unexpected: ${String(error)}`;
  } finally {
    store.dispose();
  }
}

/** A front server (the user's configured URL) that answers matching requests with a redirect to `to`. */
async function redirecting(
  ctx: Context,
  to: FaultProxy,
  status: 301 | 302 | 303 | 307 | 308,
  match: (r: ProxiedRequest) => boolean,
  tls = false,
): Promise<FaultProxy> {
  const front = await ctx.recorder('vault', { tls });
  front.rules = [{ match, action: { kind: 'redirect', status, to: to.url } }];
  return front;
}

interface RedirectCase {
  name: string;
  status: 301 | 302 | 303 | 307 | 308;
  /** Which requests the user's server answers with the redirect. */
  match: (r: ProxiedRequest) => boolean;
  op: (store: SecretStore) => Promise<unknown>;
  approle?: boolean;
  /** The user's server speaks https (the recorder stays http: a downgrade). */
  tls?: boolean;
  expect: Reached[];
}

/** Item 2: the user's own Vault server redirects to the recorder; the store client must refuse it in words. */
function redirectRow(c: RedirectCase): Row {
  const config = (ctx: Context, url: string, tls: boolean) =>
    vaultUser(url, {
      ...(tls ? { caPath: ctx.cert.caPath } : {}),
      ...(c.approle ? { auth: 'approle', roleId: ctx.creds.roleId, approlePath: APPROLE_MOUNT } : {}),
    });
  const credentials = (ctx: Context): StoreCredentials => (c.approle ? { secretId: ctx.creds.secretId } : { token: ctx.creds.token });
  return {
    name: c.name,
    item: '2',
    expect: c.expect,
    async attack(ctx) {
      const r = await ctx.recorder('vault');
      const front = await redirecting(ctx, r, c.status, c.match, c.tls);
      const outcome = await storeOp(config(ctx, front.url, Boolean(c.tls)), credentials(ctx), c.op);
      assert.match(
        outcome,
        new RegExp(
          `redirect to ${r.url.replace(/[.]/g, '\\.')}/v1/.*\\((another server|from https to http)\\); secretref does not follow it`,
        ),
        outcome,
      );
      if (c.tls) assert.match(outcome, /from https to http/);
      return { recorders: [r], outcome };
    },
    async control(ctx) {
      const r = await ctx.recorder('vault', { tls: c.tls });
      await storeOp(config(ctx, r.url, Boolean(c.tls)), credentials(ctx), c.op);
      return r;
    },
  };
}

type StoreFiles = { repo?: unknown[]; stores?: unknown[] };

interface CliCase {
  name: string;
  item: string;
  expect: Reached[];
  recorder: 'vault' | 'aws';
  tls?: boolean;
  /** The config files of the run, naming the recorder's URL. */
  files: (r: FaultProxy, ctx: Context) => StoreFiles;
  /** `secretref migrate <file> --store <store>` plus these arguments, in this environment. */
  store: string;
  attack: { args?: string[]; env: (r: FaultProxy, ctx: Context) => NodeJS.ProcessEnv; exit?: number; says?: (r: FaultProxy) => RegExp };
  control: { args?: string[]; env: (r: FaultProxy, ctx: Context) => NodeJS.ProcessEnv; says?: RegExp };
  /** process.env for the AWS SDK's default chain / shared files during the runs. */
  processEnv?: (dir: string) => Record<string, string | undefined>;
}

/** The CLI (`secretref migrate`, in-process) with hostile store files; the control is the user's own choice. */
function cliRow(c: CliCase): Row {
  const run = async (ctx: Context, phase: 'attack' | 'control') => {
    const r = await ctx.recorder(c.recorder, { tls: c.tls });
    const files = c.files(r, ctx);
    const w = ctx.workdir(files);
    const step = c[phase];
    // An AWS migration needs the role Monte Carlo assumes (the user's own choice, on the command line).
    const role = c.recorder === 'aws' ? ['--assumable-role', MC_ROLE] : [];
    const args = [
      'migrate',
      w.file,
      '--store',
      c.store,
      ...(files.stores ? ['--stores', 'stores.json'] : []),
      ...role,
      ...(step.args ?? []),
    ];
    const result = await withProcessEnv(c.processEnv?.(w.dir) ?? {}, () => cli(args, step.env(r, ctx), w.dir));
    return { r, result };
  };
  return {
    name: c.name,
    item: c.item,
    expect: c.expect,
    async attack(ctx) {
      const { r, result } = await run(ctx, 'attack');
      if (c.attack.exit !== undefined) assert.equal(result.code, c.attack.exit, result.text);
      else assert.notEqual(result.code, 0, result.text);
      if (c.attack.says) assert.match(result.text, c.attack.says(r));
      return { recorders: [r], outcome: result.text };
    },
    async control(ctx) {
      const { r, result } = await run(ctx, 'control');
      assert.equal(result.code, 0, result.text);
      if (c.control.says) assert.match(result.text, c.control.says);
      return r;
    },
  };
}

const realVault = () => env().vault.address;
const realAws = () => env().aws.endpoint;
const bao = (url: string, extra: Record<string, unknown> = {}) => [{ name: 'bao', kind: 'vault', url, auth: 'token', ...extra }];
const aws = (extra: Record<string, unknown>, name = 'aws') => [{ name, kind: 'aws', region: 'us-east-1', ...extra }];
const vaultPath = (fragment: string) => (q: ProxiedRequest) => q.path.includes(fragment);

const ROWS: Row[] = [
  // ---- item 2: the Vault client and redirects (store client, every kind of call) ----
  redirectRow({
    name: 'Vault answers a token read with 307 to another server',
    status: 307,
    match: vaultPath('/secret/data/'),
    op: (s) => s.read('oracle'),
    expect: ['vault-token'],
  }),
  redirectRow({
    name: 'Vault answers a write with 308 (body kept) to another server',
    status: 308,
    match: (q) => q.method === 'POST' && q.path.includes('/secret/data/'),
    op: (s) => s.write(`redteam/${randomBytes(3).toString('hex')}`, { type: 'keyed', data: { password: VALUE() } }),
    expect: ['value', 'vault-token'],
  }),
  redirectRow({
    name: 'Vault over https redirects (302) to plain http',
    status: 302,
    match: vaultPath('/auth/token/lookup-self'),
    op: (s) => s.read('oracle'),
    tls: true,
    expect: ['vault-token'],
  }),
  redirectRow({
    name: 'Vault answers the AppRole login with 307 to another server',
    status: 307,
    match: vaultPath('/login'),
    op: (s) => s.read('oracle'),
    approle: true,
    expect: ['secret-id'],
  }),
  redirectRow({
    name: 'Vault answers a listing with 301 to another server',
    status: 301,
    match: vaultPath('list=true'),
    op: (s) => s.list(),
    expect: ['vault-token'],
  }),
  redirectRow({
    name: 'Vault answers the token check (lookup-self) with 303 to another server',
    status: 303,
    match: vaultPath('/auth/token/lookup-self'),
    op: (s) => s.metadata('oracle'),
    expect: ['vault-token'],
  }),
  // ---- items 5d/5e and the earlier CLI rule: the shell's Vault credentials go to VAULT_ADDR only ----
  cliRow({
    name: 'repository .vscode/settings.json names a Vault at another URL (VAULT_TOKEN set for the real one)',
    item: '5d',
    expect: ['value', 'vault-token'],
    recorder: 'vault',
    files: (r) => ({ repo: bao(r.url) }),
    store: 'bao',
    attack: {
      env: (_r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, VAULT_ADDR: realVault() }),
      says: () => /Set VAULT_TOKEN with VAULT_ADDR/,
    },
    control: { env: (r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, VAULT_ADDR: r.url }) },
  }),
  cliRow({
    name: '--stores file names a Vault at another URL while VAULT_ADDR names the real server',
    item: '5d',
    expect: ['value', 'vault-token'],
    recorder: 'vault',
    files: (r) => ({ stores: bao(r.url) }),
    store: 'bao',
    attack: { env: (_r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, VAULT_ADDR: realVault() }) },
    control: { env: (r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, VAULT_ADDR: r.url }) },
  }),
  cliRow({
    name: 'BAO_ADDR names the recorder, only VAULT_TOKEN is set',
    item: '5e',
    expect: ['value', 'vault-token'],
    recorder: 'vault',
    files: (r) => ({ stores: bao(r.url) }),
    store: 'bao',
    attack: { env: (r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, BAO_ADDR: r.url }) },
    control: { env: (r, ctx) => ({ BAO_TOKEN: ctx.creds.token, BAO_ADDR: r.url }) },
  }),
  cliRow({
    name: '--stores file names an AppRole Vault at another URL (VAULT_SECRET_ID set for the real one)',
    item: '5d',
    expect: ['secret-id'],
    recorder: 'vault',
    files: (r, ctx) => ({ stores: bao(r.url, { auth: 'approle', approlePath: APPROLE_MOUNT, roleId: ctx.creds.roleId }) }),
    store: 'bao',
    attack: {
      env: (_r, ctx) => ({ VAULT_SECRET_ID: ctx.creds.secretId, VAULT_ADDR: realVault() }),
      says: () => /VAULT_SECRET_ID with VAULT_ADDR/,
    },
    control: { env: (r, ctx) => ({ VAULT_SECRET_ID: ctx.creds.secretId, VAULT_ADDR: r.url }) },
  }),
  // ---- item 5a: a repository's caPath never replaces the TLS roots for the shell's credentials ----
  cliRow({
    name: 'repository Vault config at VAULT_ADDR brings its own caPath (the recorder holds that CA)',
    item: '5a',
    expect: ['value', 'vault-token'],
    recorder: 'vault',
    tls: true,
    files: (r, ctx) => ({ repo: bao(r.url, { caPath: ctx.cert.caPath }) }),
    store: 'bao',
    attack: {
      env: (r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, VAULT_ADDR: r.url }),
      exit: 2,
      says: () => /caPath .*--trust-repo-store bao/,
    },
    control: { args: ['--trust-repo-store', 'bao'], env: (r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, VAULT_ADDR: r.url }) },
  }),
  // ---- issue 16: a repository's OIDC config would open its server's sign-in page and listen here ----
  cliRow({
    name: 'repository Vault config with auth "oidc" at VAULT_ADDR (the shell session points there)',
    item: '16',
    expect: ['value', 'vault-token'],
    recorder: 'vault',
    files: (r) => ({ repo: bao(r.url, { auth: 'oidc', oidc: { mount: 'rt-oidc', role: 'dev' } }) }),
    store: 'bao',
    attack: {
      env: (r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, VAULT_ADDR: r.url }),
      exit: 2,
      says: () => /auth oidc.*--trust-repo-store bao/,
    },
    control: { args: ['--trust-repo-store', 'bao'], env: (r, ctx) => ({ VAULT_TOKEN: ctx.creds.token, VAULT_ADDR: r.url }) },
  }),
  // ---- issue 16: a repository's AWS IAM config would hand its server a request signed by the shell's AWS identity ----
  cliRow({
    name: 'repository Vault config with auth "aws-iam" (the shell has an AWS identity that Vault trusts)',
    item: '16',
    expect: ['aws-signature', 'value', 'vault-token'],
    recorder: 'vault',
    files: (r) => ({
      repo: bao(r.url, { auth: 'aws-iam', awsIam: { role: AWS_IAM_ROLE, serverId: env().awsIam.serverId, stsEndpoint: realAws() } }),
    }),
    store: 'bao',
    processEnv: (dir) => awsIamUserEnv(dir),
    attack: { env: () => ({}), exit: 2, says: () => /auth aws-iam.*--trust-repo-store bao/ },
    control: { args: ['--trust-repo-store', 'bao'], env: () => ({}) },
  }),
  cliRow({
    name: 'repository AWS config brings its own caPath for the https emulator of AWS_ENDPOINT_URL',
    item: '5a',
    expect: ['aws-key', 'aws-signature'],
    recorder: 'aws',
    tls: true,
    files: (_r, ctx) => ({ repo: aws({ auth: 'accessKey', caPath: ctx.cert.caPath }) }),
    store: 'aws',
    attack: { env: (r) => ({ ...shellKeys, AWS_ENDPOINT_URL: r.url }), exit: 2 },
    control: { args: ['--trust-repo-store', 'aws'], env: (r) => ({ ...shellKeys, AWS_ENDPOINT_URL: r.url }) },
  }),
  // ---- items 4 and 5d: every endpoint a config names is checked, STS included ----
  cliRow({
    name: '--stores file AWS config (access key) at a non-AWS endpoint, no AWS_ENDPOINT_URL',
    item: '5d',
    expect: ['aws-key', 'aws-signature'],
    recorder: 'aws',
    files: (r) => ({ stores: aws({ auth: 'accessKey', endpoint: r.url }) }),
    store: 'aws',
    attack: { env: () => shellKeys },
    control: { env: (r) => ({ ...shellKeys, AWS_ENDPOINT_URL: r.url }) },
  }),
  cliRow({
    name: '--stores file AWS config (access key) with stsEndpoint at the recorder and a role',
    item: '4',
    expect: ['aws-key', 'aws-signature'],
    recorder: 'aws',
    files: (r) => ({ stores: aws({ auth: 'accessKey', roleArn: FOREIGN_ROLE, stsEndpoint: r.url }) }),
    store: 'aws',
    attack: { env: () => ({ ...shellKeys, AWS_ENDPOINT_URL: realAws() }) },
    control: { env: (r) => ({ ...shellKeys, AWS_ENDPOINT_URL: realAws(), AWS_ENDPOINT_URL_STS: r.url }) },
  }),
  cliRow({
    name: 'repository AWS config (default chain) with stsEndpoint at the recorder, AWS_ENDPOINT_URL set',
    item: '4',
    expect: ['aws-key', 'aws-signature'],
    recorder: 'aws',
    files: (r) => ({ repo: aws({ auth: 'default', roleArn: FOREIGN_ROLE, stsEndpoint: r.url }) }),
    store: 'aws',
    processEnv: () => shellChain,
    attack: { env: () => ({ AWS_ENDPOINT_URL: realAws() }), exit: 2, says: (r) => new RegExp(`endpoint ${r.url}`) },
    control: { args: ['--trust-repo-store', 'aws'], env: () => ({ AWS_ENDPOINT_URL: realAws() }) },
  }),
  cliRow({
    name: 'repository AWS config (default chain) at a non-AWS endpoint',
    item: '4',
    expect: ['aws-key', 'aws-signature'],
    recorder: 'aws',
    files: (r) => ({ repo: aws({ auth: 'default', endpoint: r.url }) }),
    store: 'aws',
    processEnv: () => shellChain,
    attack: { env: () => ({}) },
    control: { env: (r) => ({ AWS_ENDPOINT_URL: r.url }) },
  }),
  // ---- item 1, CLI side: the role, external id and profile of a repository config ----
  cliRow({
    name: "repository AWS config with the user's store name, a foreign roleArn and externalId",
    item: '1',
    expect: ['aws-key', 'aws-signature', 'value'],
    recorder: 'aws',
    files: () => ({ repo: aws({ auth: 'default', roleArn: FOREIGN_ROLE, externalId: 'y' }, 'prod-aws') }),
    store: 'prod-aws',
    processEnv: () => shellChain,
    attack: {
      env: (r) => ({ AWS_ENDPOINT_URL: r.url }),
      exit: 2,
      says: () => /roleArn arn:aws:iam::999988887777:role\/x, externalId\).*--trust-repo-store prod-aws/,
    },
    control: {
      args: ['--trust-repo-store', 'prod-aws'],
      env: (r) => ({ AWS_ENDPOINT_URL: r.url }),
      // The destination is named before the write: store, source, account, role.
      says: /writing to store "prod-aws" \(from the repository file \.vscode\/settings\.json\): AWS Secrets Manager in us-east-1 at http:\/\/127\.0\.0\.1:\d+, account 999988887777, assuming role arn:aws:iam::999988887777:role\/x \(with an external id\)/,
    },
  }),
  cliRow({
    name: 'repository AWS config reads another profile of the shared credentials file',
    item: '1',
    expect: ['aws-key', 'aws-signature'],
    recorder: 'aws',
    files: () => ({ repo: aws({ auth: 'profile', profile: 'foreign' }) }),
    store: 'aws',
    processEnv: (dir) => profileEnv(dir),
    attack: { env: (r) => ({ AWS_ENDPOINT_URL: r.url }), exit: 2, says: () => /profile foreign/ },
    control: { args: ['--trust-repo-store', 'aws'], env: (r) => ({ AWS_ENDPOINT_URL: r.url }) },
  }),
];

const APPROLE_MOUNT = `approle-redteam-${process.pid}`;
/** A role of the run's auth/aws (awsIamAuth.ts) bound to its IAM user, with this suite's write policy. */
const AWS_IAM_ROLE = `redteam-${process.pid}`;

/** The default chain holds the key of the run's IAM user in moto, whom auth/aws trusts. */
function awsIamUserEnv(dir: string): Record<string, string | undefined> {
  fs.writeFileSync(path.join(dir, 'aws-config'), '');
  const user = env().awsIam.user;
  return {
    AWS_ACCESS_KEY_ID: user.accessKeyId,
    AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_CONFIG_FILE: path.join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws-config'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
const env = () => testEnvironment();
let valueTag = '';
const VALUE = () => `redteam-value-${valueTag}`;

/** A shared credentials file with a "foreign" profile holding PROFILE_KEY. */
function profileEnv(dir: string): Record<string, string | undefined> {
  const credentials = path.join(dir, 'aws-credentials');
  fs.writeFileSync(credentials, `[foreign]\naws_access_key_id = ${PROFILE_KEY.id}\naws_secret_access_key = ${PROFILE_KEY.secret}\n`);
  fs.writeFileSync(path.join(dir, 'aws-config'), '');
  return {
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_CONFIG_FILE: path.join(dir, 'aws-config'),
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function vaultApi<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env().vault.address}/v1/${apiPath}`, {
    method,
    headers: { 'X-Vault-Token': env().vault.rootToken, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`OpenBao ${method} ${apiPath}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

describe('red team: hostile configurations never reach the recorder (CLI and store clients)', function () {
  this.timeout(60_000);
  const open: FaultProxy[] = [];
  const scratch: string[] = [];
  const results = new Map<string, Reached[]>();
  let ctx: Context;

  before(async () => {
    valueTag = randomBytes(4).toString('hex');
    const token = (await vaultApi<{ auth: { client_token: string } }>('POST', 'auth/token/create', { policies: ['root'], ttl: '10m' })).auth
      .client_token;
    await vaultApi('POST', `sys/auth/${APPROLE_MOUNT}`, { type: 'approle' });
    const policy = `redteam-${process.pid}`;
    await vaultApi('PUT', `sys/policies/acl/${policy}`, {
      policy:
        'path "secret/*" { capabilities = ["create", "read", "update", "delete", "list"] }\npath "sys/internal/ui/mounts/*" { capabilities = ["read"] }',
    });
    await vaultApi('POST', `auth/${APPROLE_MOUNT}/role/redteam`, { token_policies: [policy], token_ttl: '10m' });
    await vaultApi('POST', `auth/${env().awsIam.mount}/role/${AWS_IAM_ROLE}`, {
      auth_type: 'iam',
      bound_iam_principal_arn: [env().awsIam.user.arn],
      token_policies: [policy],
      token_ttl: '10m',
    });
    const roleId = (await vaultApi<{ data: { role_id: string } }>('GET', `auth/${APPROLE_MOUNT}/role/redteam/role-id`)).data.role_id;
    const secretId = (await vaultApi<{ data: { secret_id: string } }>('POST', `auth/${APPROLE_MOUNT}/role/redteam/secret-id`)).data
      .secret_id;
    const cert = loopbackCert();
    scratch.push(cert.dir);
    ctx = {
      creds: { token, roleId, secretId },
      cert,
      async recorder(upstream, options = {}) {
        const proxy = await startFaultProxy({
          target: upstream === 'vault' ? env().vault.address : env().aws.endpoint,
          lifetimeMs: 60_000,
          maxRequests: 500,
          ...(options.tls ? { tls: { key: cert.key, cert: cert.cert } } : {}),
        });
        open.push(proxy);
        return proxy;
      },
      workdir(files) {
        const id = randomBytes(4).toString('hex');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-redteam-'));
        scratch.push(dir);
        const generated = connectionsFile(2, id);
        const file = `conns-${id}.jsonc`;
        fs.writeFileSync(path.join(dir, file), generated.text);
        if (files.repo) {
          fs.mkdirSync(path.join(dir, '.vscode'));
          fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'secretref.stores': files.repo }));
        }
        if (files.stores) fs.writeFileSync(path.join(dir, 'stores.json'), JSON.stringify(files.stores));
        const held = generated.samples.flatMap((s) => Object.values(s.secrets));
        allValues.push(...held);
        return { dir, file, values: held };
      },
    };
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });

  after(async () => {
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
    await vaultApi('DELETE', `sys/auth/${APPROLE_MOUNT}`).catch(() => undefined);
    const leaked = [...results.values()].filter((r) => r.length > 0).length;
    console.log(`red-team (cli): ${results.size} hostile configurations, ${leaked} reached the recorder`);
    recordRedTeam(env().runDir, { suite: 'cli', configurations: results.size, reached: leaked });
  });

  /** Every value any workdir of this run holds (and the store-client rows write). */
  const allValues: string[] = [];
  const values = (): string[] => [VALUE(), ...allValues];

  it(`has at least 16 hostile configurations, each from a finding of issue 14`, () => {
    assert.ok(ROWS.length >= 16, `${ROWS.length} rows`);
    assert.equal(new Set(ROWS.map((r) => r.name)).size, ROWS.length, 'row names are unique');
  });

  for (const row of ROWS) {
    it(`[item ${row.item}] ${row.name}`, async () => {
      const { recorders, outcome } = await row.attack(ctx);
      const seen = reached(
        recorders.flatMap((r) => r.requests),
        ctx.creds,
        values(),
      );
      results.set(row.name, seen);
      assert.deepEqual(
        seen,
        [],
        `the recorder received ${seen.join(', ')} (${recorders
          .flatMap((r) => r.requests)
          .map((q) => `${q.method} ${q.path}`)
          .join(', ')}); outcome: ${outcome}`,
      );
      for (const secret of [ctx.creds.token, ctx.creds.secretId, SHELL_KEY.secret, PROFILE_KEY.secret, env().awsIam.user.secretAccessKey])
        assert.ok(!outcome.includes(secret), 'no credential in the output');
      // Positive control: the same operation, meant by the user, delivers the credential.
      const control = await row.control(ctx);
      const controlSeen = reached(control.requests, ctx.creds, values());
      for (const expected of row.expect)
        assert.ok(controlSeen.includes(expected), `control: the recorder saw ${controlSeen.join(', ') || 'nothing'}, expected ${expected}`);
    });
  }
});
