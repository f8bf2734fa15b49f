// A file's stamp: what the reference index compares to tell a file changed without reading it (its
// own module: the index worker's bundle takes it without the index).

/**
 * What tells a file changed without reading it. The change time too: a write that keeps the size and
 * puts the modification time back (`cp -p`, `rsync -t`, `touch -r`) or a chmod that makes it unreadable
 * leaves mtime and size as they were, but never the ctime.
 */
export interface FileStamp {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
}

/** The stamp of text held from an open editor: never equal to a file's, so a reopen reads the disk. */
export const EDITOR_STAMP: FileStamp = { mtimeMs: 0, ctimeMs: 0, size: 0 };

/** A file's stamp from its stat. */
export function statStamp(stat: FileStamp): FileStamp {
  return { mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, size: stat.size };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.size === b.size;
}
