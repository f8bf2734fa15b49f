// Issue 14 item 3: DEBUG=* (or DEBUG=node-vault, follow-redirects) made the bundled debug logging
// print the token and the values written. The real bundle, dist/cli.js, runs here with DEBUG=* against
// live OpenBao (check --resolve, then migrate): neither the token nor a value appears on stdout or
// stderr. Positive control: the same DEBUG setting with node-vault straight from node_modules (its real
// `debug`) prints the written value, so the search would see a leak. Both bundles carry no `debug`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectionsFile } from '../fixtures/migration/credentialSamples';
import { testEnvironment } from '../support/testEnv';

const root = path.resolve(__dirname, '../../..');
const bundle = (name: string) => path.join(root, 'dist', name);

async function childToken(): Promise<string> {
  const env = testEnvironment();
  const response = await fetch(`${env.vault.address}/v1/auth/token/create`, {
    method: 'POST',
    headers: { 'X-Vault-Token': env.vault.rootToken },
    body: JSON.stringify({ policies: ['root'], ttl: '5m' }),
  });
  return ((await response.json()) as { auth: { client_token: string } }).auth.client_token;
}

describe('CLI: no environment variable makes a token or value reach a log', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-debug-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('dist/cli.js with DEBUG=* prints neither the token nor a value (check --resolve, migrate)', async () => {
    assert.ok(fs.existsSync(bundle('cli.js')), 'dist/cli.js is built (npm run build)');
    const env = testEnvironment();
    const token = await childToken();
    const id = randomBytes(4).toString('hex');
    const generated = connectionsFile(3, id);
    const values = [...generated.samples.flatMap((s) => Object.values(s.secrets)), env.canary];
    fs.writeFileSync(path.join(dir, 'conns.jsonc'), generated.text);
    fs.writeFileSync(
      path.join(dir, 'stores.json'),
      JSON.stringify([{ name: 'bao', kind: 'vault', url: env.vault.address, auth: 'token' }]),
    );
    fs.writeFileSync(path.join(dir, 'app.yaml'), 'password: vault.secret(bao:oracle.password)\nuser: vault.secret(bao:oracle.user)\n');
    const childEnv = {
      ...process.env,
      DEBUG: '*',
      NODE_DEBUG: undefined,
      VAULT_TOKEN: token,
      VAULT_ADDR: env.vault.address,
      SECRETREF_STATE_DIR: path.join(dir, '.state'),
    };
    const runs = [
      spawnSync(process.execPath, [bundle('cli.js'), 'check', '--resolve', '--stores', 'stores.json', 'app.yaml'], {
        cwd: dir,
        env: childEnv,
        encoding: 'utf8',
      }),
      spawnSync(process.execPath, [bundle('cli.js'), 'migrate', 'conns.jsonc', '--store', 'bao', '--stores', 'stores.json'], {
        cwd: dir,
        env: childEnv,
        encoding: 'utf8',
      }),
    ];
    assert.equal(runs[0].status, 0, runs[0].stderr);
    assert.equal(runs[1].status, 0, runs[1].stderr);
    assert.ok(!fs.readFileSync(path.join(dir, 'conns.jsonc'), 'utf8').includes(values[0]), 'the migration ran (the value left the file)');
    for (const run of runs) {
      const output = `${run.stdout}\n${run.stderr}`;
      const around = (needle: string) =>
        output.slice(Math.max(0, output.indexOf(needle) - 300), output.indexOf(needle)).replace(needle, '<LEAK>');
      assert.ok(!output.includes(token), `the token appears in the output after: ${around(token)}`);
      for (const value of values) assert.ok(!output.includes(value), `a value appears in the output after: ${around(value)}`);
    }
  });

  it('with NODE_DEBUG=http (Node prints request headers) the CLI contacts no store and says why', async () => {
    const env = testEnvironment();
    const token = await childToken();
    fs.writeFileSync(
      path.join(dir, 'stores.json'),
      JSON.stringify([{ name: 'bao', kind: 'vault', url: env.vault.address, auth: 'token' }]),
    );
    fs.writeFileSync(path.join(dir, 'app.yaml'), 'password: vault.secret(bao:oracle.password)\n');
    for (const setting of ['http', 'net,tls', '*', 'ht*']) {
      const run = spawnSync(process.execPath, [bundle('cli.js'), 'check', '--resolve', '--stores', 'stores.json', 'app.yaml'], {
        cwd: dir,
        env: { ...process.env, NODE_DEBUG: setting, VAULT_TOKEN: token, VAULT_ADDR: env.vault.address },
        encoding: 'utf8',
      });
      const output = `${run.stdout}\n${run.stderr}`;
      assert.ok(!output.includes(token), `NODE_DEBUG=${setting}: the token appears in the output`);
      assert.ok(!output.includes(env.canary), `NODE_DEBUG=${setting}: a value appears in the output`);
      assert.match(
        output,
        /NODE_DEBUG includes ".*", which makes Node print every request's headers.*Run again without NODE_DEBUG/,
        setting,
      );
      // The reference is not missing: the store was not asked (it said secret-not-found before).
      assert.match(run.stdout, /store-unreachable/, setting);
      assert.doesNotMatch(output, /secret-not-found/, setting);
    }
  });

  it('positive control: NODE_DEBUG=net prints a header passed in the request options (what the guard prevents)', () => {
    const planted = `planted-header-${randomBytes(4).toString('hex')}`;
    const script = `const http = require('node:http');
      const server = http.createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => {
        const url = new URL('http://127.0.0.1:' + server.address().port + '/v1/x');
        http.request(url, { headers: { 'X-Vault-Token': process.env.V } }, (res) => { res.resume(); res.on('end', () => { server.close(); process.exit(0); }); }).end();
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_DEBUG: 'net', V: planted }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stderr.includes(planted), 'Node printed the header');
  });

  it('positive control: the same DEBUG setting with the unbundled node-vault prints the written value', async () => {
    const env = testEnvironment();
    const token = await childToken();
    const planted = `planted-${env.canary}-${randomBytes(3).toString('hex')}`;
    const script = `require(${JSON.stringify(path.join(root, 'node_modules/node-vault'))})({ endpoint: ${JSON.stringify(env.vault.address)}, token: process.env.T })
      .write('secret/data/debug-control', { data: { password: process.env.V } }).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); });`;
    const run = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, DEBUG: '*', T: token, V: planted },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stderr.includes(planted), 'the debug module printed the written value (the search finds a leak)');
  });

  it('no bundle contains the debug module (no DEBUG switch to flip)', () => {
    // node-vault and follow-redirects, the users of `debug`, are in the store SDKs' bundle.
    assert.ok(fs.readFileSync(bundle('storeSdks.js'), 'utf8').includes('scripts/silentDebug.cjs'), 'storeSdks.js uses the silent logger');
    for (const name of ['cli.js', 'extension.js', 'languageServerMain.js', 'indexWorker.js', 'storeSdks.js']) {
      const text = fs.readFileSync(bundle(name), 'utf8');
      assert.ok(!/process\.env\.DEBUG\b/.test(text), `${name} reads DEBUG`);
      assert.ok(!text.includes('node_modules/debug/'), `${name} bundles debug`);
    }
  });
});
