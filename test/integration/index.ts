// Entry point VS Code loads as extensionTestsPath: runs every *.test.js beside this file with mocha
// inside the real extension host, and rejects when any test fails so the harness exits non-zero.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.SECRETREF_TEST_GREP;
  if (grep) mocha.grep(grep);
  // Only compiled files whose source still exists: out/ keeps the files of renamed or deleted tests.
  const sources = path.resolve(__dirname, '../../../test/integration');
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js') && fs.existsSync(path.join(sources, name.replace(/\.js$/, '.ts'))))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  console.log(`[integration] VS Code ${vscode.version} (${vscode.env.appName}, host ${vscode.env.remoteName ?? 'local'})`);
  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }));
    } catch (error) {
      reject(error);
    }
  });
  const resultsFile = process.env.SECRETREF_TEST_RESULTS;
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ ...stats, vscodeVersion: vscode.version }));
  console.log(`[integration] ${stats.passes} passed, ${stats.failures} failed in VS Code ${vscode.version}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} integration test(s) failed`);
  if (stats.passes === 0) throw new Error('No integration test ran');
}
