// `.secretref.json` at the repository root: which files a walk reads (`secretref check`, `refs --to`,
// the editor's reference index) and which schema a file has, in the CLI and, live per workspace folder,
// in the editor (src/features/schemas/projectConfigs.ts); its globs are relative to the config's folder.
// `{"include": [globs], "exclude": [globs], "credentialFiles": {glob: schema}}`; credentialFiles is the
// shape of the editor setting `secretref.credentialFiles`. A repository's own file: it only chooses
// files and schemas, never a store, a destination or a credential.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isKnownTarget } from '../schemas/detection';
import { matchesGlob } from '../schemas/glob';
import { jsoncErrors, nodeValue, parseJsonc } from '../schemas/jsonc';
import { readJsonc } from '../schemas/jsoncFile';
import { setOwn } from '../ownKeys';

export const PROJECT_CONFIG_FILE = '.secretref.json';

export interface ProjectConfig {
  include: string[];
  exclude: string[];
  credentialFiles: Record<string, string>;
  /** The file it came from, relative to cwd; undefined when there is none. */
  file?: string;
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = { include: [], exclude: [], credentialFiles: {} };

/** A project config that cannot be used: the message names the file and the bad key. */
export class ProjectConfigError extends Error {}

const KEYS = new Set(['$schema', 'include', 'exclude', 'credentialFiles']);

function globs(value: unknown, key: string, file: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw new ProjectConfigError(`${file}: "${key}" must be an array of glob strings`);
  }
  return value as string[];
}

/** The project config from `value` (parsed JSON); throws ProjectConfigError naming the bad key. */
export function projectConfigFrom(value: unknown, file: string): ProjectConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProjectConfigError(`${file} must hold a JSON object`);
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) {
    throw new ProjectConfigError(`${file}: unknown key "${unknown[0]}" (expected include, exclude, credentialFiles)`);
  }
  const credentialFiles: Record<string, string> = {};
  const mapping = record.credentialFiles;
  if (mapping !== undefined) {
    if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
      throw new ProjectConfigError(`${file}: "credentialFiles" must map globs to schema names`);
    }
    for (const [glob, schema] of Object.entries(mapping as Record<string, unknown>)) {
      if (typeof schema !== 'string' || !isKnownTarget(schema)) {
        throw new ProjectConfigError(
          `${file}: credentialFiles["${glob}"] must name a schema or "connections", not ${JSON.stringify(schema)}`,
        );
      }
      setOwn(credentialFiles, glob, schema);
    }
  }
  return { include: globs(record.include, 'include', file), exclude: globs(record.exclude, 'exclude', file), credentialFiles, file };
}

/** `file` (relative to root), else `.secretref.json` in root when present, else the empty config; throws Error with the reason. */
export function readProjectConfig(root: string, file?: string): ProjectConfig {
  const candidate = path.resolve(root, file ?? PROJECT_CONFIG_FILE);
  if (!file && !fs.existsSync(candidate)) return EMPTY_PROJECT_CONFIG;
  return projectConfigFrom(readJsonc(candidate, 'config'), file ?? PROJECT_CONFIG_FILE);
}

/** The project config in `text` (JSON with comments); throws ProjectConfigError when it is not valid JSON or not a config. */
export function parseProjectConfig(text: string, file: string): ProjectConfig {
  const { root, errors } = parseJsonc(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (jsoncErrors(errors).length > 0) throw new ProjectConfigError(`the config file "${file}" is not valid JSON.`);
  return projectConfigFrom(nodeValue(root), file);
}

/** Whether `include` / `exclude` keep the file at `rel` (relative to the config's folder, `/`-separated). */
export function projectIncludes(config: ProjectConfig, rel: string): boolean {
  if (config.exclude.some((glob) => matchesGlob(rel, glob))) return false;
  return config.include.length === 0 || config.include.some((glob) => matchesGlob(rel, glob));
}

/**
 * The credentialFiles globs that apply to the file at `rel` (relative to the config's folder): none for a
 * file `include` / `exclude` leave out or outside the folder, else those of its mapping that match it.
 * A detector given them (DetectOptions.credentialFiles, with `rel` as the file name) names the schema.
 */
export function projectCredentialFiles(config: ProjectConfig, rel: string): Record<string, string> {
  if (rel === '' || rel.startsWith('../') || rel === '..' || !projectIncludes(config, rel)) return {};
  return Object.fromEntries(Object.entries(config.credentialFiles).filter(([glob]) => matchesGlob(rel, glob)));
}
