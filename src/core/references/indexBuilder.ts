// Builds or refreshes a reference index from disk with the one repository walk (core/workspace/fileWalk):
// .gitignore, `.secretref.json` include/exclude, the editor's files.exclude. A file whose mtime and
// size match its indexed stamp is not read again (a reopened window with a persisted index reads only
// what changed); a file the walk no longer yields leaves the index. Never throws for a file: one that
// cannot be read or is too large is counted and left out.
// Files are stat'ed and read synchronously, a batch at a time with a yield to the event loop between
// batches: small config files read several times faster so than through the thread pool (no hop per call),
// and the host is never blocked for more than one batch (64 files, a few milliseconds).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitBom } from '../bom';
import { walkInputs } from '../workspace/fileWalk';
import type { ProjectConfig } from '../workspace/projectConfig';
import type { FileStamp, ReferenceIndex } from './referenceIndex';
import { scanReferences } from './scanner';

/** Files above this are left out of the index (generated bundles, dumps): 5 MB. */
export const MAX_INDEXED_FILE_BYTES = 5 * 1024 * 1024;

export interface IndexRefreshOptions {
  /** The workspace (repository) root: index keys are paths relative to it, with `/`. */
  root: string;
  config: ProjectConfig;
  /** What to walk under root (files, folders, globs, as `secretref check` takes them); default the whole root. */
  inputs?: readonly string[];
  /** Globs of folders and files never indexed (files.exclude). */
  excludeAlso?: readonly string[];
  maxFileBytes?: number;
  /** Files handled between two yields to the event loop. */
  batch?: number;
  /** Called after each batch: files handled so far of the walked total. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between batches: a cancelled refresh stops and keeps what it has (still consistent). */
  isCancelled?: () => boolean;
  /** Files the caller holds newer text for (open editors): not read from disk. */
  skip?: (file: string) => boolean;
}

export interface IndexRefreshResult {
  walked: number;
  /** Files read and scanned. */
  scanned: number;
  /** Files whose stamp matched: kept without reading. */
  reused: number;
  removed: number;
  tooLarge: string[];
  unreadable: string[];
  /** Inputs that name nothing. */
  missing: { input: string; reason: string }[];
  cancelled: boolean;
}

/** The stamp of a file on disk, or undefined when it is gone. */
export function fileStamp(absolute: string): FileStamp | undefined {
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  return stat?.isFile() ? { mtimeMs: stat.mtimeMs, size: stat.size } : undefined;
}

function readText(absolute: string): string | undefined {
  try {
    return splitBom(fs.readFileSync(absolute, 'utf8')).text;
  } catch {
    return undefined;
  }
}

/** Reads and indexes one file (a watcher's change); false when it is gone, unreadable or too large (then it leaves the index). */
export function reindexFile(index: ReferenceIndex, root: string, file: string, maxFileBytes = MAX_INDEXED_FILE_BYTES): boolean {
  const absolute = path.join(root, file);
  const stamp = fileStamp(absolute);
  const text = stamp && stamp.size <= maxFileBytes ? readText(absolute) : undefined;
  if (!stamp || text === undefined) {
    index.deleteFile(file);
    return false;
  }
  indexText(index, file, text, stamp);
  return true;
}

/** Indexes a text (an open editor's, or one read from disk). */
export function indexText(index: ReferenceIndex, file: string, text: string, stamp: FileStamp): void {
  index.setFile(file, text, scanReferences(text).references, stamp);
}

function sameStamp(a: FileStamp | undefined, b: FileStamp): boolean {
  return a !== undefined && a.mtimeMs === b.mtimeMs && a.size === b.size;
}

/** Brings the index in line with the tree under `root`. */
export async function refreshIndex(index: ReferenceIndex, options: IndexRefreshOptions): Promise<IndexRefreshResult> {
  const { root } = options;
  const maxFileBytes = options.maxFileBytes ?? MAX_INDEXED_FILE_BYTES;
  const walk = await walkInputs(options.inputs ?? ['.'], root, options.config, { excludeAlso: options.excludeAlso });
  const result: IndexRefreshResult = {
    walked: walk.files.length,
    scanned: 0,
    reused: 0,
    removed: 0,
    tooLarge: [],
    unreadable: walk.unreadable.map((u) => u.input),
    missing: walk.missing,
    cancelled: false,
  };
  const walked = new Set(walk.files);
  for (const file of index.fileNames()) {
    if (!walked.has(file) && index.deleteFile(file)) result.removed++;
  }
  const one = (file: string): void => {
    if (options.skip?.(file)) return;
    const absolute = path.join(root, file);
    const stamp = fileStamp(absolute);
    if (!stamp) {
      if (index.deleteFile(file)) result.removed++;
      return;
    }
    if (sameStamp(index.stampOf(file), stamp)) {
      result.reused++;
      return;
    }
    if (stamp.size > maxFileBytes) {
      index.deleteFile(file);
      result.tooLarge.push(file);
      return;
    }
    const text = readText(absolute);
    if (text === undefined) {
      index.deleteFile(file);
      result.unreadable.push(file);
      return;
    }
    indexText(index, file, text, stamp);
    result.scanned++;
  };
  const batch = Math.max(1, options.batch ?? 64);
  for (let i = 0; i < walk.files.length; i += batch) {
    if (options.isCancelled?.()) {
      result.cancelled = true;
      break;
    }
    for (const file of walk.files.slice(i, i + batch)) one(file);
    options.onProgress?.(Math.min(i + batch, walk.files.length), walk.files.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return result;
}
