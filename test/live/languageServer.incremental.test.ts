// The language server's diagnostics after edits inside one connection of a connections file, worked
// out for that connection's lines alone (languageServer/shownDiagnostics.ts), against the live OpenBao:
// after every edit the pulled report ("unchanged", or the full items) is exactly what a server that
// just opened the same text reports, and pushed diagnostics are sent only when they changed. Edits
// that keep the lines, that add a line, that change a warning, that break and mend a reference (the
// store-resolved phase), and a replacement of the whole text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { replaceWindow } from '../../src/languageServer/shownDiagnostics';
import { LanguageServerClient } from '../support/languageServerClient';
import { seedData, testEnvironment } from '../support/testEnv';

const CONNECTIONS = JSON.stringify(
  [
    {
      name: 'pg-a',
      type: 'postgres',
      description: 'first',
      credentials: { host: 'a.internal', port: '5432', db_name: 'x', user: 'u', password: 'vault.secret(bao:demo/snowflake.password)' },
    },
    {
      name: 'pg-b',
      type: 'postgres',
      description: 'second',
      credentials: { host: 'b.internal', port: 5432, db_name: 'x', user: 'u', password: 'plain-text-one' },
    },
    {
      name: 'pg-c',
      type: 'postgres',
      description: 'third',
      credentials: { host: 'c.internal', port: '5432', db_name: 'x', user: 'u', password: 'plain-text-two' },
    },
  ],
  null,
  2,
);

interface Report {
  kind: 'full' | 'unchanged';
  resultId?: string;
  items?: Diagnostic[];
}

