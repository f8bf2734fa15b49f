// Credential schema features in a real extension host: diagnostics, completion, hovers and quick
// fixes on fixture documents of every schema, a connections file, and incremental edits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { schemaNames } from '../../src/core/schemas';
import { waitFor as pollWithDeadline } from '../support/waitFor';

const EXTENSION_ID = 'secretref.secretref';
const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/schemas');
/** Every schema the core knows (the list itself is pinned by the unit test of the schema data). */
const SCHEMAS = schemaNames();
const SCHEMA_CODES = new Set([
  'syntax',
  'missing-required',
  'wrong-type',
  'not-nullable',
  'not-allowed',
  'unknown-key',
  'duplicate-key',
  'unknown-schema',
]);

/** What each invalid fixture must show (code and the key it sits on), in document order. */
const EXPECTED: Record<string, string[]> = {
  athena: ['wrong-type', 'unknown-key'],
  bigquery: ['missing-required'],
  s3: ['not-nullable'],
  glue: ['duplicate-key'],
  mysql: ['wrong-type'],
  redshift: ['wrong-type', 'not-allowed'],
  looker: ['wrong-type'],
  'looker-git': ['missing-required'],
  presto: ['not-allowed', 'wrong-type'],
  postgres: ['wrong-type', 'unknown-key'],
  snowflake: ['missing-required'],
  hive: ['wrong-type', 'unknown-key'],
  tableau: ['wrong-type'],
  'self-hosted': ['not-allowed'],
};

/** The quick fix each invalid fixture offers for its first diagnostic. */
const FIX: Record<string, RegExp> = {
  athena: /^Convert "catalog" to a string$/,
  bigquery: /^Add missing required key "private_key"$/,
  glue: /^Remove duplicate key "aws_region"$/,
  mysql: /^Convert "port" to an integer$/,
  redshift: /^Convert "port" to a string$/,
  'looker-git': /^Add missing required key "repo_url"$/,
  presto: /^Change "mechanism" to "dc-s3"$/,
  postgres: /^Convert "port" to a string$/,
  snowflake: /^Add missing required key "password"$/,
  hive: /^Convert "databricks_cluster_id" to a string$/,
  'self-hosted': /^Change "self_hosting_mechanism" to "secretsmanager"$/,
};

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  return pollWithDeadline(what, probe, { timeoutMs, intervalMs: 50 });
}

function schemaDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'secretref' && SCHEMA_CODES.has(String(typeof d.code === 'object' ? d.code.value : d.code)));
}

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

