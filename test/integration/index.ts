// Entry point VS Code loads as extensionTestsPath: runs every *.test.js beside this file with mocha
// inside the real extension host, and rejects when any test fails so the harness exits non-zero.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  return runSuiteIn(__dirname, 'integration');
}

/** Runs every *.test.js in `dir` (the integration suite, or the trust layer's own small suite). */
export async function runSuiteIn(dir: string, label: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.SECRETREF_TEST_GREP;
  if (grep) mocha.grep(grep);
  // Only compiled files whose source still exists: out/ keeps the files of renamed or deleted tests.
  const sources = path.resolve(__dirname, '../../../test', path.basename(dir));
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.test.js') && fs.existsSync(path.join(sources, name.replace(/\.js$/, '.ts'))))
    .sort();
  for (const file of files) mocha.addFile(path.join(dir, file));

  console.log(`[${label}] VS Code ${vscode.version} (${vscode.env.appName}, host ${vscode.env.remoteName ?? 'local'})`);
  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() =>
        resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }),
      );
    } catch (error) {
      reject(error);
    }
  });
  const resultsFile = process.env.SECRETREF_TEST_RESULTS;
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ ...stats, vscodeVersion: vscode.version }));
  console.log(`[${label}] ${stats.passes} passed, ${stats.failures} failed in VS Code ${vscode.version}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} ${label} test(s) failed`);
  if (stats.passes === 0) throw new Error(`No ${label} test ran`);
}
