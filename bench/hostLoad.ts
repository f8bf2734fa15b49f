// Load inside the real extension host (issue 9, item 3), full mode: runs the integration layer with
// only the suite test/integration/hardening.load.test.ts and SECRETREF_LOAD=full (50 editors,
// 20,000 connections, 5,000 keystrokes with completion, a 10,000-secret tree browsed), in the VS Code
// server + headless Chromium with live OpenBao and moto, and prints the suite's `load-host:` figures.
// SECRETREF_BENCH_QUICK=1 runs the quick mode (500 keystrokes) instead.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTestsInCodeServer } from '../test/runners/codeServer';
import { withStores } from '../test/runners/withStores';
import { runStandalone } from './stats';

const SUITE = 'hardening: load inside the extension host';
const root = path.resolve(__dirname, '../..');

export async function run(): Promise<void> {
  const quick = process.env.SECRETREF_BENCH_QUICK === '1';
  const runDir = path.join(root, '.bench-runs', `hostLoad-${Date.now()}`);
  await withStores(runDir, async ({ envFile }) => {
    const workspace = path.join(runDir, 'workspace');
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    const resultsFile = path.join(runDir, 'integration-results.json');
    const loadFile = path.join(runDir, 'load-host.json');
    console.log(
      `extension host load (${quick ? 'quick' : 'full'} mode), suite "${SUITE}"; run folder ${path.relative(process.cwd(), runDir)}`,
    );
    const exitCode = await runTestsInCodeServer({
      extensionPath: root,
      testsPath: path.join(root, 'out/test/integration/index.js'),
      workspacePath: workspace,
      runDir: path.join(runDir, 'integration'),
      env: {
        ...process.env,
        SECRETREF_TEST_ENV: envFile,
        SECRETREF_TEST_RESULTS: resultsFile,
        SECRETREF_TEST_GREP: SUITE,
        SECRETREF_LOAD: quick ? 'quick' : 'full',
        SECRETREF_LOAD_RESULTS: loadFile,
      },
      timeoutMs: 45 * 60_000,
    });
    // The suite writes its figures before its assertions, so a failed bound still prints them.
    const figures = fs.existsSync(loadFile) ? (JSON.parse(fs.readFileSync(loadFile, 'utf8')) as { line: string }) : undefined;
    console.log(`\n${figures?.line ?? 'load-host: (no figures: the suite did not get as far as measuring)'}`);
    const results = fs.existsSync(resultsFile)
      ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { passes: number; failures: number })
      : undefined;
    if (!results || results.passes !== 1 || results.failures !== 0 || exitCode !== 0) {
      throw new Error(
        `the load suite failed (exit ${exitCode}, ${results ? `${results.passes} passed, ${results.failures} failed` : 'no results'}); see the output above and ${runDir}`,
      );
    }
  });
}

runStandalone(module, run);
