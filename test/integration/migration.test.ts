// Write Secret and Migrate Connection inside VS Code, against live OpenBao and moto: one connection
// of every schema and a file of 200 connections to each store. The rewritten file validates, its
// references resolve (through the extension's own store manager) to the original values, and one
// undo restores the original text. Also the `inline-secret` quick fix and Write Secret.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { MigrationReport } from '../../src/core/migration/report';
import { scanReferences } from '../../src/core/references/scanner';
import { CredentialDocument } from '../../src/core/schemas/credentialDocument';
import type { StoreManager } from '../../src/core/stores/types';
import { connectionsFile, credentialSamples, Sample } from '../fixtures/migration/credentialSamples';
import { testEnvironment } from '../support/testEnv';
import { waitFor as pollWithDeadline } from '../support/waitFor';
import { openFileIn } from './editorQueries';

const EXTENSION_ID = 'secretref.secretref';
const VAULT = 'mig-bao';
const AWS = 'mig-aws';
const ROLE = 'arn:aws:iam::123456789012:role/monte-carlo-secrets';

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  return pollWithDeadline(what, probe, { timeoutMs, intervalMs: 50 });
}

function errors(text: string, fileName: string): string[] {
  return new CredentialDocument(text, { fileName })
    .diagnostics()
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.path}: ${d.message}`);
}

async function migrate(args: Record<string, unknown>): Promise<MigrationReport | undefined> {
  return vscode.commands.executeCommand<MigrationReport | undefined>('secretref.migrateConnection', { confirmed: true, ...args });
}

async function undoTo(document: vscode.TextDocument, original: string): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('undo');
  await until('undo to restore the original text', () => (document.getText() === original ? true : undefined), 5_000);
}

suite('migration', () => {
  let stores: StoreManager;
  /** Documents the reference diagnostics re-checked because the reference state changed. */
  let refreshed: () => number;
  let dir: string;
  const id = randomBytes(4).toString('hex');

  suiteSetup(async function () {
    this.timeout(60_000);
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as {
      services: { stores: StoreManager };
      references: { diagnostics: { refreshedDocuments: number } };
    };
    stores = api.services.stores;
    refreshed = () => api.references.diagnostics.refreshedDocuments;
    const env = testEnvironment();
    await vscode.workspace.getConfiguration('secretref').update(
      'stores',
      [
        { kind: 'vault', name: VAULT, url: env.vault.address, enginePath: 'secret', auth: 'token' },
        { kind: 'aws', name: AWS, region: env.aws.region, endpoint: env.aws.endpoint, auth: 'accessKey' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await until('the store configs to load', () => (stores.config(VAULT) && stores.config(AWS) ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('secretref.signInToStore', VAULT, { token: env.vault.rootToken }), true);
    assert.equal(
      await vscode.commands.executeCommand('secretref.signInToStore', AWS, { accessKeyId: 'testing', secretAccessKey: 'testing' }),
      true,
    );
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, `migration-${id}`);
    fs.mkdirSync(dir, { recursive: true });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of [VAULT, AWS]) await vscode.commands.executeCommand('secretref.signOutOfStore', name);
    await vscode.workspace.getConfiguration('secretref').update('stores', undefined, vscode.ConfigurationTarget.Global);
  });

  const open = (name: string, text: string): Promise<vscode.TextDocument> => openFileIn(dir, name, text);

  /** Every vault.secret(...) in the text resolves to the value the sample had at that field. */
  async function assertVaultReferences(text: string, credentials: Record<string, unknown>, sample: Sample): Promise<void> {
    for (const [fieldPath, value] of Object.entries(sample.secrets)) {
      const written = fieldPath.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], credentials) as string;
      const [ref] = scanReferences(written).references;
      assert.ok(ref && ref.kind === 'vault', `${sample.label}.${fieldPath} is a reference`);
      assert.equal(await stores.readKey(ref.storeName!, ref.path!, ref.key!), value, `${sample.label}.${fieldPath} resolves`);
    }
    assert.ok(!Object.values(sample.secrets).some((v) => text.includes(v)));
  }

  async function assertSelfHosted(block: Record<string, string>, sample: Sample): Promise<void> {
    assert.equal(block.self_hosting_mechanism, 'secretsmanager');
    assert.equal(block.assumable_role, ROLE);
    assert.equal(block.external_id, `ext-${id}`);
    assert.equal(block.region, 'us-east-1');
    const secret = await stores.read(AWS, block.self_hosting_key, { fresh: true });
    const data = secret.type === 'keyed' ? secret.data : secret.type === 'text' ? JSON.parse(secret.text) : undefined;
    assert.deepEqual(data, sample.credentials, `${sample.label}: the secret is the credential JSON`);
  }

  for (const sample of credentialSamples('it')) {
    test(`${sample.label}: one credential document to Vault, then undo`, async function () {
      this.timeout(30_000);
      const values = credentialSamples(id).find((s) => s.label === sample.label)!;
      const original = JSON.stringify(values.credentials, null, 2) + '\n';
      const name = `${sample.label}-vault.${sample.schema}.json`;
      const document = await open(name, original);
      const report = await migrate({ uri: document.uri.toString(), store: VAULT });
      if (Object.keys(values.secrets).length === 0) {
        assert.equal(report, undefined, 'nothing to migrate for a schema without secret fields');
        assert.equal(document.getText(), original);
        return;
      }
      assert.ok(report, 'the command returned a report');
      assert.deepEqual(
        report.outcomes.map((o) => o.status),
        ['migrated'],
      );
      const text = document.getText();
      assert.deepEqual(errors(text, name), []);
      await assertVaultReferences(text, parse(text), values);
      await undoTo(document, original);
    });

    test(`${sample.label}: one credential document to AWS (self-hosted block), then undo`, async function () {
      this.timeout(30_000);
      const values = credentialSamples(`${id}a`).find((s) => s.label === sample.label)!;
      const original = JSON.stringify(values.credentials, null, 2) + '\n';
      const name = `${sample.label}-aws.${sample.schema}.json`;
      const document = await open(name, original);
      const report = await migrate({ uri: document.uri.toString(), store: AWS, assumableRole: ROLE, externalId: `ext-${id}` });
      assert.ok(report);
      assert.deepEqual(
        report.outcomes.map((o) => o.status),
        ['migrated'],
      );
      const text = document.getText();
      const block = parse(text) as Record<string, string>;
      assert.equal(block.self_hosting_key, report.outcomes[0].secretId);
      await assertSelfHosted(block, values);
      await undoTo(document, original);
      assert.deepEqual(errors(text, name), [], 'the rewritten document validates (as a self-hosted block)');
    });
  }

  for (const kind of ['vault', 'aws'] as const) {
    test(`a file of 200 connections to ${kind}: validates, resolves, undoes in one step`, async function () {
      this.timeout(180_000);
      const { text: original, samples } = connectionsFile(200, `${id}${kind}`);
      const name = `connections-${kind}.json`;
      const document = await open(name, original);
      assert.deepEqual(errors(original, name), []);
      const refreshedBefore = refreshed();
      const report = await migrate(
        kind === 'vault'
          ? { uri: document.uri.toString(), store: VAULT }
          : { uri: document.uri.toString(), store: AWS, assumableRole: ROLE, externalId: `ext-${id}` },
      );
      assert.ok(report);
      assert.equal(report.applied, true);
      // Each write names only the documents referencing its secret (none yet): not a refresh of every open document per write.
      const rechecked = refreshed() - refreshedBefore;
      assert.ok(rechecked < samples.length, `${rechecked} documents re-checked for ${samples.length} writes`);
      const expected = samples.map((s) => (kind === 'aws' || Object.keys(s.secrets).length > 0 ? 'migrated' : 'skipped'));
      assert.deepEqual(
        report.outcomes.map((o) => o.status),
        expected,
      );
      const text = document.getText();
      assert.ok(text.startsWith('// 200 connections (generated)') && text.includes('// connection 199:'), 'comments survive');
      const entries = parse(text) as { credentials: Record<string, string> }[];
      for (const [i, sample] of samples.entries()) {
        if (kind === 'vault') await assertVaultReferences(JSON.stringify(entries[i].credentials), entries[i].credentials, sample);
        else await assertSelfHosted(entries[i].credentials, sample);
      }
      await undoTo(document, original);
      assert.deepEqual(errors(text, name), [], 'the rewritten file validates');
    });
  }

  test('the preview shows the masked diff and the plan with its artefacts, and writes nothing', async function () {
    this.timeout(30_000);
    const { text: original, samples } = connectionsFile(4, `${id}pv`);
    const document = await open('preview.json', original);
    const plan = await vscode.commands.executeCommand<{ connections: { secretPath: string; secretKeys: string[] }[] }>(
      'secretref.migrateConnection',
      {
        uri: document.uri.toString(),
        store: AWS,
        assumableRole: ROLE,
        externalId: `ext-${id}`,
        previewOnly: true,
      },
    );
    assert.equal(plan?.connections.length, 4);
    assert.deepEqual(plan.connections[1].secretKeys, Object.keys(samples[1].credentials));
    const previews = await until('the preview documents', () => {
      const docs = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'secretref-migration');
      return docs.length >= 3 ? docs : undefined;
    });
    const all = previews.map((d) => d.getText()).join('\n');
    assert.ok(all.includes('"self_hosting_mechanism": "secretsmanager"'), 'the rewritten config');
    assert.ok(
      all.includes('secretsmanager:GetSecretValue') &&
        all.includes('sts:ExternalId') &&
        all.includes('montecarlo integrations update --replace-all'),
      'the artefacts',
    );
    for (const value of samples.flatMap((s) => Object.values(s.secrets))) assert.ok(!all.includes(value), 'a preview shows a secret value');
    assert.equal(document.getText(), original);
    await assert.rejects(stores.read(AWS, plan.connections[0].secretPath, { fresh: true }));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('without confirmed, the plan is shown wrapped and nothing is written until Migrate: Cancel writes nothing', async function () {
    this.timeout(60_000);
    const { text: original, samples } = connectionsFile(2, `${id}dc`);
    const document = await open('decision.json', original);
    // Every connection, so that no connection picker comes first.
    const every = samples.map((_, i) => String(i));
    // The plan of this run (a new URI per plan), focused, with its decision waiting.
    const decisions = (
      vscode.extensions.getExtension('secretref.secretref')?.exports as { migration: { migrationDecisions: { waiting: boolean } } }
    ).migration.migrationDecisions;
    const planEditor = (previous?: vscode.Uri) =>
      until('the plan document, focused, and its decision waiting', () => {
        const editor = vscode.window.activeTextEditor;
        const uri = editor?.document.uri;
        const shown =
          uri?.scheme === 'secretref-migration' && uri.path.endsWith('.migration-plan.md') && uri.toString() !== previous?.toString();
        return shown && decisions.waiting ? editor : undefined;
      });
    // `confirmed: false` is what any caller other than these tests gets: the decision is the user's.
    const cancelled = vscode.commands.executeCommand<MigrationReport | undefined>('secretref.migrateConnection', {
      uri: document.uri.toString(),
      store: VAULT,
      connections: every,
      confirmed: false,
    });
    const shown = await planEditor();
    assert.equal(shown.document.languageId, 'secretref-migration-plan');
    assert.equal(
      vscode.workspace.getConfiguration('editor', shown.document).get('wordWrap'),
      'on',
      'the plan wraps: nothing is cut off at the editor edge',
    );
    const planText = shown.document.getText();
    for (const [i, sample] of samples.entries()) {
      if (Object.keys(sample.secrets).length)
        assert.ok(planText.includes(`secretref/decision/${sample.label}`), `the secret path of connection ${i} is in the plan`);
    }
    const reference = /vault\.secret\(mig-bao:(secretref\/decision\/[^)]+)\.[^.)]+\)/.exec(planText);
    assert.ok(reference, 'the new references, whole');
    assert.match(planText, /Nothing is written until you decide/);
    for (const value of samples.flatMap((s) => Object.values(s.secrets))) assert.ok(!planText.includes(value), 'the plan shows no value');
    assert.equal(await vscode.commands.executeCommand('secretref.migration.cancel'), true);
    assert.equal(await cancelled, undefined);
    assert.equal(document.getText(), original, 'cancelled: the file is unchanged');
    await assert.rejects(stores.read(VAULT, reference[1], { fresh: true }), 'cancelled: no secret written');

    const accepted = vscode.commands.executeCommand<MigrationReport | undefined>('secretref.migrateConnection', {
      uri: document.uri.toString(),
      store: VAULT,
      connections: every,
    });
    await planEditor(shown.document.uri);
    // In production the accept command (anybody can run it) only asks again: the notification decides.
    const exports = vscode.extensions.getExtension('secretref.secretref')?.exports as { simulateProduction(on: boolean): void };
    const window = vscode.window as { showInformationMessage: (...args: unknown[]) => Thenable<unknown> };
    const originalInfo = window.showInformationMessage;
    const askedAgain: string[] = [];
    window.showInformationMessage = (message: unknown) => {
      askedAgain.push(String(message));
      return new Promise<undefined>(() => undefined);
    };
    exports.simulateProduction(true);
    try {
      assert.equal(await vscode.commands.executeCommand('secretref.migration.accept'), true);
    } finally {
      exports.simulateProduction(false);
      window.showInformationMessage = originalInfo;
    }
    assert.equal(askedAgain.length, 1, 'the question was asked again');
    assert.match(askedAgain[0], /Create \d+ secret\(s\) in "mig-bao"/);
    await assert.rejects(stores.read(VAULT, reference[1], { fresh: true }), 'the accept command alone wrote nothing');
    // Under the extension's own tests the same command decides.
    assert.equal(await vscode.commands.executeCommand('secretref.migration.accept'), true);
    const report = await accepted;
    assert.ok(
      report?.outcomes.some((o) => o.status === 'migrated'),
      'Migrate migrates',
    );
    assert.ok(await stores.read(VAULT, reference[1], { fresh: true }));
    assert.equal(await vscode.commands.executeCommand('secretref.migration.accept'), false, 'no plan waits any more');
    await undoTo(document, original);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the inline-secret quick fix "Move to a secret store…" migrates the connection it is on', async function () {
    this.timeout(60_000);
    const { text: original, samples } = connectionsFile(3, `${id}qf`);
    const document = await open('quickfix.json', original);
    const target = samples.findIndex((s) => s.schema === 'bigquery');
    const secretValue = Object.values(samples[target].secrets)[0];
    const offset = original.indexOf(JSON.stringify(secretValue));
    const diagnostic = await until('the inline-secret diagnostic', () =>
      vscode.languages
        .getDiagnostics(document.uri)
        .find(
          (d) =>
            (typeof d.code === 'object' ? d.code.value : d.code) === 'inline-secret' && d.range.contains(document.positionAt(offset + 1)),
        ),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.startsWith('Move to a secret store'));
    assert.ok(fix?.command, 'the quick fix is offered');
    const [args] = fix.command.arguments as [Record<string, unknown>];
    assert.deepEqual(args.connections, [`[${target}]`]);
    // Asked over all of the connection's warnings, one fix, for that connection (which fields it covers:
    // test/unit/schemas.secretFields.test.ts; the command's result carries no diagnostics).
    const literals = Object.values(samples[target].secrets).map((value) => JSON.stringify(value));
    const spans = literals.map((literal) => original.indexOf(literal));
    const wide = new vscode.Range(document.positionAt(Math.min(...spans)), document.positionAt(Math.max(...spans) + 1));
    const wideFixes = (
      await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        wide,
        vscode.CodeActionKind.QuickFix.value,
      )
    ).filter((a) => a.title.startsWith('Move to a secret store'));
    assert.ok(literals.length > 1);
    assert.equal(wideFixes.length, 1, 'one fix per connection');
    assert.deepEqual((wideFixes[0].command?.arguments as [Record<string, unknown>])[0].connections, [`[${target}]`]);
    const report = await migrate({ ...args, store: VAULT });
    assert.deepEqual(
      report?.outcomes.map((o) => o.status),
      ['migrated'],
    );
    assert.ok(!document.getText().includes(secretValue));
    await until('the inline-secret diagnostic to go away', () =>
      vscode.languages
        .getDiagnostics(document.uri)
        .some(
          (d) =>
            (typeof d.code === 'object' ? d.code.value : d.code) === 'inline-secret' && d.range.contains(document.positionAt(offset + 1)),
        )
        ? undefined
        : true,
    );
    await undoTo(document, original);
  });

  test('Write Secret creates a secret, adds a version with the conflict check, and inserts the reference', async function () {
    this.timeout(30_000);
    const document = await open('write-secret.env', 'DB_PASSWORD=placeholder\n');
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(document.positionAt(12), document.positionAt(23));
    const secretPath = `secretref/write-${id}`;
    const first = await vscode.commands.executeCommand<{ created: boolean; version: string; references: Record<string, string> }>(
      'secretref.writeSecret',
      {
        store: VAULT,
        path: secretPath,
        data: { password: `pw-${id}` },
        reference: 'insert',
        confirmed: true,
      },
    );
    assert.ok(first?.created);
    assert.equal(first.references.password, `vault.secret(${VAULT}:${secretPath}.password)`);
    assert.equal(document.getText(), `DB_PASSWORD=vault.secret(${VAULT}:${secretPath}.password)\n`);
    assert.equal(await stores.readKey(VAULT, secretPath, 'password', { fresh: true }), `pw-${id}`);
    const second = await vscode.commands.executeCommand<{ created: boolean; version: string }>('secretref.writeSecret', {
      store: VAULT,
      path: secretPath,
      data: { password: `pw2-${id}` },
      mode: 'version',
      reference: 'none',
      confirmed: true,
    });
    assert.equal(second?.created, false);
    assert.equal(second?.version, '2');
    assert.equal(await stores.readKey(VAULT, secretPath, 'password', { fresh: true }), `pw2-${id}`);
    const aws = await vscode.commands.executeCommand<{ references: Record<string, string> }>('secretref.writeSecret', {
      store: AWS,
      path: `secretref/write-${id}`,
      data: { token: `tok-${id}` },
      reference: 'copy',
      confirmed: true,
    });
    assert.match(
      aws!.references.token,
      /^\{\{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:\d{12}:secret:secretref\/write-[0-9a-f]+-\w{6}:SecretString:token\}\}$/,
    );
    assert.equal(await vscode.env.clipboard.readText(), aws!.references.token);
  });

  test('Write Secret never stores a reference as a value, and asks (naming the key) before an empty value', async function () {
    this.timeout(30_000);
    type Result = { leftOut: { key: string; reason: string }[]; asked: string[]; references: Record<string, string> };
    const text = `USER=alice\nPASSWORD=vault.secret(demo-vault:oracle.password)\nTOKEN=\n`;
    const document = await open('write-secret-checks.env', text);
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(document.positionAt(0), document.positionAt(text.length));
    const keyed = async (secretPath: string) => {
      const value = await stores.read(VAULT, secretPath, { fresh: true });
      assert.equal(value.type, 'keyed');
      return value.type === 'keyed' ? value.data : {};
    };

    const leaveOut = `secretref/checks-${id}-a`;
    const first = await vscode.commands.executeCommand<Result>('secretref.writeSecret', {
      store: VAULT,
      path: leaveOut,
      reference: 'none',
      confirmed: true,
      emptyValues: 'leave-out',
    });
    assert.deepEqual(await keyed(leaveOut), { USER: 'alice' }, 'neither the reference nor the empty value was stored');
    assert.deepEqual(first?.leftOut, [
      { key: 'PASSWORD', reason: 'reference' },
      { key: 'TOKEN', reason: 'empty' },
    ]);
    assert.deepEqual(first?.asked, ['"TOKEN" is empty. Write an empty value to the secret?']);
    assert.deepEqual(Object.keys(first!.references), ['USER']);

    const writeEmpty = `secretref/checks-${id}-b`;
    const second = await vscode.commands.executeCommand<Result>('secretref.writeSecret', {
      store: VAULT,
      path: writeEmpty,
      reference: 'none',
      confirmed: true,
      emptyValues: 'write',
    });
    assert.deepEqual(second?.leftOut, [{ key: 'PASSWORD', reason: 'reference' }]);
    assert.deepEqual(await keyed(writeEmpty), { USER: 'alice', TOKEN: '' }, 'the empty value only because the user said so');

    // Only references (every kind the scanner knows, a malformed one too): nothing is written at all.
    const none = `secretref/checks-${id}-c`;
    const third = await vscode.commands.executeCommand<Result | undefined>('secretref.writeSecret', {
      store: VAULT,
      path: none,
      reference: 'none',
      data: {
        password: '{{resolve:secretsmanager:prod/db:SecretString:password}}',
        token: 'vault.secret(demo-vault:api',
        key: '  vault.secret(mig-bao:x/y.z)  ',
      },
    });
    assert.equal(third, undefined);
    await assert.rejects(stores.read(VAULT, none, { fresh: true }), (error: { kind?: string }) => error.kind === 'not-found');
    // A value that merely mentions the words is a value (the parser decides, not a substring).
    const words = `secretref/checks-${id}-d`;
    const fourth = await vscode.commands.executeCommand<Result>('secretref.writeSecret', {
      store: VAULT,
      path: words,
      reference: 'none',
      confirmed: true,
      data: { note: 'rotate vault.secret and resolve:secretsmanager yearly' },
    });
    assert.deepEqual(fourth?.leftOut, []);
    assert.deepEqual(await keyed(words), { note: 'rotate vault.secret and resolve:secretsmanager yearly' });
  });
});
