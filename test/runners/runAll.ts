// `npm test` lands here after the build: starts the stores once, runs the pure unit tests and the live
// tests (mocha, in this process), the integration and trust suites (inside VS Code) and the UI suite,
// stops everything, prints one summary line per layer and the total.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runE2e } from '../e2e/runE2e';
import { runTestsInCodeServer } from './codeServer';
import { runTestsInElectron } from './electron';
import { outTest, root, runMochaFolder } from './mochaLayer';
import { redTeamSummary } from '../support/redTeamTally';
import { withStores } from './withStores';

type Layer = 'unit' | 'live' | 'integration' | 'trust' | 'e2e' | 'electron';
interface LayerResult {
  layer: Layer;
  passed: number;
  failed: number;
  detail?: string;
}

const DETAIL: Partial<Record<Layer, string>> = {
  unit: 'test/unit, pure: no stores, no VS Code',
  live: 'test/live, against OpenBao and moto',
};

/** What a requested name runs: `unit` keeps running both mocha layers, as it did before test/live/. */
function layersFor(requested: string): Layer[] | undefined {
  if (requested === 'all') return ['unit', 'live', 'integration', 'trust', 'e2e'];
  if (requested === 'unit') return ['unit', 'live'];
  return ['live', 'integration', 'trust', 'e2e', 'electron'].includes(requested) ? [requested as Layer] : undefined;
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
    env: {
      ...process.env,
      SECRETREF_TEST_ENV: envFile,
      SECRETREF_TEST_RESULTS: resultsFile,
      SECRETREF_STATE_DIR: path.join(runDir, layer, 'state'),
    },
    workspaceTrust: layer === 'trust',
  };
  const exitCode = layer === 'electron' ? await runTestsInElectron(options) : await runTestsInCodeServer(options);
  if (!fs.existsSync(resultsFile)) {
    return { layer, passed: 0, failed: 1, detail: `the suite did not report results (exit code ${exitCode})` };
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { passes: number; failures: number; vscodeVersion: string };
  const failed = exitCode !== 0 && results.failures === 0 ? 1 : results.failures;
  return {
    layer,
    passed: results.passes,
    failed,
    detail: `VS Code ${results.vscodeVersion}${layer === 'trust' ? ', Workspace Trust on, untrusted window' : ''}`,
  };
}

async function main(): Promise<number> {
  const requested = process.argv[2] ?? 'all';
  const layers = layersFor(requested);
  if (!layers) {
    console.error(`unknown test layer "${requested}" (use unit, live, integration, trust, e2e, electron or all)`);
    return 2;
  }
  const runDir = path.join(root, '.test-runs', new Date().toISOString().replace(/[:.]/g, '-'));
  const results = await withStores(runDir, async ({ envFile }) => {
    const collected: LayerResult[] = [];
    for (const layer of layers) {
      console.log(`\n===== ${layer} tests =====`);
      if (layer === 'unit' || layer === 'live') collected.push({ layer, ...(await runMochaFolder(layer)), detail: DETAIL[layer] });
      else if (layer === 'e2e')
        collected.push({ layer, ...(await runE2e(runDir, envFile)), detail: 'workbench UI, extension installed from the .vsix' });
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
