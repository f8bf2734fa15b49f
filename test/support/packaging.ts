// The repository as users get it: a git repository made from the working tree (the files git tracks or
// would track, so uncommitted work is tested too), reached through a file:// URL, and the real npm and
// git run on it as child processes, with the outer npm's configuration removed from their environment.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..', '..');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (or kills it after timeoutMs) and returns its exit code and output. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr: signal ? `${stderr}\n(killed: ${signal})` : stderr });
    });
  });
}

export async function mustRun(command: string, args: string[], options: Parameters<typeof runCommand>[2]): Promise<Ran> {
  const ran = await runCommand(command, args, options);
  if (ran.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${ran.code}:\n${ran.stdout}\n${ran.stderr}`.slice(-6_000));
  return ran;
}

/**
 * The environment for npm, git and the installed CLI: this Node (22+, what the CLI needs) first on PATH,
 * no npm_* variables of an outer npm (`npm test` sets its own prefix, global flag and user agent), HOME
 * kept for git. `npm_config_cache` is kept unless `extra` replaces it.
 */
export function toolEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) && name.toLowerCase() !== 'npm_config_cache') continue;
    if (/^(GIT_|PRE_COMMIT)/.test(name)) continue;
    env[name] = value;
  }
  env.PATH = [path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

const GIT_IDENTITY = ['-c', 'user.name=secretref tests', '-c', 'user.email=tests@secretref.invalid', '-c', 'commit.gpgsign=false'];

/** `git` with a fixed identity, in cwd. */
export function git(cwd: string, args: string[]): Promise<Ran> {
  return mustRun('git', [...GIT_IDENTITY, ...args], { cwd, env: toolEnv() });
}

let snapshot: Promise<{ dir: string; url: string; commit: string }> | undefined;

/**
 * A git repository holding the working tree's files (tracked, and untracked but not ignored), one
 * commit, made once per test process; `url` is its file:// URL. Removed when the process exits.
 */
export function repositorySnapshot(): Promise<{ dir: string; url: string; commit: string }> {
  snapshot ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-repo-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const listed = await mustRun('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, env: toolEnv() });
    for (const name of listed.stdout.split('\0').filter(Boolean)) {
      const from = path.join(ROOT, name);
      // A deleted but still tracked file, or the node_modules symlink of a worktree: not part of a clone.
      const stat = fs.lstatSync(from, { throwIfNoEntry: false });
      if (!stat || stat.isSymbolicLink() || stat.isDirectory()) continue;
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.copyFileSync(from, path.join(dir, name));
    }
    await git(dir, ['init', '--quiet', '--initial-branch=main']);
    await git(dir, ['add', '--all']);
    await git(dir, ['commit', '--quiet', '--no-verify', '-m', 'snapshot of the working tree']);
    const commit = (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
    return { dir, url: `file://${dir}`, commit };
  })();
  return snapshot;
}

/** The package version in package.json. */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