async function waitForCodes(uri: vscode.Uri, expected: string[]): Promise<vscode.Diagnostic[]> {
  let seen: string[] = [];
  try {
    return await waitFor(`diagnostics ${expected.join(', ')} on ${path.basename(uri.fsPath)}`, () => {
      const found = schemaDiagnostics(uri);
      seen = found.map(codeOf);
      return JSON.stringify(seen) === JSON.stringify(expected) ? found : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message} (last seen: ${seen.join(', ') || 'none'})`);
  }
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(path.join(FIXTURES, relative));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Opens a copy of a fixture (same file name) that tests may edit without touching the repo. */
async function openCopy(relative: string): Promise<vscode.TextDocument> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-schemas-'));
  const file = path.join(dir, path.basename(relative));
  fs.copyFileSync(path.join(FIXTURES, relative), file);
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  return document;
}

async function completionLabels(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  // Only ours: our items carry "type · required|optional" details.
  return list.items.filter((item) => typeof item.detail === 'string' && /· (required|optional)/.test(item.detail));
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

suite('schemas', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a project config named .secretref.json opens as JSON with comments, not as a secret document', async () => {
    // The secret documents' language claims the extension `.secretref.json`; the CLI's project config
    // has exactly that name, and a filename association wins over an extension one.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-config-'));
    const file = path.join(dir, '.secretref.json');
    fs.writeFileSync(file, '{ "include": ["configs/**"] }\n');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(document.languageId, 'jsonc');
  });

  for (const name of SCHEMAS) {
    test(`${name}: diagnostics with stable codes and a quick fix`, async () => {
      const document = await openCopy(`invalid/bad.${name}.json`);
      const diagnostics = await waitForCodes(document.uri, EXPECTED[name]);
      const fix = FIX[name];
      if (fix) {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          diagnostics[0].range,
        );
        const titles = actions.map((a) => a.title);
        const action = actions.find((a) => fix.test(a.title));
        assert.ok(action, `expected a quick fix ${fix} among ${titles.join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(action.edit!));
        // The fixed diagnostic is gone once the incremental model re-validates.
        await waitFor('the fixed diagnostic to disappear', () =>
          schemaDiagnostics(document.uri).length === diagnostics.length - 1 ? true : undefined,
        );
      }
    });

    test(`${name}: a valid document has no schema diagnostics, and hovers describe its keys`, async () => {
      const document = await open(`valid/prod.${name}.json`);
      const firstKey = document.getText().indexOf('"') + 2;
      const text = await waitFor('a hover', async () => {
        const value = await hoverText(document, document.positionAt(firstKey));
        return value.includes('**') ? value : undefined;
      });
      assert.match(text, /(required|optional)/);
      const key = /"([^"]+)"/.exec(document.getText())![1];
      assert.ok(text.includes(`**${key}**`), text);
      assert.deepEqual(schemaDiagnostics(document.uri).map(codeOf), []);
    });

    test(`${name}: completion offers the keys, required first, with value snippets`, async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n  \n}\n' });
      await vscode.window.showTextDocument(document);
      const detected = await vscode.commands.executeCommand<string | undefined>('secretref.pickSchema', name);
      assert.equal(detected, name);
      const items = await waitFor('completion items', async () => {
        const found = await completionLabels(document, new vscode.Position(1, 2));
        return found.length > 0 ? found : undefined;
      });
      const required = items.filter((i) => /required/.test(String(i.detail)));
      const firstOptional = items.findIndex((i) => /optional/.test(String(i.detail)));
      if (firstOptional !== -1)
        assert.ok(
          items.slice(firstOptional).every((i) => /optional/.test(String(i.detail))),
          'required keys come first',
        );
      assert.ok(items.length >= 3, `${name} offers its keys`);
      for (const item of items) {
        const snippet = item.insertText instanceof vscode.SnippetString ? item.insertText.value : String(item.insertText);
        assert.ok(snippet.startsWith(`"${labelOf(item)}": `), snippet);
        if (/^integer/.test(String(item.detail))) assert.match(snippet, /: \$\{1:0\}$/);
        if (/^string/.test(String(item.detail)) && !/one of/.test(String(item.detail))) assert.match(snippet, /: "\$1"$/);
      }
      if (name === 'bigquery') assert.equal(required.length, 10);
    });
  }

  test('key completion: the schema fields come first and the first is preselected, $schema last', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n  \n}\n' });
    await vscode.window.showTextDocument(document);
    assert.equal(await vscode.commands.executeCommand<string | undefined>('secretref.pickSchema', 'postgres'), 'postgres');
    const list = await waitFor('completion items', async () => {
      const found = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(1, 2),
      );
      return found.items.some((item) => /· required/.test(String(item.detail))) ? found : undefined;
    });
    const labels = list.items.map(labelOf);
    const ours = list.items.filter((item) => /· (required|optional)/.test(String(item.detail)));
    assert.equal(labelOf(list.items[0]), labelOf(ours[0]), labels.join(', '));
    assert.equal(list.items[0].preselect, true);
    const schemaRow = labels.indexOf('$schema');
    if (schemaRow !== -1)
      assert.ok(
        ours.every((item) => list.items.indexOf(item) < schemaRow),
        labels.join(', '),
      );
  });

  test('a JSON syntax error is reported once, by VS Code, not again by secretref', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n  "host": "h",\n  "port": \n}\n' });
    await vscode.window.showTextDocument(document);
    assert.equal(await vscode.commands.executeCommand<string | undefined>('secretref.pickSchema', 'postgres'), 'postgres');
    // The schema diagnostics arrive together: once the missing keys show, syntax would have too.
    const found = await waitFor('schema diagnostics', () => {
      const list = schemaDiagnostics(document.uri);
      return list.some((d) => codeOf(d) === 'missing-required') ? list : undefined;
    });
    assert.deepEqual(
      found.filter((d) => codeOf(d) === 'syntax').map((d) => d.message),
      [],
    );
  });

  test('connections file: [i] diagnostics, completion by connection type, hover on the type', async () => {
    const document = await open('connections.json');
    await waitForCodes(document.uri, ['missing-required', 'wrong-type', 'not-allowed', 'unknown-schema']);
    const text = document.getText();
    const inside = text.indexOf('"credentials": {', text.indexOf('"name": "warehouse"')) + '"credentials": {'.length;
    const items = await waitFor('completion in a connection', async () => {
      const found = await completionLabels(document, document.positionAt(inside));
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(items.map(labelOf), ['warehouse']);
    const typeValue = text.indexOf('"hive"') + 2;
    assert.match(await hoverText(document, document.positionAt(typeValue)), /Apache Hive/);
  });

  test('incremental: an edit inside one connection of a big file updates its diagnostics', async () => {
    const entries = [];
    for (let i = 0; i < 3000; i++)
      entries.push({
        name: `c${i}`,
        type: 'postgres',
        credentials: { db_name: 'd', host: `h${i}`, port: '5432', user: 'u', password: 'example-password' },
      });
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(entries, null, 2) });
    await vscode.window.showTextDocument(document);
    // A hover on a connection's "type" key proves the model is built before the edit.
    const typeKey = document.getText().indexOf('"type"') + 2;
    await waitFor('the connections file to be modelled', async () =>
      (await hoverText(document, document.positionAt(typeKey))).includes('**type**') ? true : undefined,
    );
    const at = document.getText().indexOf('"host": "h2500"');
    const port = document.getText().indexOf('"5432"', at);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(port), document.positionAt(port + 6)), '5432');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const [diagnostic] = await waitForCodes(document.uri, ['wrong-type']);
    assert.equal(document.offsetAt(diagnostic.range.start), port);
    const undo = new vscode.WorkspaceEdit();
    undo.replace(document.uri, diagnostic.range, '"5432"');
    assert.ok(await vscode.workspace.applyEdit(undo));
    await waitFor('the diagnostic to clear', () => (schemaDiagnostics(document.uri).length === 0 ? true : undefined));
  });

  test("the workspace's .secretref.json maps a file to a schema, and a change to it applies without a reload", async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder is open');
    const config = path.join(folder, '.secretref.json');
    assert.ok(!fs.existsSync(config), 'the test workspace has no .secretref.json of its own');
    const dir = fs.mkdtempSync(path.join(folder, 'project-config-'));
    const rel = `${path.basename(dir)}/warehouse.conf.json`;
    // Fields no schema's detection claims: without a mapping the file is no credential file.
    fs.writeFileSync(path.join(dir, 'warehouse.conf.json'), '{\n  "hostname": "db.internal",\n  "login": "loader"\n}\n');
    try {
      const document = await vscode.workspace.openTextDocument(path.join(dir, 'warehouse.conf.json'));
      await vscode.window.showTextDocument(document);
      fs.writeFileSync(config, JSON.stringify({ credentialFiles: { [rel]: 'postgres' } }));
      const mapped = await waitFor('postgres diagnostics from .secretref.json', () => {
        const codes = schemaDiagnostics(document.uri).map(codeOf);
        return codes.includes('missing-required') && codes.includes('unknown-key') ? codes : undefined;
      });
      assert.ok(mapped.length > 0);
      // Excluded by the same file: no longer a credential file, at once.
      fs.writeFileSync(config, JSON.stringify({ exclude: [`${path.basename(dir)}/**`], credentialFiles: { [rel]: 'postgres' } }));
      await waitFor('the diagnostics to clear after the exclude', () => (schemaDiagnostics(document.uri).length === 0 ? true : undefined));
    } finally {
      fs.rmSync(config, { force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the credentialFiles setting maps a glob to a schema', async () => {
    const config = vscode.workspace.getConfiguration('secretref');
    await config.update('credentialFiles', { '**/guessed.json': 'postgres' }, vscode.ConfigurationTarget.Global);
    try {
      const document = await open('guessed.json');
      await waitForCodes(document.uri, ['missing-required', 'missing-required', 'missing-required', 'unknown-key']);
    } finally {
      await config.update('credentialFiles', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
