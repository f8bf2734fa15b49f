// Secret references inside VS Code, against the run's live OpenBao and moto: hover (masked, then
// revealed for a few seconds), completion at each position of each kind, every diagnostic code,
// and the injection grammar's scopes on sample lines.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { testAwsClient } from '../support/seed';
import { vaultApi } from '../support/stores';
import { seedData, testEnvironment } from '../support/testEnv';
import { scopesOf, tokenize } from '../fixtures/references/tokenize';
import { waitFor as pollWithDeadline } from '../support/waitFor';
import { hoverText } from './editorQueries';

const STORES = { vault: 'it-refs-vault', aws: 'it-refs-aws', down: 'it-refs-down', limited: 'it-refs-limited' } as const;
const REVEAL = 'secretref.references.revealValue';
const MASK = '••••••';

async function pollUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  return pollWithDeadline(what, probe, { timeoutMs, intervalMs: 50 });
}

async function open(language: string, content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(document);
  return document;
}

async function labelsAt(document: vscode.TextDocument, offset: number): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    document.positionAt(offset),
  );
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** A document whose text has one `|` marking the cursor. */
async function completionsAt(language: string, textWithCursor: string): Promise<string[]> {
  const offset = textWithCursor.indexOf('|');
  const document = await open(language, textWithCursor.replace('|', ''));
  return labelsAt(document, offset);
}

async function arnOf(name: string): Promise<string> {
  const client = testAwsClient(testEnvironment().aws.endpoint);
  try {
    return (await client.send(new DescribeSecretCommand({ SecretId: name }))).ARN ?? '';
  } finally {
    client.destroy();
  }
}

const REFERENCE_CODES = new Set([
  'unterminated-reference',
  'malformed-reference',
  'unknown-store',
  'secret-not-found',
  'key-not-found',
  'access-denied',
  'store-unreachable',
  'secret-schema-mismatch',
  'inline-secret',
]);

function referenceDiagnostics(document: vscode.TextDocument): [string, string][] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => typeof d.code === 'string' && REFERENCE_CODES.has(d.code))
    .map((d) => [String(d.code), document.getText(d.range)] as [string, string])
    .sort((a, b) => document.getText().indexOf(a[1]) - document.getText().indexOf(b[1]));
}

