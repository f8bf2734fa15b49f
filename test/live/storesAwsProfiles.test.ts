// AWS stores read their own profile as the AWS CLI does (issue 16 item 2): the profile's endpoint_url
// and [services] section against the live moto (no AWS_ENDPOINT_URL set), the environment's
// precedence over them, use_fips_endpoint / use_dualstack_endpoint (the exact host the client would
// call: moto cannot be a FIPS host), credential_process, an ambient AWS_PROFILE that must not leak
// into a store of another profile, and IAM Identity Center (SSO) profiles: a missing or expired
// session is signed-out with the "aws sso login --profile <p>" fix, and after a fresh session the
// same store reads again. moto has no SSO portal, so GetRoleCredentials goes to a recording server
// on loopback (AWS_ENDPOINT_URL_SSO, which the SDK's SSO client honours) that shows the exact request.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { AwsStore } from '../../src/core/stores/aws/awsStore';
import { memoryCredentialStore } from '../../src/core/stores/credentials';
import { createStoreManager } from '../../src/core/stores/storeManager';
import { storeErrorFixes } from '../../src/core/stores/errorPolicy';
import { describeStoreError } from '../../src/core/stores/storeError';
import type { AwsStoreConfig } from '../../src/core/stores';
import { FaultProxy, startFaultProxy } from '../support/faultProxy';
import { seedData, testEnvironment } from '../support/testEnv';
import { expectStoreError } from './storesTestSupport';

const DEAD = 'http://127.0.0.1:9'; // discard port: nothing answers there
const AWS_VARS = [
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_SSO',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'HOME',
];

