// Issue 16, Vault's AWS IAM sign-in against the real thing: HashiCorp Vault's aws auth method (the
// vault-aws plugin under the OpenBao dev server, scripts/bao-plugins/aws) with its STS and IAM endpoints
// at moto, where the run created the IAM user the role is bound to (test/support/awsIamAuth.ts). The
// user's AWS profile (a temporary AWS config file) signs GetCallerIdentity; Vault checks the server id
// header, has moto say who signed, looks the user up in IAM and answers a token, which alone is kept.
// Through the store manager and through the CLI (`check --resolve`, a real process).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createStoreManager, credentialKey, memoryCredentialStore, ResolvedStoreConfig } from '../../src/core/stores';
import { createIamUser } from '../support/awsIamAuth';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { assertNoLeaks, eventually, expectStoreError } from './storesTestSupport';
import { runCli } from './vaultSignInSupport';

const AWS_VARIABLES = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS',
];

describe("Vault AWS IAM sign-in against Vault's aws auth method on moto (issue 16)", function () {
  this.timeout(60_000);
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const disposers: (() => void)[] = [];
  const secrets: string[] = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-awsiam-'));
    for (const name of [...AWS_VARIABLES, 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED'])
      saved[name] = process.env[name];
    for (const name of AWS_VARIABLES) delete process.env[name];
    const user = testEnvironment().awsIam.user;
    secrets.push(user.secretAccessKey);
    fs.writeFileSync(path.join(dir, 'config'), '[profile dev]\nregion = us-east-1\n');
    fs.writeFileSync(
      path.join(dir, 'credentials'),
      `[dev]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
    );
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  after(() => {
    for (const dispose of disposers) dispose();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    assertNoLeaks([...secrets, seedData().canary]);
  });

  const storeConfig = (awsIam: Record<string, string> = {}) => {
    const env = testEnvironment();
    return {
      kind: 'vault',
      name: 'iam',
      url: env.vault.address,
      auth: 'aws-iam',
      awsIam: { role: env.awsIam.role, profile: 'dev', serverId: env.awsIam.serverId, stsEndpoint: env.aws.endpoint, ...awsIam },
    };
  };
  function setup(awsIam: Record<string, string> = {}) {
    const config = { ...storeConfig(awsIam), source: 'user' } as ResolvedStoreConfig;
    const credentials = memoryCredentialStore();
    const manager = createStoreManager({ credentials, configs: [config], cacheTtlSeconds: () => 0 });
    disposers.push(() => manager.dispose());
    const kept = async () => JSON.parse((await credentials.get(credentialKey(config))) ?? '{}') as Record<string, string>;
    return { manager, kept };
  }

  it('the right role signs in with the profile; only the token is kept; reads go through it; Sign Out revokes it', async () => {
    const { manager, kept } = setup();
    await expectStoreError(manager.read('iam', 'oracle'), 'signed-out');
    await manager.signIn('iam', { awsIam: true });
    const stored = await kept();
    assert.deepEqual(Object.keys(stored), ['token']);
    secrets.push(stored.token);
    assert.equal(await manager.readKey('iam', 'oracle', 'password'), seedData().vault.kv2.oracle.password);
    const env = testEnvironment();
    const lookup = await vaultApi(env.vault, stored.token, 'GET', 'auth/token/lookup-self');
    assert.match(lookup.data.path, /^auth\/aws\/login/);
    assert.ok(lookup.data.policies.includes('aws-iam-read'), JSON.stringify(lookup.data.policies));
    // The role's policy reads secret/oracle only: another path is refused, the token is the role's.
    await expectStoreError(manager.read('iam', 'apps/db.prod'), 'access-denied');
    await manager.signOut('iam');
    assert.deepEqual(await kept(), {});
    await assert.rejects(vaultApi(env.vault, stored.token, 'GET', 'auth/token/lookup-self'), /HTTP 403/);
  });

  it("a token at its max TTL is expired, with AWS IAM's own sign-in words; signing in again gives a new one", async () => {
    const env = testEnvironment();
    const role = `short-${process.pid}`;
    await vaultApi(env.vault, env.vault.rootToken, 'POST', `auth/${env.awsIam.mount}/role/${role}`, {
      auth_type: 'iam',
      bound_iam_principal_arn: [env.awsIam.user.arn],
      token_policies: ['default', 'aws-iam-read'],
      token_ttl: '2s',
      token_max_ttl: '3s',
    });
    const { manager, kept } = setup({ role });
    const statuses: string[] = [];
    manager.onDidChange((event) => event.type === 'status' && statuses.push(event.status));
    await manager.signIn('iam', { awsIam: true });
    const first = (await kept()).token;
    secrets.push(first);
    assert.equal(await manager.readKey('iam', 'oracle', 'user'), 'my-user');
    await eventually('the expired status', async () => (statuses.includes('expired') ? true : undefined), 20_000);
    const expired = await expectStoreError(manager.read('iam', 'oracle', { fresh: true }), 'expired');
    assert.match(expired.message, new RegExp(`signs in at auth/aws \\(role "${role}"\\) with the AWS profile "dev"`), expired.message);
    await manager.signIn('iam', { awsIam: true });
    const second = (await kept()).token;
    secrets.push(second);
    assert.notEqual(second, first);
    assert.equal(await manager.readKey('iam', 'oracle', 'user'), 'my-user');
  });

  it('a wrong server id is refused in words, and nothing is kept', async () => {
    const { manager, kept } = setup({ serverId: 'some-other-vault.example.com' });
    const refused = await expectStoreError(manager.signIn('iam', { awsIam: true }), 'signed-out');
    assert.match(refused.message, /AWS IAM sign-in at auth\/aws \(role "dev"\) was refused .*X-Vault-AWS-IAM-Server-ID.*expected/);
    assert.deepEqual(await kept(), {});
  });

  it('an IAM user the role is not bound to (and a key IAM does not know) is refused in words', async () => {
    const stranger = await createIamUser(testEnvironment().aws.endpoint, `secretref-stranger-${process.pid}`);
    secrets.push(stranger.secretAccessKey);
    fs.appendFileSync(
      path.join(dir, 'credentials'),
      `[stranger]\naws_access_key_id = ${stranger.accessKeyId}\naws_secret_access_key = ${stranger.secretAccessKey}\n` +
        '[unknown]\naws_access_key_id = AKIAUNKNOWNTOIAM0001\naws_secret_access_key = not-a-key-iam-knows\n',
    );
    for (const [profile, who] of [
      ['stranger', stranger.arn.replace(/[/]/g, '\\/')],
      ['unknown', 'arn:aws:sts::\\d+:user\\/moto'],
    ] as const) {
      const { manager, kept } = setup({ profile });
      const refused = await expectStoreError(manager.signIn('iam', { awsIam: true }), 'signed-out');
      assert.match(refused.message, new RegExp(`IAM Principal "${who}" does not belong to the role "dev"`), refused.message);
      assert.ok(!refused.message.includes(stranger.secretAccessKey));
      assert.deepEqual(await kept(), {});
    }
  });

  it('the CLI: check --resolve signs in with the AWS profile of the stores file and exits 0; a wrong server id exits 1, signed-out', async () => {
    fs.writeFileSync(path.join(dir, 'app.yaml'), 'password: vault.secret(iam:oracle.password)\n');
    const run = (config: object) => {
      fs.writeFileSync(path.join(dir, 'stores.json'), JSON.stringify([config]));
      return runCli(['check', '--resolve', '--stores', 'stores.json', 'app.yaml'], dir, { HOME: dir });
    };
    const ok = await run(storeConfig());
    assert.equal(ok.status, 0, ok.output);
    assert.doesNotMatch(ok.output, /signed-out|store-unreachable/);
    const wrong = await run(storeConfig({ serverId: 'some-other-vault.example.com' }));
    assert.equal(wrong.status, 1, wrong.output);
    assert.match(wrong.output, /error signed-out .*X-Vault-AWS-IAM-Server-ID/);
    assert.doesNotMatch(wrong.output, /Secret References:/);
    for (const secret of [...secrets, seedData().canary]) {
      assert.ok(!ok.output.includes(secret) && !wrong.output.includes(secret), 'no key, token or value in the output');
    }
  });
});
