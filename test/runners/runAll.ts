// `npm test` lands here after the build: starts the stores once, runs the unit suite (mocha, in this
// process) and the integration suite (inside VS Code), stops everything, prints one summary line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { runE2e } from '../e2e/runE2e';
import { runTestsInCodeServer } from './codeServer';
import { runTestsInElectron } from './electron';
import { redTeamSummary } from '../support/redTeamTally';
import { withStores } from './withStores';

type Layer = 'unit' | 'integration' | 'trust' | 'e2e' | 'electron';
interface LayerResult {
  layer: Layer;
  passed: number;
  failed: number;
  detail?: string;
}

const root = path.resolve(__dirname, '../../..');
const outTest = path.join(root, 'out/test');

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  // Only compiled files whose source still exists: out/ keeps the files of renamed or deleted tests.
  const sources = path.join(root, path.relative(path.join(root, 'out'), dir));
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js') && fs.existsSync(path.join(sources, name.replace(/\.js$/, '.ts'))))
    .sort()
    .map((name) => path.join(dir, name));
}

async function runUnit(): Promise<LayerResult> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec' });
  const grep = process.env.SECRETREF_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of testFiles(path.join(outTest, 'unit'))) mocha.addFile(file);
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats as Mocha.Stats));
  });
  return { layer: 'unit', passed: stats.passes, failed: stats.failures };
}

function prepareWorkspace(runDir: string): string {
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
  return workspace;
}

async function runIntegration(layer: 'integration' | 'electron' | 'trust', runDir: string, envFile: string): Promise<LayerResult> {
  const resultsFile = path.join(runDir, `${layer}-results.json`);
  const options = {
    extensionPath: root,
    // The trust layer: its own small suite, in a window with Workspace Trust on (Restricted Mode).
    testsPath: path.join(outTest, layer === 'trust' ? 'trust/index.js' : 'integration/index.js'),
    workspacePath: prepareWorkspace(path.join(runDir, layer === 'trust' ? 'trust' : '')),
    runDir: path.join(runDir, layer),
    env: { ...process.env, SECRETREF_TEST_ENV: envFile, SECRETREF_TEST_RESULTS: resultsFile },
    workspaceTrust: layer === 'trust',
  };
  const exitCode = layer === 'electron' ? await runTestsInElectron(options) : await runTestsInCodeServer(options);
  if (!fs.existsSync(resultsFile)) {
    return { layer, passed: 0, failed: 1, detail: `the suite did not report results (exit code ${exitCode})` };
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { passes: number; failures: number; vscodeVersion: string };
  const failed = exitCode !== 0 && results.failures === 0 ? 1 : results.failures;
  return { layer, passed: results.passes, failed, detail: `VS Code ${results.vscodeVersion}${layer === 'trust' ? ', Workspace Trust on, untrusted window' : ''}` };
}

async function main(): Promise<number> {
  const requested = process.argv[2] ?? 'all';
  const layers: Layer[] = requested === 'all' ? ['unit', 'integration', 'trust', 'e2e'] : [requested as Layer];
  if (!layers.every((layer) => ['unit', 'integration', 'trust', 'e2e', 'electron'].includes(layer))) {
    console.error(`unknown test layer "${requested}" (use unit, integration, trust, e2e, electron or all)`);
    return 2;
  }
  const runDir = path.join(root, '.test-runs', new Date().toISOString().replace(/[:.]/g, '-'));
  const results = await withStores(runDir, async ({ envFile }) => {
    const collected: LayerResult[] = [];
    for (const layer of layers) {
      console.log(`\n===== ${layer} tests =====`);
      if (layer === 'unit') collected.push(await runUnit());
      else if (layer === 'e2e') collected.push({ layer, ...(await runE2e(runDir, envFile)), detail: 'workbench UI, extension installed from the .vsix' });
      else collected.push(await runIntegration(layer, runDir, envFile));
    }
    return collected;
  });
  console.log('\n===== summary =====');
  for (const r of results) console.log(`${r.layer}: ${r.passed} passed, ${r.failed} failed${r.detail ? ` (${r.detail})` : ''}`);
  const redTeam = redTeamSummary(runDir);
  if (redTeam) console.log(redTeam);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
