// Installable from a clean machine (issue 17 item 6): the repository, reached as a file:// git URL, is
// packed by the real npm (`npm pack <git url>`: npm clones it, installs its devDependencies and runs
// `prepare`, which builds dist/cli.js), and the tarball is installed into an empty global prefix with an
// empty npm cache and --offline: the package has no runtime dependencies, the bundle holds them. The
// installed `secretref` then checks files, and resolves references against the live OpenBao and moto
// (the store clients load lazily from the bundle: a missing module would only show there). In test/live/
// for those stores, and because it runs npm for about a minute.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LanguageServerClient } from '../support/languageServerClient';
import { AWS_TEST_CREDENTIALS } from '../support/seed';
import { mustRun, packageVersion, repositorySnapshot, runCommand, toolEnv } from '../support/packaging';
import { seedData, testEnvironment } from '../support/testEnv';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

describe('install the CLI from git and from the tarball (real npm, offline install)', function () {
  this.timeout(300_000);
  let scratch: string;
  let tarball: string;
  let packed: PackResult;
  let prefix: string;
  const bin = () => path.join(prefix, 'bin', 'secretref');

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-install-'));
    const repo = await repositorySnapshot();
    // The devDependencies come from the npm cache `npm ci` filled (CI's, or the developer's); only what
    // is missing from it is downloaded. That is the build, not the install, which is offline below.
    const pack = await mustRun('npm', ['pack', '--json', '--prefer-offline', '--pack-destination', scratch, `git+${repo.url}`], {
      cwd: scratch,
      env: toolEnv(),
      timeoutMs: 280_000,
    });
    packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[\n'))) as PackResult[])[0];
    tarball = path.join(scratch, packed.filename);
    prefix = path.join(scratch, 'prefix');
    // A fresh cache and --offline: anything the install wanted from a registry would fail it (ENOTCACHED).
    const emptyCache = path.join(scratch, 'empty-npm-cache');
    await mustRun('npm', ['install', '--global', '--prefix', prefix, '--offline', '--cache', emptyCache, tarball], {
      cwd: scratch,
      env: toolEnv(),
      timeoutMs: 120_000,
    });
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('the tarball ships the built CLI, the language server and the documents, nothing else; no runtime dependencies', () => {
    assert.deepEqual(packed.files.map((f) => f.path).sort(), [
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/indexWorker.js',
      'dist/languageServer.js',
      'dist/languageServerMain.js',
      'dist/storeSdks.js',
      'package.json',
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(prefix, 'lib/node_modules/secretref/package.json'), 'utf8')) as {
      dependencies?: object;
    };
    assert.equal(manifest.dependencies, undefined, 'dist/cli.js bundles every module it loads');
    assert.deepEqual(fs.readdirSync(path.join(prefix, 'lib/node_modules/secretref')).sort(), [
      'LICENSE',
      'README.md',
      'dist',
      'package.json',
    ]);
  });

  it("secretref-language-server is installed beside the CLI, says its version, and writes its compile cache to the user's cache folder even when stopped by a signal", async () => {
    const server = path.join(path.dirname(bin()), 'secretref-language-server');
    const home = fs.mkdtempSync(path.join(scratch, 'home-'));
    const env: NodeJS.ProcessEnv = { ...toolEnv(), HOME: home };
    delete env.XDG_CACHE_HOME;
    delete env.NODE_COMPILE_CACHE;
    const version = await mustRun(server, ['--version'], { cwd: scratch, env });
    assert.equal(version.stdout, `${packageVersion()}\n`);
    // Not the shared temporary folder Node defaults to, where another user could plant the code that runs.
    const cache = path.join(home, '.cache', 'secretref', 'compile-cache');
    fs.rmSync(cache, { recursive: true, force: true });
    // An editor may stop its server with SIGTERM, after which Node writes no cache at exit: the launcher writes it first.
    const client = new LanguageServerClient(env, scratch, false, [server, '--stdio']);
    const exited = new Promise((resolve) => client.child.once('exit', resolve));
    await client.initialize(pathToFileURL(scratch).href, {}, {});
    client.kill();
    await exited;
    const written = fs
      .readdirSync(cache, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && fs.statSync(path.join(entry.parentPath, entry.name)).size > 0);
    assert.ok(written.length > 0, `a compiled entry is in ${cache}`);
  });

  it('secretref --version, and check on files: an inline password fails, a reference passes', async () => {
    const env = toolEnv();
    const version = await mustRun(bin(), ['--version'], { cwd: scratch, env });
    assert.equal(version.stdout, `${packageVersion()}\n`);
    const work = fs.mkdtempSync(path.join(scratch, 'work-'));
    fs.writeFileSync(
      path.join(work, 'prod.postgres.json'),
      '{"host": "db", "port": "5432", "db_name": "d", "user": "u", "password": "Inline-Pw-42"}\n',
    );
    const inline = await runCommand(bin(), ['check', 'prod.postgres.json'], { cwd: work, env });
    assert.equal(inline.code, 1, inline.stdout + inline.stderr);
    assert.match(inline.stdout, /prod\.postgres\.json:1:\d+ error inline-secret /);
    assert.ok(!(inline.stdout + inline.stderr).includes('Inline-Pw-42'), 'the password is not printed');
    fs.writeFileSync(
      path.join(work, 'prod.postgres.json'),
      '{"host": "db", "port": "5432", "db_name": "d", "user": "u", "password": "vault.secret(bao:apps/db.prod.password)"}\n',
    );
    const clean = await runCommand(bin(), ['check', '.'], { cwd: work, env });
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  });

  it('the installed CLI resolves references in OpenBao and in AWS Secrets Manager (moto)', async () => {
    const stores = testEnvironment();
    const seed = seedData();
    const work = fs.mkdtempSync(path.join(scratch, 'resolve-'));
    fs.writeFileSync(
      path.join(work, 'stores.json'),
      JSON.stringify([
        { name: 'bao', kind: 'vault', url: stores.vault.address, auth: 'token', enginePath: 'secret' },
        { name: 'aws', kind: 'aws', region: 'us-east-1', auth: 'default' },
      ]),
    );
    fs.writeFileSync(
      path.join(work, 'app.yaml'),
      'db_password: "vault.secret(bao:apps/db.prod.password)"\npg_password: "{{resolve:secretsmanager:postgresSecrets:SecretString:password}}"\nmissing: "vault.secret(bao:apps/db.prod.nope)"\n',
    );
    const env = toolEnv({
      VAULT_ADDR: stores.vault.address,
      VAULT_TOKEN: stores.vault.rootToken,
      AWS_ENDPOINT_URL: stores.aws.endpoint,
      AWS_ACCESS_KEY_ID: AWS_TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS_TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    });
    const ran = await runCommand(bin(), ['check', '--resolve', '--stores', 'stores.json', '--format', 'json', 'app.yaml'], {
      cwd: work,
      env,
    });
    // Exactly the missing key is reported: the other two resolved, through the bundled store clients.
    assert.equal(ran.code, 1, ran.stderr);
    assert.deepEqual(
      (JSON.parse(ran.stdout) as { line: number; code: string }[]).map((f) => `${f.line} ${f.code}`),
      ['3 key-not-found'],
    );
    assert.ok(!(ran.stdout + ran.stderr).includes(seed.canary), 'no secret value in the output');
  });

  it('npx runs it from the tarball, offline, with an empty cache', async () => {
    const cache = path.join(scratch, 'empty-npx-cache');
    const ran = await mustRun('npx', ['--yes', '--offline', '--cache', cache, '--package', tarball, 'secretref', '--version'], {
      cwd: scratch,
      env: toolEnv(),
    });
    assert.equal(ran.stdout, `${packageVersion()}\n`);
  });
});
