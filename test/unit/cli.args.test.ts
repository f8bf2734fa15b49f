// The CLI's argument errors (src/cli/args.ts, node:util parseArgs): an unknown option, an option
// without its value and a value for a flag exit 2 with words that name the option, for every command.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';

const ROOT = path.resolve(__dirname, '../../..');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`), env: {}, cwd: ROOT };
  return { code: await runCli(args, io), stdout, stderr };
}

const COMMANDS: Record<string, { valued: string; flag?: string; rest: string[] }> = {
  check: { valued: '--type', flag: '--resolve', rest: ['package.json'] },
  refs: { valued: '--stores', rest: ['package.json'] },
  migrate: { valued: '--store', flag: '--dry-run', rest: ['package.json'] },
  schema: { valued: '', rest: ['redshift'] },
};

describe('cli: arguments', () => {
  for (const [command, { valued, flag, rest }] of Object.entries(COMMANDS)) {
    it(`${command}: an unknown option exits 2, names the option and prints the help`, async () => {
      for (const bogus of ['--bogus', '--bogus=1', '-x']) {
        const result = await cli([command, ...rest, bogus]);
        assert.equal(result.code, 2, `${command} ${bogus}`);
        assert.equal(result.stdout, '');
        assert.match(
          result.stderr,
          new RegExp(`^secretref ${command}: unknown option "${bogus.replace(/=.*/, '')}"\n\nusage: secretref ${command}`),
          `${command} ${bogus}`,
        );
      }
    });

    if (valued) {
      it(`${command}: an option without its value exits 2 and says which`, async () => {
        const last = await cli([command, ...rest, valued]);
        assert.equal(last.code, 2);
        assert.match(last.stderr, new RegExp(`^secretref ${command}: ${valued} needs a value\n`));
        const empty = await cli([command, ...rest, `${valued}=`]);
        assert.equal(empty.code, 2);
        assert.match(empty.stderr, new RegExp(`${valued} needs a value`));
        // The next argument is another option, not the forgotten value.
        const next = await cli([command, valued, '--help-me', ...rest]);
        assert.equal(next.code, 2);
        assert.match(next.stderr, new RegExp(`${valued} needs a value \\(for a value that starts with "-", write ${valued}=--help-me\\)`));
      });
    }

    if (flag) {
      it(`${command}: a value for a flag exits 2`, async () => {
        const result = await cli([command, ...rest, `${flag}=yes`]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, new RegExp(`${flag} takes no value`));
      });
    }

    it(`${command}: -h or --help anywhere prints the help, whatever else is given`, async () => {
      for (const help of ['-h', '--help']) {
        const result = await cli([command, '--bogus', ...rest, help]);
        assert.equal(result.code, 0, `${command} ${help}: ${result.stderr}`);
        assert.match(result.stdout, new RegExp(`^usage: secretref ${command}`));
      }
    });
  }

  it('after --, an argument that starts with "-" is a file', async () => {
    const result = await cli(['check', '--', '-no-such-file.json']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot read -no-such-file\.json \(ENOENT\)/);
  });

  it('the same words for a bad --format in check, refs and migrate', async () => {
    for (const command of ['check', 'refs', 'migrate']) {
      const result = await cli([command, 'package.json', ...(command === 'migrate' ? ['--store', 's'] : []), '--format=xml']);
      assert.equal(result.code, 2);
      // check has two more formats (sarif, github): the same words, a longer list.
      const allowed = command === 'check' ? '"text" or "json" or "sarif" or "github"' : '"text" or "json"';
      assert.match(result.stderr, new RegExp(`^secretref ${command}: --format must be ${allowed}, not "xml"`), command);
    }
  });
});
