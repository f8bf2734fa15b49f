// The one repository walk: the files `secretref check` and `refs --to` read and the editor's reference
// index holds. File arguments as given, directories walked, globs (quoted, so
// the shell leaves them) matched under their fixed leading folder. A walk honours `.gitignore` (the
// walk root's and nested ones, and cwd's when the walk is under it), skips `.git` and `node_modules`,
// keeps the files of a format secretref reads (JSON, YAML, .env, Python, TOML, properties, Markdown)
// or that `credentialFiles` maps, and counts the others as skipped. `include` / `exclude` of the
// project config filter walked files (a file named on the command line is always checked); the editor
// adds `files.exclude` as `excludeAlso`, which prunes folders as well as files.
// Folders are listed synchronously, with a yield to the event loop whenever the walk has held the
// thread for a few milliseconds: a listing is a few microseconds, and awaiting one through the
// thread pool made the walk of 20,000 files take 40-130 ms instead of 10-20 (the first reference
// index waits on the walk before this thread scans).
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { formatOf } from '../formats/types';
import { globToRegExp, matchesGlob } from '../schemas/glob';
import { projectIncludes, type ProjectConfig } from './projectConfig';

export interface WalkResult {
  /** Paths relative to cwd with `/`, sorted, each once. */
  files: string[];
  /** Walked files of no format secretref reads. */
  skipped: number;
  /** Arguments that name nothing (no such file, or a glob that matched none). */
  missing: { input: string; reason: string }[];
  /** Folders that could not be listed: reported, the rest walked. */
  unreadable: { input: string; reason: string }[];
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);
const GLOB_CHARS = /[*?{[]/;

const posix = path.sep === '/' ? (p: string) => p : (p: string) => p.split(path.sep).join('/');

interface IgnoreLevel {
  /** The folder of the .gitignore, with a trailing separator: what is under it starts with this. */
  prefix: string;
  rules: Ignore;
  /**
   * Every pattern ends in `/` (matches folders only, as `dist/`, `node_modules/`): no file is tested
   * against it, as a file under a folder it ignores is never reached.
   */
  foldersOnly: boolean;
}

function foldersOnly(text: string): boolean {
  const patterns = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return patterns.every((line) => line.endsWith('/') && !line.endsWith('\\/'));
}

/** How long the walk holds the thread between two yields. */
const WALK_SLICE_MS = 4;

function gitignoreOf(dir: string): IgnoreLevel | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { prefix: dir.endsWith(path.sep) ? dir : dir + path.sep, rules: ignore().add(text), foldersOnly: foldersOnly(text) };
  } catch {
    return undefined;
  }
}

function ignoredBy(levels: readonly IgnoreLevel[], absolute: string, isDir: boolean): boolean {
  for (const level of levels) {
    if (!isDir && level.foldersOnly) continue;
    // The walk joins paths itself, so a level's folder is a plain prefix of what is under it.
    const rel = absolute.startsWith(level.prefix) ? posix(absolute.slice(level.prefix.length)) : '';
    if (rel && level.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

const wanted = (rel: string, config: ProjectConfig): boolean => projectIncludes(config, rel);

function readable(rel: string, name: string, config: ProjectConfig): boolean {
  return formatOf(name) !== undefined || Object.keys(config.credentialFiles).some((glob) => matchesGlob(rel, glob));
}

export interface WalkOptions {
  /** Globs (relative to cwd) of folders and files never walked: the editor's `files.exclude`. */
  excludeAlso?: readonly string[];
  /** Called with each file as it is added (the reference index reads files while the walk goes on). */
  onFile?: (file: string) => void;
}

/** Expands check's inputs under `cwd`. Never throws for a path: what cannot be read is reported. */
export async function walkInputs(
  inputs: readonly string[],
  cwd: string,
  config: ProjectConfig,
  options: WalkOptions = {},
): Promise<WalkResult> {
  cwd = path.resolve(cwd);
  const excludeAlso = options.excludeAlso ?? [];
  const excluded = (rel: string) => excludeAlso.length > 0 && excludeAlso.some((glob) => matchesGlob(rel, glob));
  const result: WalkResult = { files: [], skipped: 0, missing: [], unreadable: [] };
  // One folder walked cannot yield a file twice: the set is kept only for several inputs.
  const seen = inputs.length > 1 ? new Set<string>() : undefined;
  const add = (absolute: string, relative?: string) => {
    const rel = relative ?? (posix(path.relative(cwd, absolute)) || path.basename(absolute));
    if (!seen?.has(rel)) {
      seen?.add(rel);
      result.files.push(rel);
      options.onFile?.(rel);
    }
  };
  const rootIgnore = gitignoreOf(cwd);
  let sliceStart = performance.now();
  const pause = async () => {
    if (performance.now() - sliceStart < WALK_SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };

  const list = (dir: string): fs.Dirent[] | NodeJS.ErrnoException => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      return error as NodeJS.ErrnoException;
    }
  };

  const walk = async (dir: string, levels: IgnoreLevel[], match: RegExp | undefined): Promise<number> => {
    await pause();
    const entries = list(dir);
    if (!Array.isArray(entries)) {
      result.unreadable.push({ input: posix(path.relative(cwd, dir)) || '.', reason: entries.code ?? String(entries) });
      return 0;
    }
    // Only a listed .gitignore is read: trying every folder cost a failed read each.
    const own = dir !== cwd && entries.some((entry) => entry.name === '.gitignore') ? gitignoreOf(dir) : undefined;
    const here = own ? [...levels, own] : levels;
    const relDir = posix(path.relative(cwd, dir));
    const inside = relDir !== '' && !relDir.startsWith('..');
    let found = 0;
    for (const entry of entries) {
      const isDir = entry.isDirectory();
      if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
      const absolute = `${dir}${dir.endsWith(path.sep) ? '' : path.sep}${entry.name}`;
      const rel = inside ? `${relDir}/${entry.name}` : posix(path.relative(cwd, absolute));
      if (ignoredBy(here, absolute, isDir) || excluded(rel)) continue;
      if (isDir) {
        found += await walk(absolute, here, match);
        continue;
      }
      if (!entry.isFile()) continue;
      if (match && !match.test(rel)) continue;
      found++;
      if (!wanted(rel, config)) continue;
      if (readable(rel, entry.name, config)) add(absolute, rel);
      else result.skipped++;
    }
    return found;
  };

  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    if (GLOB_CHARS.test(input)) {
      const pattern = posix(path.relative(cwd, absolute));
      const segments = pattern.split('/');
      const fixed = segments.slice(
        0,
        segments.findIndex((s) => GLOB_CHARS.test(s)),
      );
      const base = path.join(cwd, ...fixed);
      const levels = rootIgnore && !path.relative(cwd, base).startsWith('..') ? [rootIgnore] : [];
      const isDir = fs.statSync(base, { throwIfNoEntry: false })?.isDirectory() === true;
      const found = isDir ? await walk(base, levels, globToRegExp(pattern)) : 0;
      if (found === 0) result.missing.push({ input, reason: 'no file matches' });
      continue;
    }
    let stat;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      result.missing.push({ input, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      continue;
    }
    if (stat.isDirectory()) {
      const inside = !path.relative(cwd, absolute).startsWith('..');
      await walk(absolute, rootIgnore && inside ? [rootIgnore] : [], undefined);
    } else add(absolute);
  }
  return result;
}