describe('AWS stores: per-store profile endpoints, FIPS, credential_process, SSO (live moto)', function () {
  this.timeout(30_000);
  let dir: string;
  let saved: Record<string, string | undefined>;
  const stores: AwsStore[] = [];
  const moto = () => testEnvironment().aws.endpoint;
  const password = () => seedData().aws.json.postgresSecrets.password;

  /** Writes the config file (AWS_CONFIG_FILE) and sets the environment for this test only. */
  function setup(config: string, env: Record<string, string> = {}, credentials = ''): void {
    fs.writeFileSync(path.join(dir, 'config'), config);
    fs.writeFileSync(path.join(dir, 'credentials'), credentials);
    for (const key of AWS_VARS) delete process.env[key];
    Object.assign(process.env, {
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      HOME: dir,
      ...env,
    });
  }

  function store(config: Partial<AwsStoreConfig>): AwsStore {
    const s = new AwsStore({ kind: 'aws', name: 'aws-p', region: 'us-east-1', auth: 'profile', profile: 'p', ...config }, undefined, {
      maxAttempts: 1,
      timeoutMs: 5000,
    });
    stores.push(s);
    return s;
  }

  const readPassword = async (s: AwsStore) => {
    const value = await s.read('postgresSecrets');
    return value.type === 'keyed' ? value.data.password : undefined;
  };

  const keys =
    '[p]\naws_access_key_id = testing\naws_secret_access_key = testing\n[other]\naws_access_key_id = testing\naws_secret_access_key = testing\n';

  beforeEach(() => {
    saved = Object.fromEntries(AWS_VARS.map((k) => [k, process.env[k]]));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-awsprof-'));
  });
  afterEach(() => {
    for (const s of stores.splice(0)) s.dispose();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an auth:"profile" store reads through its profile\'s endpoint_url (no AWS_ENDPOINT_URL)', async () => {
    setup(`[profile p]\nregion = us-east-1\nendpoint_url = ${moto()}\n`, {}, keys);
    const s = store({});
    assert.equal(await readPassword(s), password());
    assert.equal(await s.resolvedEndpoint(), `${moto()}/`);
    assert.equal((await s.testConnection()).summary, `Secrets Manager in us-east-1 at ${moto()}/ (from profile "p" (endpoint_url))`);
    // Without the profile's endpoint the same store goes to AWS itself, not to moto.
    setup('[profile p]\nregion = us-east-1\n', {}, keys);
    assert.equal(await store({}).resolvedEndpoint(), 'https://secretsmanager.us-east-1.amazonaws.com/');
  });

  it("the profile's [services] section wins over its endpoint_url; the environment wins over both", async () => {
    const config = `[profile p]\nservices = local\nendpoint_url = ${DEAD}\n[services local]\nsecretsmanager =\n  endpoint_url = ${moto()}\n`;
    setup(config, {}, keys);
    assert.equal(await readPassword(store({})), password());
    setup(config, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4001' }, keys);
    assert.equal(await store({}).resolvedEndpoint(), 'http://127.0.0.1:4001/');
    setup(config, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4001', AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:4002' }, keys);
    assert.equal(await store({}).resolvedEndpoint(), 'http://127.0.0.1:4002/');
    // The store's own endpoint is like --endpoint-url: it wins over everything.
    assert.equal(await store({ endpoint: 'http://127.0.0.1:4003' }).resolvedEndpoint(), 'http://127.0.0.1:4003/');
    // ignore_configured_endpoint_urls: neither the environment's nor the profile's.
    setup(`${config}`.replace('[profile p]\n', '[profile p]\nignore_configured_endpoint_urls = true\n'), { AWS_ENDPOINT_URL: DEAD }, keys);
    assert.equal(await store({}).resolvedEndpoint(), 'https://secretsmanager.us-east-1.amazonaws.com/');
    // A services section the profile names but the file lacks is an error, as in the AWS CLI.
    setup('[profile p]\nservices = missing\n', {}, keys);
    const error = await expectStoreError(store({}).read('postgresSecrets'), 'invalid');
    assert.match(error.message, /services section "missing"/);
  });

  it('use_fips_endpoint / use_dualstack_endpoint of the profile (or the environment) choose the host', async () => {
    setup(
      '[profile p]\nuse_fips_endpoint = true\n[profile d]\nuse_dualstack_endpoint = true\n[profile fd]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n',
      {},
      keys,
    );
    assert.equal(await store({}).resolvedEndpoint(), 'https://secretsmanager-fips.us-east-1.amazonaws.com/');
    // Secrets Manager's public endpoints are dual-stack already: the SDK's rules (the CLI's too) change
    // the host only where a separate one exists, e.g. FIPS in China.
    assert.equal(await store({ profile: 'd' }).resolvedEndpoint(), 'https://secretsmanager.us-east-1.amazonaws.com/');
    assert.equal(await store({ region: 'cn-north-1' }).resolvedEndpoint(), 'https://secretsmanager-fips.cn-north-1.amazonaws.com.cn/');
    assert.equal(
      await store({ profile: 'fd', region: 'cn-north-1' }).resolvedEndpoint(),
      'https://secretsmanager-fips.cn-north-1.api.amazonwebservices.com.cn/',
    );
    // The environment overrides the profile, as in the CLI.
    setup('[profile p]\nuse_fips_endpoint = true\n', { AWS_USE_FIPS_ENDPOINT: 'false' }, keys);
    assert.equal(await store({}).resolvedEndpoint(), 'https://secretsmanager.us-east-1.amazonaws.com/');
    // FIPS with a custom endpoint is refused by the SDK's rules, as by the CLI's: said, not sent.
    setup(`[profile p]\nuse_fips_endpoint = true\nendpoint_url = ${moto()}\n`, {}, keys);
    const error = await expectStoreError(store({}).read('postgresSecrets'), 'invalid');
    assert.match(error.message, /FIPS and custom endpoint are not supported/);
  });

  it("an ambient AWS_PROFILE's endpoint and FIPS setting do not leak into a store of another profile", async () => {
    const config = `[profile p]\nendpoint_url = ${moto()}\n[profile q]\nregion = us-east-1\n[profile other]\nendpoint_url = ${DEAD}\nuse_fips_endpoint = true\nservices = o\n[services o]\nsts =\n  endpoint_url = ${DEAD}\n`;
    setup(config, { AWS_PROFILE: 'other' }, `${keys}[q]\naws_access_key_id = testing\naws_secret_access_key = testing\n`);
    assert.equal(await readPassword(store({})), password());
    assert.equal(await store({ profile: 'q' }).resolvedEndpoint(), 'https://secretsmanager.us-east-1.amazonaws.com/');
    // An assumed role's STS call goes to the store profile's endpoint (moto), not the ambient one's STS.
    assert.equal(await readPassword(store({ roleArn: 'arn:aws:iam::123456789012:role/secretref-reader' })), password());
    // The default chain is the ambient profile's by design: there its settings apply (FIPS with its
    // endpoint_url, which the SDK's rules refuse).
    const ambient = await expectStoreError(store({ auth: 'default', profile: undefined }).resolvedEndpoint(), 'invalid');
    assert.match(ambient.message, /FIPS and custom endpoint/);
  });

  it('a credential_process profile resolves (the script prints JSON credentials)', async () => {
    const script = path.join(dir, 'creds.js');
    fs.writeFileSync(script, 'process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: "testing", SecretAccessKey: "testing" }));\n');
    setup(`[profile p]\ncredential_process = "${process.execPath}" "${script}"\nendpoint_url = ${moto()}\n`);
    assert.equal(await readPassword(store({})), password());
    fs.writeFileSync(script, 'process.stderr.write("no creds"); process.exit(3);\n');
    const error = await expectStoreError(store({}).read('postgresSecrets'), 'signed-out');
    assert.match(error.message, /No AWS credentials were found: Command failed/);
  });

  it('a login_session profile (aws login) without a session is signed-out with "aws login --profile p"', async () => {
    setup(`[profile p]\nlogin_session = arn:aws:iam::123456789012:user/dev\nregion = us-east-1\nendpoint_url = ${moto()}\n`);
    const error = await expectStoreError(store({}).read('postgresSecrets'), 'signed-out');
    assert.deepEqual(storeErrorFixes(error), ['aws-login']);
    assert.match(describeStoreError(error, 'terminal'), /Run "aws login --profile p", then run this command again\./);
  });

  describe('IAM Identity Center (SSO)', () => {
    let portal: http.Server;
    let requests: { method?: string; url?: string; token?: string }[];
    let portalUrl: string;
    const accessToken = 'sso-access-token-canary-7d1f';

    before(async () => {
      portal = http.createServer((req, res) => {
        requests.push({ method: req.method, url: req.url, token: req.headers['x-amz-sso_bearer_token'] as string | undefined });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            roleCredentials: {
              accessKeyId: 'testing',
              secretAccessKey: 'testing',
              sessionToken: 'sso-session',
              expiration: Date.now() + 3_600_000,
            },
          }),
        );
      });
      await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
      portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => portal.close(() => resolve())));
    beforeEach(() => {
      requests = [];
    });

    const ssoSessionConfig = () =>
      `[profile p]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Reader\nregion = us-east-1\nendpoint_url = ${moto()}\n` +
      '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n';
    const legacyConfig = () =>
      `[profile p]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Reader\nendpoint_url = ${moto()}\n`;

    /** The token cache `aws sso login` writes (~/.aws/sso/cache/<sha1 of the session name or start URL>.json). */
    function writeToken(key: string, expiresInMs: number, legacy = false): void {
      const cache = path.join(dir, '.aws', 'sso', 'cache');
      fs.mkdirSync(cache, { recursive: true });
      const token = {
        accessToken,
        expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
        ...(legacy ? { region: 'us-east-1', startUrl: key } : {}),
      };
      fs.writeFileSync(path.join(cache, `${createHash('sha1').update(key).digest('hex')}.json`), JSON.stringify(token));
    }

    for (const [label, config, key, legacy] of [
      ['sso_session', ssoSessionConfig, 'corp', false],
      ['legacy sso_start_url', legacyConfig, 'https://corp.awsapps.com/start', true],
    ] as const) {
      it(`${label}: missing or expired session is signed-out with "aws sso login"; a fresh one reads without a reload`, async () => {
        setup(config(), { AWS_ENDPOINT_URL_SSO: portalUrl });
        const s = store({});
        const missing = await expectStoreError(s.read('postgresSecrets'), 'signed-out');
        assert.deepEqual(storeErrorFixes(missing), ['aws-sso-login']);
        assert.match(missing.message, /IAM Identity Center/);
        assert.match(describeStoreError(missing, 'terminal'), /Run "aws sso login --profile p", then run this command again\./);
        assert.match(
          describeStoreError(missing, 'editor'),
          /Sign in with IAM Identity Center \(it runs "aws sso login --profile p" in a terminal\)/,
        );
        writeToken(key, -60_000, legacy);
        const expired = await expectStoreError(s.read('postgresSecrets'), 'signed-out');
        assert.deepEqual(storeErrorFixes(expired), ['aws-sso-login']);
        assert.equal(requests.length, 0, 'no portal call with an expired session');
        // What `aws sso login` leaves behind: the same store object now reads.
        writeToken(key, 3_600_000, legacy);
        assert.equal(await readPassword(s), password());
        assert.deepEqual(requests, [
          { method: 'GET', url: '/federation/credentials?account_id=123456789012&role_name=Reader', token: accessToken },
        ]);
        for (const e of [missing, expired]) assert.ok(!e.message.includes(accessToken));
      });
    }

    it('through the store manager (what hovers and views use): signed-out status, then signed-in on the next read', async () => {
      setup(ssoSessionConfig(), { AWS_ENDPOINT_URL_SSO: portalUrl });
      const manager = createStoreManager({
        credentials: memoryCredentialStore(),
        configs: [{ kind: 'aws', name: 'aws-sso', region: 'us-east-1', auth: 'profile', profile: 'p', source: 'user' }],
        maxAttempts: 1,
      });
      try {
        await expectStoreError(manager.read('aws-sso', 'postgresSecrets'), 'signed-out');
        assert.equal(manager.status('aws-sso'), 'signed-out');
        writeToken('corp', 3_600_000);
        const value = await manager.read('aws-sso', 'postgresSecrets');
        assert.equal(value.type === 'keyed' && value.data.password, password());
        assert.equal(manager.status('aws-sso'), 'signed-in');
      } finally {
        manager.dispose();
      }
    });

    it('the CLI: check --resolve through a profile endpoint resolves; a signed-out SSO profile says what to run', async () => {
      const storesFile = path.join(dir, 'stores.json');
      fs.writeFileSync(storesFile, JSON.stringify([{ name: 'aws-p', kind: 'aws', region: 'us-east-1', auth: 'profile', profile: 'p' }]));
      fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'secretref.defaultAwsStore': 'aws-p' }));
      const file = path.join(dir, 'app.yaml');
      fs.writeFileSync(file, 'password: "{{resolve:secretsmanager:postgresSecrets:SecretString:password}}"\n');
      const run = async () => {
        const lines: string[] = [];
        const code = await runCli(['check', '--resolve', '--stores', storesFile, '--settings', path.join(dir, 'settings.json'), file], {
          cwd: dir,
          env: { ...process.env },
          stdout: (t) => lines.push(t),
          stderr: (t) => lines.push(t),
        });
        return { code, text: lines.join('\n') };
      };
      setup(`[profile p]\nendpoint_url = ${moto()}\n`, { AWS_PROFILE: 'other' }, keys);
      const ok = await run();
      assert.equal(ok.code, 0, ok.text);
      assert.doesNotMatch(ok.text, /store-unreachable|signed-out/);
      assert.ok(!ok.text.includes(password()), 'the CLI printed a value');
      setup(ssoSessionConfig(), { AWS_ENDPOINT_URL_SSO: portalUrl });
      const out = await run();
      assert.match(out.text, /aws sso login --profile p/, out.text);
      assert.doesNotMatch(out.text, /Sign In to Store|Secret References:/);
    });

    it("the SDK's SSO client goes to the profile's [services] sso endpoint, not the ambient AWS_PROFILE's", async () => {
      const config =
        ssoSessionConfig().replace(`endpoint_url = ${moto()}\n`, 'services = corp-endpoints\n') +
        `[services corp-endpoints]\nsecretsmanager =\n  endpoint_url = ${moto()}\nsso =\n  endpoint_url = ${portalUrl}\n` +
        `[profile other]\nendpoint_url = ${DEAD}\n`;
      setup(config, { AWS_PROFILE: 'other' });
      writeToken('corp', 3_600_000);
      assert.equal(await readPassword(store({})), password());
      assert.deepEqual(requests, [
        { method: 'GET', url: '/federation/credentials?account_id=123456789012&role_name=Reader', token: accessToken },
      ]);
    });
  });

  describe("a profile's own role chain (role_arn + source_profile)", () => {
    let proxy: FaultProxy;
    beforeEach(async () => {
      proxy = await startFaultProxy({ target: moto(), lifetimeMs: 30_000, maxRequests: 20 });
    });
    afterEach(() => proxy.close());

    const chainConfig = (sts: string) =>
      `[profile p]\nrole_arn = arn:aws:iam::123456789012:role/chain-reader\nsource_profile = keys\nrole_session_name = chain\nregion = us-east-1\nservices = ep\n` +
      `[profile keys]\naws_access_key_id = testing\naws_secret_access_key = testing\n` +
      `[profile other]\nendpoint_url = ${DEAD}\n` +
      `[services ep]\nsecretsmanager =\n  endpoint_url = ${moto()}\nsts =\n  endpoint_url = ${sts}\n`;

    it("the SDK's AssumeRole goes to the profile's [services] sts endpoint, not the ambient AWS_PROFILE's", async () => {
      setup(chainConfig(proxy.url), { AWS_PROFILE: 'other' });
      assert.equal(await readPassword(store({})), password());
      assert.equal(proxy.requests.length, 1, JSON.stringify(proxy.requests.map((r) => r.path)));
      const [request] = proxy.requests;
      assert.equal(request.method, 'POST');
      const form = new URLSearchParams(request.body);
      assert.equal(form.get('Action'), 'AssumeRole');
      assert.equal(form.get('RoleArn'), 'arn:aws:iam::123456789012:role/chain-reader');
      assert.equal(form.get('RoleSessionName'), 'chain');
      // Signed with the source profile's key, for STS in the store's region.
      assert.match(String(request.headers.authorization), /Credential=testing\/\d{8}\/us-east-1\/sts\/aws4_request/);
    });

    it('AWS_ENDPOINT_URL_STS wins over the profile, as in the AWS CLI; a dead STS endpoint fails in words', async () => {
      setup(chainConfig(DEAD), { AWS_ENDPOINT_URL_STS: proxy.url });
      assert.equal(await readPassword(store({})), password());
      assert.equal(proxy.requests.filter((r) => new URLSearchParams(r.body).get('Action') === 'AssumeRole').length, 1);
      setup(chainConfig(DEAD));
      const error = await expectStoreError(store({}).read('postgresSecrets'), 'unreachable');
      assert.ok(!error.message.includes('testing'), error.message);
    });
  });
});
