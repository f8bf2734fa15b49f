// Vault's AWS IAM sign-in, the parts that need no server: the config (the server id is required, in
// words), the trust rules (a repository's config waits for the user's approval of exactly that config;
// the CLI names it as a repository choice) and the signed request itself, made by the real SigV4 signer
// from a profile in a temporary AWS config file. The login against the real plugin is in
// test/live/vaultAwsIam.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repositoryChoices } from '../../src/cli/cliStores';
import type { ResolvedStoreConfig } from '../../src/core/stores';
import { approvalFingerprint, mergeStoreConfigs, parseStoreConfig } from '../../src/core/stores/storeConfig';
import { awsIamStsEndpoint, signAwsIamLogin } from '../../src/core/stores/vault/awsIamLogin';
import type { VaultStoreConfig } from '../../src/core/stores/types';

const base = { kind: 'vault', name: 'corp', url: 'https://vault.example.com', auth: 'aws-iam' };
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

async function withAwsFiles<T>(config: string, credentials: string, work: () => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-awsiam-'));
  fs.writeFileSync(path.join(dir, 'config'), config);
  fs.writeFileSync(path.join(dir, 'credentials'), credentials);
  const names = [
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_STS',
  ];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
  try {
    return await work();
  } finally {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

describe('stores: Vault AWS IAM store config (pure)', () => {
  it('reads auth "aws-iam" with its mount, role, profile, region, STS endpoint and server id', () => {
    const awsIam = {
      mount: 'aws-corp',
      role: 'dev',
      profile: 'work',
      region: 'eu-west-1',
      stsEndpoint: 'https://sts.eu-west-1.amazonaws.com',
      serverId: 'vault.example.com',
    };
    const { config, problems } = parseStoreConfig({ ...base, awsIam });
    assert.deepEqual(problems, []);
    assert.deepEqual(config?.kind === 'vault' && config.awsIam, awsIam);
  });

  it('refuses a config without the server id, and says why', () => {
    for (const awsIam of [undefined, {}, { role: 'dev', serverId: '  ' }]) {
      const { config, problems } = parseStoreConfig({ ...base, ...(awsIam ? { awsIam } : {}) });
      assert.equal(config, undefined);
      assert.match(problems.map((p) => p.message).join(' '), /"(awsIam\.)?serverId".*required for AWS IAM auth.*X-Vault-AWS-IAM-Server-ID/);
    }
  });

  it('refuses an STS endpoint that is not a URL', () => {
    const { problems } = parseStoreConfig({ ...base, awsIam: { serverId: 'v', stsEndpoint: 'sts.internal' } });
    assert.match(problems[0]?.message ?? '', /"awsIam.stsEndpoint" must start with http/);
  });
});

describe('stores: Vault AWS IAM trust (pure)', () => {
  const entry = { ...base, awsIam: { role: 'dev', serverId: 'vault.example.com' } };

  it("a workspace's aws-iam config waits for the approval of exactly that config", () => {
    const pending = mergeStoreConfigs([{ source: 'workspace', entries: [entry] }]);
    assert.deepEqual(
      pending.configs.map((c) => c.name),
      [],
    );
    assert.deepEqual(pending.pending[0]?.fields, ['auth "aws-iam"']);
    const fingerprint = pending.pending[0].fingerprint;
    const approved = mergeStoreConfigs([{ source: 'workspace', entries: [entry] }], { isApproved: (f) => f === fingerprint });
    assert.deepEqual(
      approved.configs.map((c) => c.name),
      ['corp'],
    );
    // Another server id (or any other change) is another config: the approval does not carry over.
    const changed = { ...entry, awsIam: { ...entry.awsIam, serverId: 'other.example.com' } };
    const again = mergeStoreConfigs([{ source: 'workspace', entries: [changed] }], { isApproved: (f) => f === fingerprint });
    assert.deepEqual(again.configs, []);
    assert.equal(again.pending.length, 1);
  });

  it("the user's own aws-iam config needs no approval", () => {
    const merged = mergeStoreConfigs([{ source: 'user', entries: [entry] }]);
    assert.deepEqual(
      merged.configs.map((c) => c.name),
      ['corp'],
    );
    assert.deepEqual(merged.pending, []);
  });

  it('the CLI names it among the choices a repository config makes (--trust-repo-store)', () => {
    const config = { ...parseStoreConfig(entry).config!, source: 'workspace' } as ResolvedStoreConfig;
    assert.deepEqual(repositoryChoices(config, {}), ['auth aws-iam']);
    assert.notEqual(
      approvalFingerprint(config),
      approvalFingerprint({ ...config, url: 'https://evil.example.com' } as ResolvedStoreConfig),
    );
  });
});

describe('stores: Vault AWS IAM signed request (pure)', () => {
  const config = (awsIam: VaultStoreConfig['awsIam']): VaultStoreConfig => ({
    kind: 'vault',
    name: 'corp',
    url: 'https://vault.example.com',
    auth: 'aws-iam',
    awsIam,
  });

  it('signs GetCallerIdentity with the profile, the server id among the signed headers, for the global STS endpoint', async () => {
    await withAwsFiles(
      '[profile work]\nregion = eu-central-1\n',
      `[work]\naws_access_key_id = AKIAWORKEXAMPLE00001\naws_secret_access_key = ${SECRET_KEY}\n`,
      async () => {
        const signed = await signAwsIamLogin(config({ profile: 'work', role: 'dev', serverId: 'vault.example.com' }));
        assert.equal(signed.data.iam_http_request_method, 'POST');
        assert.equal(decode(signed.data.iam_request_url), 'https://sts.amazonaws.com/');
        assert.equal(decode(signed.data.iam_request_body), 'Action=GetCallerIdentity&Version=2011-06-15');
        const headers = JSON.parse(decode(signed.data.iam_request_headers)) as Record<string, string[]>;
        assert.deepEqual(headers['x-vault-aws-iam-server-id'], ['vault.example.com']);
        const authorization = headers.authorization?.[0] ?? '';
        assert.match(
          authorization,
          /^AWS4-HMAC-SHA256 Credential=AKIAWORKEXAMPLE00001\/\d{8}\/us-east-1\/sts\/aws4_request, SignedHeaders=[^,]*x-vault-aws-iam-server-id/,
        );
        assert.match(authorization, /SignedHeaders=[^,]*\bhost\b/);
        // The secret key never leaves; the signature is on the scrub list.
        assert.ok(!JSON.stringify(signed.data).includes(SECRET_KEY) && !decode(signed.data.iam_request_headers).includes(SECRET_KEY));
        assert.ok(signed.secrets.includes(SECRET_KEY) && signed.secrets.includes(authorization));
      },
    );
  });

  it("uses the region given and the profile's own STS endpoint, as the AWS CLI would", async () => {
    await withAwsFiles(
      '[profile private]\nservices = private-sts\n[services private-sts]\nsts =\n  endpoint_url = https://sts.vpce.example.internal\n',
      `[private]\naws_access_key_id = AKIAPRIVATEEXAMPLE01\naws_secret_access_key = ${SECRET_KEY}\n`,
      async () => {
        const signed = await signAwsIamLogin(config({ profile: 'private', region: 'eu-west-1', serverId: 'v' }));
        assert.equal(decode(signed.data.iam_request_url), 'https://sts.vpce.example.internal/');
        assert.match(JSON.parse(decode(signed.data.iam_request_headers)).authorization[0], /\/eu-west-1\/sts\/aws4_request/);
      },
    );
    assert.equal(awsIamStsEndpoint({}, 'eu-west-1'), 'https://sts.eu-west-1.amazonaws.com');
    assert.equal(awsIamStsEndpoint({}, 'eu-west-1', { useFipsEndpoint: true }), 'https://sts-fips.eu-west-1.amazonaws.com');
    assert.equal(
      awsIamStsEndpoint({ stsEndpoint: 'https://mine.example' }, 'eu-west-1', {
        stsEndpoint: 'https://profile.example',
        useFipsEndpoint: false,
      }),
      'https://mine.example',
    );
  });

  it('signs nothing without a server id, and says why', async () => {
    await assert.rejects(signAwsIamLogin(config({ role: 'dev' })), /names no server id \("awsIam.serverId"\)/);
  });

  it('a profile without credentials is a signed-out error that names the profile, with no secret in it', async () => {
    await withAwsFiles('[profile empty]\nregion = us-east-1\n', '', async () => {
      await assert.rejects(signAwsIamLogin(config({ profile: 'empty', serverId: 'v' })), (error: Error & { kind?: string }) => {
        assert.equal(error.kind, 'signed-out');
        assert.match(error.message, /AWS profile "empty" gave none/);
        return true;
      });
    });
  });
});
