// Passwords for userpass / LDAP store configs at the command line: the first line of standard input
// with --password-stdin (read once, for every such config of the run), else a prompt on the terminal
// with echo off when standard input is one, else none (the store then says how to sign in). Never
// printed, never kept beyond this process.
import type { CliIO } from './cliTypes';

/** Asks for a password on the terminal without echo; undefined when standard input is not a terminal. */
export function terminalPassword(prompt: string): Promise<string | undefined> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let typed = '';
    // Echo off before the prompt shows: nothing typed after it may reach the screen.
    stdin.setRawMode(true);
    process.stderr.write(prompt);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (value: string | undefined) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(typed);
        if (ch === '\u0003' || ch === '\u0004') return done(undefined);
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** All of standard input as text (the process's `CliIO.readStdin`: --password-stdin, --stdin-filename). */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Where a run's passwords come from: `--password-stdin` (once) or the terminal prompt (per config). */
export function passwordSource(io: CliIO, fromStdin: boolean): (prompt: string) => Promise<string | undefined> {
  if (fromStdin) {
    let line: Promise<string | undefined> | undefined;
    return () => {
      line ??= (io.readStdin ?? readAllStdin)().then((text) => text.split(/\r?\n/)[0] || undefined);
      return line;
    };
  }
  return (prompt) => (io.promptPassword ?? terminalPassword)(prompt);
}

/** A yes/no question on the terminal (`secretref mv`'s delete): true only for "y" or "yes". */
export async function askYesNo(question: string): Promise<boolean> {
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}