suite('references: hover, completion, diagnostics, grammar', function () {
  this.timeout(120_000);
  const env = () => testEnvironment();

  suiteSetup(async () => {
    const { vault, aws } = env();
    await vaultApi(vault, vault.rootToken, 'PUT', 'sys/policies/acl/it-refs-nothing', {
      policy: 'path "secret/data/it-refs-other" { capabilities = ["read"] }',
    });
    const limited = await vaultApi(vault, vault.rootToken, 'POST', 'auth/token/create', { policies: ['default', 'it-refs-nothing'] });
    const settings = vscode.workspace.getConfiguration('secretref');
    const names = new Set<string>(Object.values(STORES));
    const others = (settings.inspect<{ name: string }[]>('stores')?.globalValue ?? []).filter((c) => !names.has(c.name));
    await settings.update(
      'stores',
      [
        ...others,
        { kind: 'vault', name: STORES.vault, url: vault.address, enginePath: 'secret', auth: 'token' },
        { kind: 'vault', name: STORES.limited, url: vault.address, enginePath: 'secret', auth: 'token' },
        { kind: 'vault', name: STORES.down, url: 'http://127.0.0.1:9', auth: 'token' },
        { kind: 'aws', name: STORES.aws, region: aws.region, endpoint: aws.endpoint, auth: 'accessKey' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await settings.update('templates', { getSecrets: { store: STORES.aws, secret: 'postgresSecrets' } }, vscode.ConfigurationTarget.Global);
    await settings.update('defaultAwsStore', STORES.aws, vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension('secretref.secretref')?.activate();
    await vscode.commands.executeCommand('secretref.signInToStore', STORES.vault, { token: vault.rootToken });
    await vscode.commands.executeCommand('secretref.signInToStore', STORES.down, { token: vault.rootToken });
    await vscode.commands.executeCommand('secretref.signInToStore', STORES.limited, { token: limited.auth.client_token as string });
    await vscode.commands.executeCommand('secretref.signInToStore', STORES.aws, { accessKeyId: 'testing', secretAccessKey: 'testing' });
  });

  suiteTeardown(async () => {
    const settings = vscode.workspace.getConfiguration('secretref');
    await settings.update('templates', undefined, vscode.ConfigurationTarget.Global);
    await settings.update('defaultAwsStore', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('hover shows metadata and a masked value, then the value for a few seconds after Reveal', async () => {
    const seed = seedData();
    const text = `password: vault.secret(${STORES.vault}:oracle.password)\n`;
    const document = await open('yaml', text);
    const at = text.indexOf('oracle');
    const masked = await pollUntil('the hover resolves', async () => {
      const hover = await hoverText(document, at);
      return hover.includes('Value:') ? hover : undefined;
    });
    for (const part of [
      `Store: \`${STORES.vault}\``,
      'Path: `oracle`',
      'Key: `password`',
      'Resolves to version `',
      'written',
      MASK,
      'Reveal for',
      'Copy value',
      'Copy reference',
      'Open in Secrets view',
    ]) {
      assert.ok(masked.includes(part), `"${part}" in hover:\n${masked}`);
    }
    assert.ok(!masked.includes(seed.vault.kv2.oracle.password), 'value masked');
    assert.equal(await vscode.commands.executeCommand(REVEAL, document.uri.toString(), text.indexOf('vault.secret')), true);
    const revealed = await hoverText(document, at);
    assert.ok(revealed.includes(seed.vault.kv2.oracle.password), `revealed value in hover:\n${revealed}`);
    await pollUntil('the value is masked again', async () => ((await hoverText(document, at)).includes(MASK) ? true : undefined), 15_000);
  });

  test("Reveal leaves the user's cursor and selection where they were", async () => {
    const text = `# notes\npassword: vault.secret(${STORES.vault}:oracle.password)\n`;
    const document = await open('yaml', text);
    const editor = vscode.window.activeTextEditor!;
    const selection = new vscode.Selection(0, 2, 0, 7);
    editor.selection = selection;
    assert.equal(await vscode.commands.executeCommand(REVEAL, document.uri.toString(), text.indexOf('vault.secret')), true);
    assert.deepEqual([editor.selections.length, editor.selection.anchor, editor.selection.active], [1, selection.anchor, selection.active]);
  });

  test('a missing secret: one sentence in the hover, and a link to where it would be', async () => {
    const text = `password: vault.secret(${STORES.vault}:apps/no-such-secret.password)\n`;
    const document = await open('yaml', text);
    const hover = await pollUntil('the hover resolves', async () => {
      const value = await hoverText(document, text.indexOf('no-such'));
      return value.includes('$(error)') ? value : undefined;
    });
    const problem = hover.split('\n').filter((line) => line.includes('$(error)'));
    assert.equal(problem.length, 1, hover);
    assert.ok(!hover.includes('Nothing exists'), `the diagnostic's sentence is not repeated:\n${hover}`);
    assert.match(hover, /\[\$\(list-tree\) Open in Secrets view\]\(command:secretref\.references\.openInSecretsView\?/);
  });

  test('hover on AWS, template and self-hosted references; unresolvable ones explain why', async () => {
    const pgArn = await arnOf('postgresSecrets');
    const text = [
      `pg: "{{resolve:secretsmanager:${pgArn}:SecretString:password}}"`,
      'host: "{{getSecrets.response.host}}"',
      `block: {"self_hosting_mechanism": "secretsmanager", "self_hosting_key": "${pgArn}", "region": "us-east-1"}`,
      `bad: vault.secret(nope:oracle.password)`,
    ].join('\n');
    const document = await open('yaml', text);
    const aws = await pollUntil('aws hover', async () => {
      const hover = await hoverText(document, text.indexOf('SecretString'));
      return hover.includes('Value:') ? hover : undefined;
    });
    assert.ok(aws.includes(`Store: \`${STORES.aws}\``) && aws.includes(MASK), aws);
    const template = await hoverText(document, text.indexOf('getSecrets'));
    assert.ok(template.includes('Template: `getSecrets`') && template.includes('Secret: `postgresSecrets`'), template);
    const block = await hoverText(document, text.indexOf('self_hosting_mechanism'));
    assert.ok(block.includes('Keys: `db_name`'), block);
    assert.ok(block.includes('Matches the **postgres** credential schema'), block);
    const bad = await hoverText(document, text.indexOf('nope'));
    assert.ok(bad.includes('**Cannot resolve** (unknown-store)') && bad.includes('Add it with'), bad);
  });

  test('completion at each position of a Vault reference', async () => {
    assert.ok((await completionsAt('yaml', 'user: vault.secret(|')).includes(STORES.vault));
    const root = await completionsAt('yaml', `user: vault.secret(${STORES.vault}:|`);
    for (const label of ['oracle', 'apps/', 'demo/']) assert.ok(root.includes(label), `${label} in ${root.join(', ')}`);
    assert.ok((await completionsAt('yaml', `user: vault.secret(${STORES.vault}:apps/|`)).includes('db.prod'));
    const keys = await completionsAt('python', `user = 'vault.secret(${STORES.vault}:apps/db.prod.|'`);
    for (const label of ['user', 'password']) assert.ok(keys.includes(label), `${label} in ${keys.join(', ')}`);
  });

  test('completion at each position of an AWS and a templated reference', async () => {
    const names = await completionsAt('json', '{"pw": "{{resolve:secretsmanager:|"}');
    assert.ok(names.includes('postgresSecrets') && names.includes('prod/snowflake'), names.join(', '));
    assert.deepEqual(await completionsAt('json', '{"pw": "{{resolve:secretsmanager:postgresSecrets:|"}'), ['SecretString']);
    const jsonKeys = await completionsAt('json', '{"pw": "{{resolve:secretsmanager:postgresSecrets:SecretString:|"}');
    for (const key of ['db_name', 'host', 'port', 'user', 'password'])
      assert.ok(jsonKeys.includes(key), `${key} in ${jsonKeys.join(', ')}`);
    const stages = await completionsAt('json', '{"pw": "{{resolve:secretsmanager:postgresSecrets:SecretString:password:|"}');
    assert.ok(stages.includes('AWSCURRENT') && stages.includes('AWSPREVIOUS'), stages.join(', '));
    const templateKeys = await completionsAt('plaintext', 'host = {{getSecrets.response.|}}');
    assert.ok(templateKeys.includes('host'), templateKeys.join(', '));
  });

  test('a secret-holding field of a credential document offers references to matching keys', async () => {
    const labels = await completionsAt('json', '{"db_name": "a", "host": "h", "port": "5432", "user": "u", "password": "|"}');
    assert.ok(labels.includes(`vault.secret(${STORES.vault}:oracle.password)`), labels.join(', '));
    assert.ok(labels.includes('{{resolve:secretsmanager:postgresSecrets:SecretString:password}}'), labels.join(', '));
    // Most Vault secrets sit in folders: those are offered too.
    assert.ok(labels.includes(`vault.secret(${STORES.vault}:apps/db.prod.password)`), labels.join(', '));
  });

  test('ARN rows read by secret name, the ARN in detail and filter text', async () => {
    const text = '{"pw": "{{resolve:secretsmanager:"}';
    const document = await open('json', text);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      document.positionAt(text.indexOf('"}')),
    );
    const arns = list.items.filter((item) => String(item.insertText ?? '').startsWith('arn:aws:secretsmanager:'));
    assert.ok(arns.length >= 2, 'ARNs offered');
    const labels = arns.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('postgresSecrets') && labels.includes('prod/snowflake'), labels.join(', '));
    for (const item of arns) {
      assert.equal(`${item.filterText}:`, String(item.insertText));
      assert.equal(item.detail, item.filterText);
    }
  });

  test('AWS secret completion on a store that is down says so too', async () => {
    const settings = vscode.workspace.getConfiguration('secretref');
    const stores = settings.inspect<object[]>('stores')?.globalValue ?? [];
    const down = 'it-refs-aws-down';
    await settings.update(
      'stores',
      [...stores, { kind: 'aws', name: down, region: 'us-east-1', endpoint: 'http://127.0.0.1:9', auth: 'accessKey' }],
      vscode.ConfigurationTarget.Global,
    );
    await settings.update('defaultAwsStore', down, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('secretref.signInToStore', down, { accessKeyId: 'testing', secretAccessKey: 'testing' });
      const text = '{"pw": "{{resolve:secretsmanager:"}';
      const document = await open('json', text);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        document.positionAt(text.indexOf('"}')),
      );
      const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      assert.ok(
        labels.some((label) => label.includes(`"${down}"`) && /unreachable|cannot be listed/.test(label)),
        labels.join(', '),
      );
    } finally {
      await settings.update('defaultAwsStore', STORES.aws, vscode.ConfigurationTarget.Global);
      await settings.update('stores', stores, vscode.ConfigurationTarget.Global);
    }
  });

  test('path completion on a store that is down says so instead of falling back to words', async () => {
    const text = `user: vault.secret(${STORES.down}:`;
    const document = await open('yaml', text);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      document.positionAt(text.length),
    );
    const hint = list.items.find((item) => /unreachable/.test(typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(hint, list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label)).join(', '));
    assert.equal(hint.insertText, '');
    assert.ok(hint.range && (hint.range instanceof vscode.Range ? hint.range.isEmpty : hint.range.inserting.isEmpty), 'inserts nothing');
    assert.ok(String(hint.detail).length > 0, 'says what to do');
  });

  test('every diagnostic code, in the background', async () => {
    const text = [
      `ok: vault.secret(${STORES.vault}:oracle.user)`,
      `unterminated: vault.secret(${STORES.vault}:oracle.password`,
      'malformed: vault.secret(nocolon.key)',
      'unknown: vault.secret(nope:oracle.user)',
      `missing: vault.secret(${STORES.vault}:no/such.secret)`,
      `nokey: vault.secret(${STORES.vault}:oracle.pin)`,
      `denied: vault.secret(${STORES.limited}:oracle.user)`,
      `down1: vault.secret(${STORES.down}:a.b)`,
      `down2: vault.secret(${STORES.down}:c.d)`,
    ].join('\n');
    const document = await open('yaml', text);
    const got = await pollUntil('resolution diagnostics', () => {
      const diagnostics = referenceDiagnostics(document);
      return diagnostics.length >= 7 ? diagnostics : undefined;
    });
    assert.deepEqual(got, [
      ['unterminated-reference', `vault.secret(${STORES.vault}:oracle.password`],
      ['malformed-reference', 'vault.secret(nocolon.key)'],
      ['unknown-store', 'nope'],
      ['secret-not-found', 'no/such'],
      ['key-not-found', 'pin'],
      ['access-denied', `vault.secret(${STORES.limited}:oracle.user)`],
      ['store-unreachable', `vault.secret(${STORES.down}:a.b)`],
    ]);
    const unreachable = vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'store-unreachable');
    assert.equal(unreachable?.severity, vscode.DiagnosticSeverity.Information);
  });

  test('secret-schema-mismatch and inline-secret in credential documents', async () => {
    const snowflakeArn = await arnOf('prod/snowflake');
    const connections = JSON.stringify(
      [
        {
          type: 'postgres',
          credentials: { self_hosting_mechanism: 'secretsmanager', self_hosting_key: snowflakeArn, region: 'us-east-1' },
        },
        { type: 'snowflake', credentials: { user: 'loader', password: 'plain-text-password', account: 'xy12345' } },
      ],
      null,
      2,
    );
    const document = await open('json', connections);
    const got = await pollUntil('schema mismatch diagnostics', () => {
      const diagnostics = referenceDiagnostics(document);
      return diagnostics.some(([code]) => code === 'secret-schema-mismatch') ? diagnostics : undefined;
    });
    assert.deepEqual(got, [
      ['secret-schema-mismatch', snowflakeArn],
      ['inline-secret', '"plain-text-password"'],
    ]);
  });

  test("the injection grammar colours each part (VS Code's TextMate engine and grammars)", async () => {
    const root = vscode.env.appRoot;
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf';
    const json = await tokenize(
      root,
      'source.json',
      `{"user": "vault.secret(it-cfg:apps/db.prod.password)", "pw": "{{resolve:secretsmanager:${arn}:SecretString:password:AWSPREVIOUS}}", "host": "{{getSecrets.response.host}}"}`,
    );
    assert.match(scopesOf(json, 'it-cfg'), /string\.quoted\.double\.json.*entity\.name\.type\.store\.secretref/);
    assert.match(scopesOf(json, 'apps/db.prod'), /entity\.name\.namespace\.path\.secretref/);
    assert.match(scopesOf(json, 'us-east-1'), /constant\.other\.region\.secretref/);
    assert.match(scopesOf(json, 'AWSPREVIOUS'), /constant\.language\.version-stage\.secretref/);
    assert.match(scopesOf(json, 'getSecrets'), /entity\.name\.function\.template\.secretref/);
    const yaml = await tokenize(root, 'source.yaml', 'password: vault.secret(my-vault-config:oracle.password');
    assert.match(scopesOf(yaml, 'vault.secret(my-vault-config:oracle.password'), /invalid\.illegal\.unterminated-reference\.secretref/);
    const python = await tokenize(root, 'source.python', "user='vault.secret(my-vault-config:oracle.user)'");
    assert.match(scopesOf(python, 'oracle'), /string\.quoted.*entity\.name\.namespace\.path\.secretref/);
  });
});
