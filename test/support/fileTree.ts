// Writes a tree of files (relative name -> text) under a folder, creating the folders: the repository
// fixtures of the CLI walk and reference index tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}
