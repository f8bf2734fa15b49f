// `npm run test:pure`: the fast loop. Runs the compiled tests of test/unit/ (plain Node: no OpenBao, no
// moto, no VS Code) in this process and prints one summary line; test/live/ needs the stores and runs
// only through runAll.ts (`npm test`, `npm run test:unit`, `npm run test:live`).
import { runMochaFolder } from './mochaLayer';

const started = Date.now();
runMochaFolder('unit').then(
  ({ passed, failed }) => {
    console.log(`\nunit (pure): ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(failed === 0 && passed > 0 ? 0 : 1);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