describe('language server: diagnostics after an edit in one connection (live stores)', function () {
  this.timeout(60_000);
  let home: string;
  let root: string;
  let uri: string;
  const clients: LanguageServerClient[] = [];

  const start = async (pull: boolean): Promise<LanguageServerClient> => {
    const env = testEnvironment();
    const client = new LanguageServerClient(
      {
        PATH: process.env.PATH,
        HOME: home,
        VAULT_ADDR: env.vault.address,
        VAULT_TOKEN: env.vault.rootToken,
        SECRETREF_STATE_DIR: path.join(home, 'state'),
      },
      root,
    );
    clients.push(client);
    await client.initialize(
      pathToFileURL(root).href,
      { stores: path.join(home, 'stores.json') },
      pull ? { textDocument: { diagnostic: {} } } : {},
    );
    return client;
  };
  const pull = (client: LanguageServerClient, previousResultId?: string) =>
    client.connection.sendRequest<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  /** What a server that just opened `text` reports. */
  const fresh = async (text: string): Promise<Diagnostic[]> => {
    const client = await start(true);
    await client.open(uri, 'json', text);
    const report = await pull(client);
    client.kill();
    return report.items ?? [];
  };

  beforeEach(() => {
    const env = testEnvironment();
    seedData();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-lsp-inc-home-'));
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-lsp-inc-ws-'));
    fs.writeFileSync(
      path.join(home, 'stores.json'),
      JSON.stringify([{ name: 'bao', kind: 'vault', url: env.vault.address, auth: 'token' }]),
    );
    uri = pathToFileURL(path.join(root, 'prod.connections.json')).href;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.kill();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('pulled: "unchanged" when an edit changed nothing, else exactly what a fresh server reports', async () => {
    const client = await start(true);
    await client.open(uri, 'json', CONNECTIONS);
    let report = await pull(client);
    assert.equal(report.kind, 'full');
    const codes = (items: Diagnostic[] | undefined) => (items ?? []).map((d) => d.code).sort();
    assert.deepEqual(codes(report.items), ['inline-secret', 'inline-secret', 'wrong-type']);
    let resultId = report.resultId;
    let held = report.items ?? [];
    assert.ok(resultId, 'a resultId to come back with');
    const edit = async (find: string, skip: number, remove: number, insert: string): Promise<Report> => {
      const at = client.text(uri).indexOf(find) + skip;
      assert.ok(at >= skip, find);
      const doc = client.document(uri);
      await client.edit(uri, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + remove) }, newText: insert }], true);
      const next = await pull(client, resultId);
      // "unchanged" is right only if what the client holds is what a fresh server says.
      if (next.kind === 'full') held = next.items ?? [];
      assert.deepEqual(held, await fresh(client.text(uri)), `after editing at "${find}" (${next.kind})`);
      resultId = next.resultId ?? resultId;
      return next;
    };

    assert.equal((await edit('"second"', 3, 0, 'xyz')).kind, 'unchanged', 'a description edited: nothing moved');
    assert.equal((await edit('plain-text-two', 5, 0, '-longer')).kind, 'full', 'a warning grew');
    assert.equal((await edit('"port": 5432', 8, 4, '"5432"')).kind, 'full', 'the wrong type fixed');
    assert.equal((await edit('demo/snowflake.password', 5, 9, 'nothere')).kind, 'full', 'a reference broken: resolved again');
    const broken = await pull(client, undefined);
    assert.ok(
      broken.items?.some((d) => d.code === 'secret-not-found'),
      JSON.stringify(broken.items),
    );
    assert.equal((await edit('demo/nothere.password', 5, 7, 'snowflake')).kind, 'full', 'and mended');
    assert.equal((await edit('"first",', 8, 0, '\n     ')).kind, 'full', 'a line added: everything after moved');
    assert.equal((await edit('"third"', 1, 0, 'q')).kind, 'unchanged', 'then a description again');
    // Two connections in one change set (their hosts): no window, the whole file again, and the same list is no change.
    const doc = client.document(uri);
    const a = client.text(uri).indexOf('b.internal');
    const b = client.text(uri).indexOf('c.internal');
    assert.ok(a > 0 && b > a);
    await client.edit(
      uri,
      [
        { range: { start: doc.positionAt(a), end: doc.positionAt(a) }, newText: 'k' },
        { range: { start: doc.positionAt(b), end: doc.positionAt(b) }, newText: 'k' },
      ],
      true,
    );
    report = await pull(client, resultId);
    assert.deepEqual(report.kind === 'full' ? report.items : held, await fresh(client.text(uri)));
    assert.equal(report.kind, 'unchanged', 'the same diagnostics, worked out whole');
  });

  it('pushed: a publish only when the diagnostics changed', async () => {
    const client = await start(false);
    await client.open(uri, 'json', CONNECTIONS);
    await client.diagnostics(uri, (d) => d.length === 3, 'the first publish');
    const doc = client.document(uri);
    const described = client.text(uri).indexOf('"second"') + 1;
    await client.edit(uri, [{ range: { start: doc.positionAt(described), end: doc.positionAt(described) }, newText: 'z' }], true);
    const password = client.text(uri).indexOf('plain-text-one');
    const version = client.document(uri).version + 1;
    await client.edit(uri, [{ range: { start: doc.positionAt(password), end: doc.positionAt(password) }, newText: 'more-' }], true);
    const after = await client.waitFor('the publish of the changed warning', () =>
      client.published.find((p) => p.uri === uri && p.version === version),
    );
    assert.deepEqual(after.diagnostics, await fresh(client.text(uri)));
    assert.ok(
      !client.published.some((p) => p.uri === uri && p.version === version - 1),
      'the description edit changed nothing and published nothing',
    );
  });

  it('replaceWindow: unchanged, replaced in place, and overlap with a diagnostic reaching into the window', () => {
    const at = (line: number, from: number, to: number, endLine = line): Diagnostic => ({
      range: { start: { line, character: from }, end: { line: endLine, character: to } },
      message: `m${line}.${from}`,
      severity: 2,
      code: 'c',
      source: 's',
    });
    const items = [at(1, 0, 4), at(5, 2, 6), at(5, 8, 9), at(9, 0, 1)];
    assert.equal(replaceWindow(items, { from: 4, to: 6 }, [at(5, 2, 6), at(5, 8, 9)]), 'unchanged');
    assert.deepEqual(replaceWindow(items, { from: 4, to: 6 }, [at(6, 0, 3)]), [at(1, 0, 4), at(6, 0, 3), at(9, 0, 1)]);
    assert.deepEqual(replaceWindow(items, { from: 2, to: 3 }, []), 'unchanged');
    assert.equal(replaceWindow([at(1, 0, 2, 5), ...items.slice(1)], { from: 4, to: 6 }, []), 'overlap');
    assert.equal(replaceWindow(items, { from: 4, to: 6 }, [at(7, 0, 1)]), 'overlap', 'a replacement outside its window');
  });
});
