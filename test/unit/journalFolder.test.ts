// One journal folder for the editor, the CLI and the language server (core/journalFolder.ts), and the rule
// that lets them share it: a journal another live process on this machine writes is its run in
// progress, not a leftover; once that process is gone, it is one.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { journalFolder } from '../../src/core/journalFolder';
import { openJournal, readJournals } from '../../src/core/migration/journal';

const HEADER = { source: '/x/conns.json', store: 's', storeKind: 'vault' as const, connections: [] };

describe('the journal folder, shared by every front end', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-journal-folder-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('SECRETREF_STATE_DIR, else XDG_STATE_HOME, else ~/.local/state (Windows: LOCALAPPDATA)', () => {
    assert.equal(journalFolder({ SECRETREF_STATE_DIR: '/s', XDG_STATE_HOME: '/x', HOME: '/h' }, 'linux'), '/s');
    assert.equal(journalFolder({ XDG_STATE_HOME: '/x', HOME: '/h' }, 'linux'), path.join('/x', 'secretref', 'migrations'));
    assert.equal(journalFolder({ HOME: '/h' }, 'darwin'), path.join('/h', '.local', 'state', 'secretref', 'migrations'));
    assert.equal(journalFolder({ LOCALAPPDATA: 'C:\\L', HOME: '/h' }, 'win32'), path.join('C:\\L', 'secretref', 'migrations'));
  });

  it("another process's journal is left to it while that process runs, and is a leftover once it is gone", async () => {
    const journalModule = path.resolve(__dirname, '../../src/core/migration/journal.js');
    // A second process opens a run's journal, says so, and waits (as a CLI mid-migration does).
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const j = require(${JSON.stringify(journalModule)}).openJournal(${JSON.stringify(dir)}, ${JSON.stringify(HEADER)});` +
          `j.writing('p/a'); process.stdout.write('open\\n'); process.stdin.resume();`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
        child.once('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
      });
      const ours = openJournal(dir, HEADER);
      assert.equal(fs.readdirSync(dir).length, 2, 'both journals are in the folder');
      assert.deepEqual(
        readJournals(dir).records.map((r) => r.file),
        [ours.file],
        "the live writer's journal is its run in progress; this process's own is read",
      );
      ours.close();
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const left = readJournals(dir).records;
    assert.equal(left.length, 1, 'the killed writer left its journal: now an interrupted run');
    assert.deepEqual([...left[0].states], [['p/a', 'writing']]);
    assert.equal(left[0].header.host, os.hostname());
  });
});
