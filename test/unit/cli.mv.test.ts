// `secretref mv`'s command line alone (no store is contacted before the arguments are understood): help,
// bad usage in words with exit 2, and a repository without store configs. The moves are test/live/move*.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';

async function mv(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (t) => (out += `${t}\n`),
    stderr: (t) => (err += `${t}\n`),
    env: { SECRETREF_STATE_DIR: path.join(cwd, '.state') },
    cwd,
  };
  const code = await runCli(['mv', ...args], io);
  return { code, out, err };
}

describe('cli: mv arguments', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-mv-args-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints its help, and is listed among the commands', async () => {
    const help = await mv(dir, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /usage: secretref mv <store>:<from> <to> \[paths\.\.\.\] \[--dry-run\] \[--delete-old\]/);
    let usage = '';
    await runCli(['--help'], { stdout: (t) => (usage += t), stderr: () => undefined, env: {}, cwd: dir });
    assert.match(usage, /^ {2}mv$/m);
  });

  it('refuses bad usage in words, exit 2, before any store is contacted', async () => {
    const cases: [string[], RegExp][] = [
      [['bao:apps/db'], /give <store>:<from> and <to>/],
      [['apps/db', 'apps/x'], /<from> must be <store>:<path>\[\.<key>\], not "apps\/db"/],
      [['bao:', 'x'], /<from> must be <store>:<path>/],
      [['--finish-interrupted', '--dry-run'], /--dry-run does not apply to --finish-interrupted/],
      [['bao:a', 'b', '--format', 'xml'], /--format must be "text" or "json"/],
      [['bao:a', 'b', '--nope'], /unknown option "--nope"/],
    ];
    for (const [args, message] of cases) {
      const run = await mv(dir, args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.err, message, args.join(' '));
    }
  });

  it('without --stores and without .vscode/settings.json says where the store configs come from', async () => {
    const run = await mv(dir, ['bao:apps/db', 'apps/db2', '--dry-run']);
    assert.equal(run.code, 2);
    assert.match(run.err, /no store configs: pass --stores <file>/);
    const named = await mv(dir, ['bao:apps/db', 'apps/db2', '--dry-run', '--stores', 'stores.json']);
    assert.equal(named.code, 2);
  });
});
