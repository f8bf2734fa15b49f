// Issue 15, item 6: what the migration model and the editor's model disagreed on, found by migrating
// files with `secretref migrate` and reading the stores back. Each case runs the CLI in-process
// against the live OpenBao and moto and checks the file, the store and `secretref check` afterwards.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';
import { secretName } from '../../src/core/migration/naming';
import { nothingToMigrateText } from '../../src/core/migration/planFormat';
import { planMigration } from '../../src/core/migration/planner';
import { scanReferences } from '../../src/core/references/scanner';
import { isStoreError } from '../../src/core/stores/storeError';
import type { SecretStore } from '../../src/core/stores/types';
import { awsStore, vaultStore, writeStoresFile } from '../fixtures/migration/migrationHarness';
import { testEnvironment } from '../support/testEnv';

interface Run {
  code: number;
  out: string;
  err: string;
}

const ROLE = 'arn:aws:iam::123456789012:role/monte-carlo-secrets';

describe('migration: what the two models got wrong (issue 15)', function () {
  this.timeout(60_000);
  let dir: string;
  let id: string;
  const stores: SecretStore[] = [];

  beforeEach(() => {
    id = randomBytes(4).toString('hex');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-models-'));
    writeStoresFile(dir, testEnvironment().vault.address, 'accessKey');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(() => stores.forEach((store) => store.dispose()));

  /** `secretref <args>` in the test folder, with the stores' credentials in the environment. */
  const cli = async (...args: string[]): Promise<Run> => {
    const env = testEnvironment();
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = {
      cwd: dir,
      env: {
        SECRETREF_STATE_DIR: path.join(dir, '.state'),
        VAULT_TOKEN: env.vault.rootToken,
        VAULT_ADDR: env.vault.address,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_ENDPOINT_URL: env.aws.endpoint,
      },
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    };
    const code = await runCli(args, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const migrate = (file: string, store: string, ...args: string[]) =>
    cli('migrate', file, '--store', store, '--stores', 'stores.json', ...args);
  const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const bao = () => {
    const env = testEnvironment();
    const store = vaultStore('bao', env.vault.address, env.vault.rootToken);
    stores.push(store);
    return store;
  };
  const aws = () => {
    const store = awsStore('aws', testEnvironment().aws.endpoint);
    stores.push(store);
    return store;
  };
  const postgres = (password: string) =>
    `${JSON.stringify({ db_name: 'd', host: 'db.example.com', port: '5432', user: 'etl', password }, null, 2)}\n`;

  it('1. a password holding "{{" that is no reference is migrated (Vault and AWS), and check is clean after', async () => {
    const password = `Zx9{{Q!-${id}`;
    const file = `p${id}.postgres.json`;
    write(file, postgres(password));
    const before = await cli('check', file);
    assert.match(before.out, /inline-secret/, 'check calls it an inline secret');

    const vault = await migrate(file, 'bao');
    assert.equal(vault.code, 0, vault.err + vault.out);
    assert.match(vault.out, /1 migrated/);
    const [ref] = scanReferences(read(file)).references;
    assert.equal(ref?.kind, 'vault', 'the password is a reference now');
    const stored = await bao().read(ref.path!);
    assert.ok(stored.type === 'keyed' && stored.data[ref.key!] === password, 'the store holds the password');
    assert.ok(!read(file).includes(password));
    const after = await cli('check', file);
    assert.equal(after.code, 0, after.out);
    assert.doesNotMatch(after.out, /inline-secret/);

    const awsFile = `a${id}.postgres.json`;
    write(awsFile, postgres(password));
    const moved = await migrate(awsFile, 'aws', '--assumable-role', ROLE, '--format', 'json');
    assert.equal(moved.code, 0, moved.err + moved.out);
    const report = (JSON.parse(moved.out) as { report: { outcomes: { status: string; secretId: string }[] } }).report;
    assert.deepEqual(
      report.outcomes.map((o) => o.status),
      ['migrated'],
    );
    const secret = await aws().read(report.outcomes[0].secretId);
    assert.ok(secret.type === 'keyed' && secret.data.password === password, 'the AWS secret holds the password');
    assert.ok(!read(awsFile).includes(password));
  });

  it('2. a file with a UTF-8 BOM and CRLF migrates (BOM and line endings kept); check and refs columns ignore the BOM', async () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    for (const store of ['bao', 'aws']) {
      const file = `${store}${id}.postgres.json`;
      write(file, `\uFEFF${crlf(postgres(`bom-${id}-password`))}`);
      const run = await migrate(file, store, '--assumable-role', ROLE);
      assert.equal(run.code, 0, run.err + run.out);
      assert.match(run.out, /1 migrated/);
      const after = read(file);
      assert.ok(after.startsWith('\uFEFF{\r\n'), `${store}: the BOM is kept`);
      assert.ok(!/[^\r]\n/.test(after), `${store}: every line still ends in CRLF`);
      assert.ok(!after.includes(`bom-${id}-password`), `${store}: the password left the file`);
      assert.equal(scanReferences(after).references.length, 1);
    }

    // One line, so every position is on line 1: a reference and an inline secret.
    const line = '{"db_name": "d", "host": "vault.secret(bao:x/y.host)", "port": "5432", "user": "u", "password": "hunter2-inline"}\n';
    write(`plain${id}.postgres.json`, line);
    write(`bom${id}.postgres.json`, `\uFEFF${line}`);
    const positions = (output: string) => output.replace(/^\S+?(?=:\d+:\d+)/gm, '<file>');
    for (const command of ['check', 'refs']) {
      const plain = await cli(command, `plain${id}.postgres.json`);
      const bom = await cli(command, `bom${id}.postgres.json`);
      assert.match(plain.out, /:1:\d+ /);
      assert.equal(positions(bom.out), positions(plain.out), `${command}: the same columns with and without a BOM`);
    }
    assert.match((await cli('refs', `plain${id}.postgres.json`)).out, new RegExp(`:1:${line.indexOf('vault.secret(') + 1} vault`));
  });

  it('3. a document with a duplicate key is not migrated: the message names the key and line, exit 2, nothing written', async () => {
    const document = [
      '{',
      '  "db_name": "d",',
      '  "host": "h",',
      '  "port": "5432",',
      '  "user": "u",',
      `  "password": "first-${id}",`,
      `  "password": "second-${id}"`,
      '}',
      '',
    ].join('\n');
    const connections = JSON.stringify(
      [{ type: 'snowflake', name: 'wh', credentials: { user: 'u', account: 'a', password: `only-${id}` } }],
      null,
      2,
    ).replace(`"user": "u",`, `"user": "u",\n      "user": "v",`);
    const cases = [
      {
        file: `d${id}.postgres.json`,
        text: document,
        words: /Duplicate key "password" on line 7 of d[0-9a-f]+\.postgres\.json/,
        secret: `secretref/d${id}/postgres`,
      },
      {
        file: `c${id}.json`,
        text: connections,
        words: /Duplicate key "user" on line 7 of c[0-9a-f]+\.json/,
        secret: `secretref/c${id}/wh`,
      },
      // No schema validates these (none detected, an unknown type): the duplicate still loses a value.
      {
        file: `u${id}.json`,
        text: `{"password": "a-${id}",\n "password": "b-${id}"}\n`,
        words: /Duplicate key "password" on line 2 of u[0-9a-f]+\.json/,
      },
      {
        file: `t${id}.json`,
        text: `[{"type": "nosuch", "credentials": {"token": "a-${id}",\n "token": "b-${id}"}}]\n`,
        words: /Duplicate key "token" on line 2 of t[0-9a-f]+\.json/,
      },
    ];
    for (const c of cases) {
      write(c.file, c.text);
      assert.match((await cli('check', c.file)).out, /duplicate-key/, 'check reports it');
      for (const store of ['bao', 'aws']) {
        const run = await migrate(c.file, store, '--assumable-role', ROLE);
        assert.equal(run.code, 2, run.err + run.out);
        assert.match(run.err, c.words);
        assert.match(run.err, /nothing was written/i);
        assert.equal(read(c.file), c.text, 'the file is unchanged');
        const dryRun = await migrate(c.file, store, '--assumable-role', ROLE, '--dry-run');
        assert.equal(dryRun.code, 2, 'a dry run refuses too');
      }
      if (!c.secret) continue;
      await assert.rejects(bao().read(c.secret), (error: unknown) => isStoreError(error) && error.kind === 'not-found');
      await assert.rejects(aws().read(c.secret), (error: unknown) => isStoreError(error) && error.kind === 'not-found');
    }
  });

  it('4. an AWS migration needs the role Monte Carlo assumes: refused without it; with it, check is clean and the printed command runs as is', async () => {
    const file = `r${id}.postgres.json`;
    const text = postgres(`role-${id}-password`);
    write(file, text);
    for (const dry of [[], ['--dry-run']]) {
      const refused = await migrate(file, 'aws', ...dry);
      assert.equal(refused.code, 2, refused.err + refused.out);
      assert.match(refused.err, /AWS store "aws" has no role for Monte Carlo to assume.*--assumable-role <arn>.*roleArn/);
      assert.equal(read(file), text, 'the file is unchanged');
    }
    await assert.rejects(aws().read(`secretref/r${id}/postgres`), (error: unknown) => isStoreError(error) && error.kind === 'not-found');

    const run = await migrate(file, 'aws', '--assumable-role', ROLE);
    assert.equal(run.code, 0, run.err + run.out);
    const check = await cli('check', file);
    assert.equal(check.code, 0, check.out);
    assert.equal(check.out, '', 'the rewritten file checks clean');
    const command = /montecarlo integrations update .*--changes '(\{.*\})'/.exec(run.out);
    assert.ok(command, run.out);
    const changes = JSON.parse(command[1]) as Record<string, string>;
    assert.equal(changes.assumable_role, ROLE, 'the printed command carries assumable_role');
    assert.deepEqual(changes, JSON.parse(read(file)), 'and exactly the block the file now holds');

    // A store config's roleArn is the role's default.
    const configs = JSON.parse(fs.readFileSync(path.join(dir, 'stores.json'), 'utf8')) as object[];
    fs.writeFileSync(
      path.join(dir, 'stores.json'),
      JSON.stringify([...configs, { name: 'aws-role', kind: 'aws', region: 'us-east-1', auth: 'accessKey', roleArn: ROLE }]),
    );
    write(file, text);
    const planned = await migrate(file, 'aws-role', '--dry-run', '--format', 'json');
    assert.equal(planned.code, 0, planned.err);
    const plan = (JSON.parse(planned.out) as { plan: { connections: { artefacts: { montecarloCommand: string } }[] } }).plan;
    assert.match(
      plan.connections[0].artefacts.montecarloCommand,
      /"assumable_role": "arn:aws:iam::123456789012:role\/monte-carlo-secrets"/,
    );
  });

  it('5. non-ASCII letters in connection names are kept, as ASCII, in secret names (Vault and AWS)', async () => {
    const parts = (connection: string) => ({ file: 'f', connection, type: 'postgres', index: 0 });
    assert.equal(secretName('{connection}', parts('Ünicode prod (EU)')), 'Unicode-prod-EU');
    assert.equal(secretName('{connection}', parts('Straße Zürich, Øresund')), 'Strasse-Zurich-Oresund');
    assert.equal(secretName('{connection}', parts('Ｐｒｏｄ№１')), 'ProdNo1', 'compatibility forms fold to ASCII');
    assert.equal(secretName('{connection}', parts('生产 db')), 'u751fu4ea7-db', 'letters without an ASCII form keep their code point');
    assert.notEqual(secretName('{connection}', parts('生产')), secretName('{connection}', parts('测试')), 'and stay distinct');

    const file = `n${id}.json`;
    write(
      file,
      JSON.stringify(
        { 'Ünicode prod (EU)': { type: 'postgres', credentials: JSON.parse(postgres(`name-${id}-password`)) as object } },
        null,
        2,
      ),
    );
    for (const store of ['bao', 'aws']) {
      const run = await migrate(file, store, '--assumable-role', ROLE, '--dry-run', '--format', 'json');
      assert.equal(run.code, 0, run.err);
      const [planned] = (JSON.parse(run.out) as { plan: { connections: { secretPath: string }[] } }).plan.connections;
      assert.equal(planned.secretPath, `secretref/n${id}/Unicode-prod-EU`);
      assert.match(planned.secretPath, /^[A-Za-z0-9/_+=.@-]+$/, 'a name AWS accepts');
    }
    const run = await migrate(file, 'bao');
    assert.equal(run.code, 0, run.err + run.out);
    const stored = await bao().read(`secretref/n${id}/Unicode-prod-EU`);
    assert.ok(stored.type === 'keyed' && stored.data.password === `name-${id}-password`);
  });

  it('6. a second run reports migrated connections as already migrated (CLI report and the editor message)', async () => {
    const file = `s${id}.json`;
    write(
      file,
      JSON.stringify(
        {
          first: { type: 'postgres', credentials: JSON.parse(postgres(`one-${id}`)) as object },
          second: { type: 'postgres', credentials: JSON.parse(postgres(`two-${id}`)) as object },
        },
        null,
        2,
      ),
    );
    const awsFile = `s${id}.postgres.json`;
    write(awsFile, postgres(`three-${id}`));
    for (const [target, store, count] of [
      [file, 'bao', 2],
      [awsFile, 'aws', 1],
    ] as const) {
      const first = await migrate(target, store, '--assumable-role', ROLE);
      assert.equal(first.code, 0, first.err + first.out);
      assert.match(first.out, new RegExp(`${count} migrated`));
      // No role needed to see that nothing is left to migrate.
      const again = await migrate(target, store);
      assert.equal(again.code, 0, again.err + again.out);
      assert.doesNotMatch(again.out, /still in the file/, again.out);
      assert.equal(
        again.out.match(/: already migrated \(credentials in the store; the file holds references\)/g)?.length,
        count,
        again.out,
      );
      assert.match(again.out, new RegExp(`${count} skipped \\(${count} already migrated\\)`));
      const json = await migrate(target, store, '--format', 'json');
      const report = (JSON.parse(json.out) as { report: { outcomes: { status: string; valueIn: string }[] } }).report;
      assert.deepEqual(
        report.outcomes.map((o) => [o.status, o.valueIn]),
        Array(count).fill(['skipped', 'store']),
      );

      // The editor's "nothing to migrate" message is made from the same plan.
      const text = read(target);
      const plan = planMigration({
        source: target,
        text,
        target:
          store === 'bao'
            ? { kind: 'vault', store, enginePath: 'secret' }
            : { kind: 'aws', store, region: 'us-east-1', assumableRole: ROLE, trustedAccountId: '590183797493' },
      });
      assert.equal(
        nothingToMigrateText(plan),
        store === 'bao'
          ? `Nothing to migrate in ${target}: first and second are already migrated (the file holds references to the store).`
          : `Nothing to migrate in ${target}: postgres is already migrated (the file holds references to the store).`,
      );
    }
  });
});
