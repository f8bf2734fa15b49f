// Bundles the extension, the CLI and the language server, each into one file, with esbuild, and prints one line per bundle.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  // Node 22: VS Code's extension host since 1.101 (engines.vscode), and the CLI's minimum.
  target: 'node22',
  format: 'cjs',
  // Packages' ESM builds first: they bundle cleanly, where a UMD build may require modules dynamically.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  // Warnings and errors only: esbuild's own summary flags any bundle over 1 MB, which a development
  // build (unminified, with the store SDKs) always is; the sizes are printed below instead.
  logLevel: 'warning',
  legalComments: 'none',
  // node-vault and follow-redirects log through `debug`, which DEBUG=* turns on: it printed tokens and
  // written values. Both bundles get a logger that no environment variable turns on.
  alias: { debug: './scripts/silentDebug.cjs' },
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    // Marks when the bundle starts evaluating, so activation can be timed from inside the host.
    banner: { js: 'globalThis.__secretrefLoadStart = performance.now();' },
    footer: { js: 'globalThis.__secretrefLoadEnd = performance.now();' },
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { SECRETREF_VERSION: JSON.stringify(version) },
  },
  {
    // The reference index's worker thread (the extension's and the CLI's): its own file, since the
    // extension's bundle imports `vscode`, which a worker cannot load. indexBuilder looks for it next to itself.
    ...common,
    entryPoints: ['src/core/references/indexWorker.ts'],
    outfile: 'dist/indexWorker.js',
  },
  {
    // `secretref-language-server --stdio`: the same core for any LSP client, vscode-languageserver bundled in.
    ...common,
    entryPoints: ['src/languageServer/main.ts'],
    outfile: 'dist/languageServer.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { SECRETREF_VERSION: JSON.stringify(version) },
  },
];

const size = (file) => `${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`;

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context({ ...options, logLevel: 'info' });
    await context.watch();
  }
} else {
  const started = performance.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  const kind = production ? 'production (minified)' : 'development (source maps; `npm run package` minifies)';
  const outputs = builds.map((options) => `${options.outfile} ${size(options.outfile)}`).join(', ');
  console.log(`[build] ${outputs}: ${kind}, ${Math.round(performance.now() - started)} ms`);
}
