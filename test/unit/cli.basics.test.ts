// The CLI's own basics: --version, help <command>, and the Node version it asks for.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';
import { MIN_NODE_MAJOR, unsupportedNodeMessage } from '../../src/cli/runtime';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`), env: {}, cwd: ROOT };
  return { code: await runCli(args, io), stdout, stderr };
}

describe('cli: basics', () => {
  for (const flag of ['--version', '-v']) {
    it(`${flag} prints the version from package.json`, async () => {
      assert.deepEqual(await cli([flag]), { code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    });
  }

  it('help <command> is <command> --help', async () => {
    for (const command of ['check', 'refs', 'schema', 'migrate']) {
      const viaHelp = await cli(['help', command]);
      const viaFlag = await cli([command, '--help']);
      assert.equal(viaHelp.code, 0, `${command}: ${viaHelp.stderr}`);
      assert.deepEqual(viaHelp, viaFlag, command);
      assert.match(viaHelp.stdout, new RegExp(`secretref ${command}`));
    }
  });

  it('help alone prints the usage and exits 0; an unknown command after help is named', async () => {
    const help = await cli(['help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /secretref help <command>/);
    const unknown = await cli(['help', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "nope"/);
  });

  it('a command named like a member of Object.prototype is an unknown command', async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const unknown = await cli([name]);
      assert.equal(unknown.code, 2, name);
      assert.match(unknown.stderr, new RegExp(`unknown command "${name}"`), unknown.stderr);
    }
  });

  it('asks for the Node that package.json engines names, with a message that says what to do', () => {
    assert.equal(manifest.engines.node, `>=${MIN_NODE_MAJOR}`);
    assert.equal(unsupportedNodeMessage(`v${MIN_NODE_MAJOR}.0.0`), undefined);
    assert.equal(unsupportedNodeMessage('v24.22.3'), undefined);
    const message = unsupportedNodeMessage('v20.20.2') ?? '';
    assert.match(message, /needs Node\.js 22 or newer; this is Node\.js v20\.20\.2/);
    assert.match(message, /Install Node\.js 22 or later/);
  });
});
