// `secretref-language-server --stdio` as a real process, spoken to over JSON-RPC (vscode-jsonrpc) as an
// editor does, against the live OpenBao and moto: initialize, didOpen, incremental didChange, pushed and
// pulled diagnostics, completion (schema fields with typed values; store configs, paths, keys, AWS secret
// names and JSON keys inside references), hover (masked: the planted value is nowhere in what the server
// sent), code actions (a schema quick fix; "Move to a secret store…" only after the user picks a store in
// window/showMessageRequest), shutdown and exit.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, CompletionList, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { MASK } from '../../src/core/redaction';
import { assertMovedToBao, LanguageServerClient } from '../support/languageServerClient';
import { seedData, testEnvironment } from '../support/testEnv';

const POSTGRES = [
  '{',
  '  "host": "pg.internal",',
  '  "port": 5432,',
  '  "db_name": "analytics",',
  '  "user": "reporting",',
  '  "password": "vault.secret(bao:demo/snowflake.password)"',
  '}',
  '',
].join('\n');

function labels(result: CompletionList | CompletionItem[] | null): string[] {
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((item) => item.label);
}

describe('language server over stdio (live stores)', function () {
  this.timeout(60_000);
  let home: string;
  let root: string;
  let client: LanguageServerClient;
  let uri: string;

  beforeEach(async () => {
    const env = testEnvironment();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-lsp-home-'));
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-lsp-ws-'));
    // The stores file is the user's (outside the workspace), as the CLI's --stores.
    const stores = path.join(home, 'stores.json');
    fs.writeFileSync(
      stores,
      JSON.stringify([
        { name: 'bao', kind: 'vault', url: env.vault.address, auth: 'token' },
        { name: 'aws', kind: 'aws', region: env.aws.region, auth: 'default' },
      ]),
    );
    client = new LanguageServerClient(
      {
        PATH: process.env.PATH,
        HOME: home,
        VAULT_ADDR: env.vault.address,
        VAULT_TOKEN: env.vault.rootToken,
        AWS_ENDPOINT_URL: env.aws.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: env.aws.region,
        SECRETREF_STATE_DIR: path.join(home, 'state'),
      },
      root,
    );
    // Another file that references the same secret, on disk before the server indexes the folder.
    fs.mkdirSync(path.join(root, 'conf'));
    fs.writeFileSync(
      path.join(root, 'conf', 'app.yaml'),
      'db:\n  password: "vault.secret(bao:demo/snowflake.password)"\n  user: "vault.secret(bao:demo/snowflake.user)"\n',
    );
    const init = await client.initialize(pathToFileURL(root).href, { stores });
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 }, 'incremental sync');
    uri = pathToFileURL(path.join(root, 'prod.postgres.json')).href;
  });
  afterEach(() => {
    client.kill();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('pushes diagnostics, follows incremental edits, completes, hovers masked, fixes, and exits', async () => {
    const seed = seedData();
    await client.open(uri, 'json', POSTGRES);
    const first = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'wrong-type'), 'wrong-type');
    assert.equal(first.find((d) => d.code === 'wrong-type')?.range.start.line, 2, 'the port line');
    assert.ok(!first.some((d) => d.code === 'secret-not-found'), 'the reference resolves');

    // An incremental edit: a reference to a secret that does not exist gets its resolution diagnostic.
    const doc = client.document(uri);
    const at = client.text(uri).indexOf('demo/snowflake.password');
    await client.edit(uri, [{ range: { start: doc.positionAt(at + 5), end: doc.positionAt(at + 14) }, newText: 'nothere' }], true);
    assert.ok(client.text(uri).includes('bao:demo/nothere.password'));
    await client.diagnostics(uri, (d) => d.some((x) => x.code === 'secret-not-found'), 'secret-not-found after didChange');
    // ...and back.
    const back = client.text(uri).indexOf('nothere');
    await client.edit(uri, [{ range: { start: doc.positionAt(back), end: doc.positionAt(back + 7) }, newText: 'snowflake' }], true);
    await client.diagnostics(
      uri,
      (d) => !d.some((x) => x.code === 'secret-not-found') && d.some((x) => x.code === 'wrong-type'),
      'resolved again',
    );

    // Pull diagnostics say the same.
    const pulled = await client.connection.sendRequest<{ kind: string; items: { code: string }[] }>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.equal(pulled.kind, 'full');
    assert.deepEqual(
      pulled.items.map((d) => d.code),
      ['wrong-type'],
    );

    // Hover on the reference: store, path and key, the value masked.
    const refAt = doc.positionAt(client.text(uri).indexOf('vault.secret(') + 4);
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: refAt });
    const hoverText = (hover.contents as { value: string }).value;
    assert.match(hoverText, /Vault secret/);
    assert.match(hoverText, /demo\/snowflake/);
    assert.ok(hoverText.includes(`Value: \`${MASK}\``), hoverText);
    assert.ok(!hoverText.includes(seed.vault.kv2['demo/snowflake'].password), 'the hover holds no value');
    assert.ok(!hoverText.includes('Reveal'), 'no reveal over the protocol');

    // Completion of a schema key: the host line removed, a new key on its line offers it, typed.
    const hostAt = client.text(uri).indexOf('  "host"');
    const hostEnd = client.text(uri).indexOf('\n', hostAt) + 1;
    await client.edit(uri, [{ range: { start: doc.positionAt(hostAt), end: doc.positionAt(hostEnd) }, newText: '  "",\n' }], true);
    const keys = await client.connection.sendRequest<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: doc.positionAt(hostAt + 3),
    });
    assert.ok(labels(keys).includes('host'), `host is offered: ${labels(keys).join(', ')}`);
    assert.ok(!labels(keys).includes('port'), 'a key already there is not offered');
    const host = keys.items.find((item) => item.label === 'host')!;
    assert.match(host.detail ?? '', /string · required/);

    // Inside references: store configs, folders, secrets and keys of OpenBao; AWS secret names and JSON keys of moto.
    const complete = async (text: string) => {
      const end = client.text(uri).lastIndexOf('}');
      const insertAt = end;
      const after = await client.insert(uri, insertAt, `, "note": "${text}`);
      const position = client.document(uri).positionAt(after);
      const result = await client.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
      // Undo the insertion for the next one.
      const d = client.document(uri);
      await client.edit(uri, [{ range: { start: d.positionAt(insertAt), end: d.positionAt(after) }, newText: '' }], true);
      return result;
    };
    assert.ok(labels(await complete('vault.secret(')).includes('bao'));
    assert.ok(labels(await complete('vault.secret(bao:')).includes('demo/'));
    assert.ok(labels(await complete('vault.secret(bao:demo/')).includes('snowflake'));
    const keysOfSecret = (await complete('vault.secret(bao:demo/snowflake.')).items.filter(
      (item) => item.detail === 'key of demo/snowflake',
    );
    assert.deepEqual(labels(keysOfSecret).sort(), ['account', 'password', 'user']);
    assert.ok(labels(await complete('{{resolve:secretsmanager:')).includes('postgresSecrets'));
    assert.ok(labels(await complete('{{resolve:secretsmanager:postgresSecrets:SecretString:')).includes('db_name'));
    assert.ok(labels(await complete('{{resolve:secretsmanager:postgresSecrets:SecretString:password:')).includes('AWSCURRENT'));

    // The schema quick fix for the port: a string.
    const diagnostics = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'wrong-type'));
    const wrong = diagnostics.find((d) => d.code === 'wrong-type')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: wrong.range,
      context: { diagnostics: [wrong] },
    });
    const convert = actions.find((a) => a.edit && a.diagnostics?.some((d) => d.code === 'wrong-type'));
    assert.ok(convert, `a fix for wrong-type: ${actions.map((a) => a.title).join(', ')}`);
    await client.edit(uri, convert.edit!.changes![uri] as TextEdit[], true);
    assert.match(client.text(uri), /"port": "5432"/);
    await client.diagnostics(uri, (d) => !d.some((x) => x.code === 'wrong-type'), 'no wrong-type after the fix');

    for (const value of [seed.vault.kv2['demo/snowflake'].password, seed.aws.json.postgresSecrets.password]) {
      assert.ok(!client.transcript.includes(value), 'no value in anything the server sent');
    }
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  it('finds references through the workspace index, and the store config as the definition', async () => {
    await client.open(uri, 'json', POSTGRES);
    const doc = client.document(uri);
    const at = doc.positionAt(client.text(uri).indexOf('vault.secret(') + 20);
    const other = pathToFileURL(path.join(root, 'conf', 'app.yaml')).href;
    const refs = await client.connection.sendRequest<{ uri: string; range: { start: { line: number; character: number } } }[]>(
      'textDocument/references',
      { textDocument: { uri }, position: at, context: { includeDeclaration: true } },
    );
    // The secret: both keys in conf/app.yaml and the reference here.
    assert.deepEqual(
      refs.map((r) => `${r.uri === other ? 'conf/app.yaml' : r.uri === uri ? 'here' : r.uri}:${r.range.start.line}`).sort(),
      ['conf/app.yaml:1', 'conf/app.yaml:2', 'here:5'],
    );
    // On the key: only the references to that key.
    const onKey = doc.positionAt(client.text(uri).indexOf('.password)') + 3);
    const keyRefs = await client.connection.sendRequest<{ uri: string; range: { start: { line: number } } }[]>('textDocument/references', {
      textDocument: { uri },
      position: onKey,
      context: { includeDeclaration: true },
    });
    assert.deepEqual(keyRefs.map((r) => `${r.uri === other ? 'conf/app.yaml' : 'here'}:${r.range.start.line}`).sort(), [
      'conf/app.yaml:1',
      'here:5',
    ]);
    const definition = await client.connection.sendRequest<{ uri: string } | null>('textDocument/definition', {
      textDocument: { uri },
      position: at,
    });
    assert.equal(definition?.uri, pathToFileURL(path.join(home, 'stores.json')).href);
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  it('moves an inline secret to OpenBao only after the user picks the store', async () => {
    const env = testEnvironment();
    const id = randomBytes(4).toString('hex');
    const planted = `lsp-inline-${id}-${env.canary}`;
    const file = pathToFileURL(path.join(root, `move${id}.postgres.json`)).href;
    const text = `{\n  "host": "h",\n  "port": "5432",\n  "db_name": "d",\n  "user": "u",\n  "password": "${planted}"\n}\n`;
    await client.open(file, 'json', text);
    const warned = await client.diagnostics(file, (d) => d.some((x) => x.code === 'inline-secret'), 'inline-secret');
    const warning = warned.find((d) => d.code === 'inline-secret')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: file },
      range: warning.range,
      context: { diagnostics: [warning] },
    });
    const move = actions.find((a) => a.command?.command === 'secretref.moveToSecretStore');
    assert.ok(move?.command, `a move action: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(move.edit, undefined, 'the move is a command, not an edit');

    // Cancelled: nothing is written, the file is as it was.
    client.answer = (_message, options) => options.find((o) => o.title === 'Cancel') ?? null;
    await client.connection.sendRequest('workspace/executeCommand', { command: move.command.command, arguments: move.command.arguments });
    assert.equal(client.messageRequests.length, 1, 'the user was asked');
    assert.match(client.messageRequests[0], /bao/);
    assert.equal(client.appliedEdits.length, 0);
    assert.equal(client.text(file), text);

    // Picked "bao": the secret is written, read back, and the file holds a reference.
    client.answer = (_message, options) => options.find((o) => o.title === 'bao') ?? null;
    await client.connection.sendRequest('workspace/executeCommand', { command: move.command.command, arguments: move.command.arguments });
    assert.equal(client.appliedEdits.length, 1);
    const after = client.text(file);
    await assertMovedToBao(after, env.vault, planted);
    await client.waitFor('the report', () => client.shown.find((m) => /Moved 1/.test(m.message)));
    // What the server sent holds no value: the planted one came only from the client (didOpen is the client's).
    assert.ok(!client.transcript.includes(planted), 'no value in anything the server sent');
    assert.equal(await client.shutdown(), 0, client.stderr);
  });
});
