// The language server in a real client that is not VS Code: headless Neovim (Debian's `neovim`, its
// built-in LSP client, 0.7.2 API) opens a credential file with secretref-language-server attached and a
// Lua script (test/support/neovimDriver.lua) checks, against the live OpenBao: diagnostics published,
// hover text (masked), completion of a secret's keys, the schema quick fix applied, and "Move to a secret
// store…" run after the user's pick in window/showMessageRequest. The script writes what it saw to a
// file this test reads; it waits on real conditions (vim.wait on a predicate), never a fixed time.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MASK } from '../../src/core/redaction';
import { findExecutable } from '../../src/core/findExecutable';
import { assertMovedToBao, LANGUAGE_SERVER } from '../support/languageServerClient';
import { seedData, testEnvironment } from '../support/testEnv';

const DRIVER = path.resolve(__dirname, '../../../test/support/neovimDriver.lua');

interface LspDiagnostic {
  code?: string;
  message: string;
}

interface NeovimResults {
  steps: string[];
  error?: string;
  diagnostics?: LspDiagnostic[];
  hover?: string;
  completion?: { label: string; detail: string }[];
  actions?: string[];
  afterFix?: string;
  diagnosticsAfterFix?: LspDiagnostic[];
  moveTitle?: string;
  afterMove?: string;
  messageRequests: string[];
  messages: string[];
}

describe('language server in headless Neovim (live stores)', function () {
  this.timeout(90_000);
  let home: string;
  let root: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-nvim-home-'));
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-nvim-ws-'));
  });
  afterEach(() => {
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows diagnostics, a masked hover, key completion, applies a quick fix and moves the password after the pick', async () => {
    const nvim = await findExecutable('nvim');
    assert.ok(nvim, 'nvim is on PATH (scripts/setup-prereqs.sh installs Debian neovim)');
    const env = testEnvironment();
    const seed = seedData();
    const id = randomBytes(4).toString('hex');
    const planted = `nvim-inline-${id}-${env.canary}`;
    const stores = path.join(home, 'stores.json');
    fs.writeFileSync(stores, JSON.stringify([{ name: 'bao', kind: 'vault', url: env.vault.address, auth: 'token' }]));
    const file = path.join(root, `nvim${id}.postgres.json`);
    fs.writeFileSync(
      file,
      [
        '{',
        '  "host": "pg.internal",',
        '  "port": 5432,',
        '  "db_name": "analytics",',
        '  "user": "reporting",',
        `  "password": "${planted}",`,
        '  "comment": "vault.secret(bao:demo/snowflake.password)"',
        '}',
        '',
      ].join('\n'),
    );
    const out = path.join(home, 'results.json');
    const child = spawn(nvim, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', file, '-c', `luafile ${DRIVER}`], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        VAULT_ADDR: env.vault.address,
        VAULT_TOKEN: env.vault.rootToken,
        SECRETREF_STATE_DIR: path.join(home, 'state'),
        SECRETREF_NVIM_OUT: out,
        SECRETREF_NVIM_NODE: process.execPath,
        SECRETREF_NVIM_SERVER: LANGUAGE_SERVER,
        SECRETREF_NVIM_ROOT: root,
        SECRETREF_NVIM_STORES: stores,
        SECRETREF_NVIM_PICK: 'bao',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0, output);
    const results = JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResults;
    assert.equal(results.error, undefined, `${results.error}; steps: ${results.steps.join(', ')}`);
    assert.deepEqual(results.steps, ['diagnostics', 'hover', 'completion', 'quick fix', 'move', 'stopped']);

    const codes = (results.diagnostics ?? []).map((d) => d.code);
    assert.ok(codes.includes('wrong-type') && codes.includes('inline-secret'), codes.join(', '));
    assert.ok(!codes.includes('secret-not-found'), 'the reference resolves');
    for (const d of results.diagnostics ?? []) assert.ok(!d.message.includes(planted), 'no diagnostic repeats the value');

    assert.match(results.hover ?? '', /Vault secret/);
    assert.ok(results.hover?.includes(`Value: \`${MASK}\``), results.hover);
    assert.ok(!results.hover?.includes(seed.vault.kv2['demo/snowflake'].password), 'the hover holds no value');

    const keys = (results.completion ?? []).filter((item) => item.detail === 'key of demo/snowflake').map((item) => item.label);
    assert.deepEqual(keys.sort(), ['account', 'password', 'user']);

    assert.match(results.afterFix ?? '', /"port": "5432"/);
    assert.ok(!(results.diagnosticsAfterFix ?? []).some((d) => d.code === 'wrong-type'));

    assert.match(results.moveTitle ?? '', /^Move to a secret store…/);
    assert.equal(results.messageRequests.length, 1, 'the user was asked once');
    assert.match(results.messageRequests[0], /bao/);
    assert.match(results.afterMove ?? '', /"password": "vault\.secret\(bao:/);
    await assertMovedToBao(results.afterMove ?? '', env.vault, planted);
    assert.ok(
      results.messages.some((m) => /Moved 1/.test(m)),
      results.messages.join('\n'),
    );
  });
});
