// The two layers that run mocha in this Node process: test/unit/ (pure: no stores, no VS Code) and
// test/live/ (against the OpenBao and moto the runner started). `npm test` runs both through
// runAll.ts; `npm run test:pure` runs test/unit/ alone through pure.ts, with no stores started.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const root = path.resolve(__dirname, '../../..');
export const outTest = path.join(root, 'out/test');

export function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  // Only compiled files whose source still exists: out/ keeps the files of renamed, moved or deleted tests.
  const sources = path.join(root, path.relative(path.join(root, 'out'), dir));
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js') && fs.existsSync(path.join(sources, name.replace(/\.js$/, '.ts'))))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Runs the compiled tests of out/test/<folder> (SECRETREF_TEST_GREP picks a subset). */
export async function runMochaFolder(folder: 'unit' | 'live'): Promise<{ passed: number; failed: number }> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec' });
  const grep = process.env.SECRETREF_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of testFiles(path.join(outTest, folder))) mocha.addFile(file);
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats as Mocha.Stats));
  });
  return { passed: stats.passes, failed: stats.failures };
}
