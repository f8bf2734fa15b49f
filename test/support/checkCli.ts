// `secretref check` run in-process through runCli, with its standard output, standard error and exit code
// captured (test/unit/cli.repository.test.ts, cli.fix.test.ts).
import type { CliIO } from '../../src/cli/cliTypes';
import { runCli } from '../../src/cli/main';

export async function checkCli(cwd: string, args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += `${t}\n`),
    stderr: (t) => (stderr += `${t}\n`),
    env: {},
    cwd,
    ...(stdin === undefined ? {} : { readStdin: async () => stdin }),
  };
  const code = await runCli(['check', ...args], io);
  return { code, stdout, stderr };
}
