// `npm run bench`: runs every benchmark in one process, side by side with its anchors, and prints
// the figures. `npm run bench -- schemas stores` runs a subset; options (`--quick`) are left to the benchmarks.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ORDER = [
  'activation',
  'schemas',
  'codeActions',
  'references',
  'referenceIndex',
  'languageServer',
  'stores',
  'views',
  'migration',
  'move',
  'hardening',
  'hostLoad',
  'repoScale',
];

async function main(): Promise<number> {
  const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const names = requested.length > 0 ? requested : ORDER.filter((name) => fs.existsSync(path.join(__dirname, `${name}.js`)));
  let failures = 0;
  for (const name of names) {
    console.log(`\n========== bench: ${name} ==========`);
    const started = Date.now();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(path.join(__dirname, name)) as { run(): Promise<void> };
      await module.run();
    } catch (error) {
      failures++;
      console.error(`bench ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
    console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
