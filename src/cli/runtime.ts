// What the CLI knows about itself: its version (from package.json) and the oldest Node it runs on.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Set by scripts/build.mjs from package.json when the CLI is bundled; absent when compiled by tsc. */
declare const SECRETREF_VERSION: string | undefined;

/**
 * The AWS SDK for JavaScript v3 drops Node 20 with its releases after the first week of January 2027,
 * so the CLI asks for Node 22 (package.json `engines.node`, checked by a unit test) rather than break
 * on the next dependency update.
 */
export const MIN_NODE_MAJOR = 22;

export function cliVersion(): string {
  if (typeof SECRETREF_VERSION === 'string') return SECRETREF_VERSION;
  // Unbundled (the tests run the tsc output): the package.json of the checkout above this file.
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'secretref' && manifest.version) return manifest.version;
  }
  return 'unknown';
}

/** The message for a Node older than the CLI supports, or undefined when `version` (e.g. "v20.20.2") is fine. */
export function unsupportedNodeMessage(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (Number.isFinite(major) && major >= MIN_NODE_MAJOR) return undefined;
  return [
    `secretref needs Node.js ${MIN_NODE_MAJOR} or newer; this is Node.js ${version}.`,
    `The AWS SDK it uses requires Node.js ${MIN_NODE_MAJOR}+ in its releases from January 2027.`,
    `Install Node.js ${MIN_NODE_MAJOR} or later (for example "nvm install ${MIN_NODE_MAJOR}") and run secretref again.`,
  ].join('\n');
}
