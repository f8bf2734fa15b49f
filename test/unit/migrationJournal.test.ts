// The migration journal on its own (no store): states by path, a torn last line, unreadable journals.
// What a run left in a store, and a real crash, are in test/live/migrationRecovery.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discardJournal, openJournal, readJournals } from '../../src/core/migration/journal';

describe('interrupted migrations: the journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-journal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the journal records states by path, survives a torn last line, and is gone once closed', () => {
    const journal = openJournal(dir, {
      source: '/x/conns.json',
      store: 's',
      storeKind: 'vault',
      connections: [
        { name: 'a', location: '[0]', secretPath: 'p/a' },
        { name: 'b', location: '[1]', secretPath: 'p/b' },
      ],
    });
    journal.writing('p/a');
    journal.created('p/a');
    journal.writing('p/b');
    fs.appendFileSync(journal.file, '{"p":"p/b","s":"crea'); // the process died mid-line
    fs.writeFileSync(path.join(dir, 'broken.migration.jsonl'), 'not json\n');
    const { records, unreadable } = readJournals(dir);
    assert.equal(records.length, 1);
    assert.deepEqual(
      [...records[0].states],
      [
        ['p/a', 'created'],
        ['p/b', 'writing'],
      ],
    );
    assert.deepEqual(
      unreadable.map((f) => path.basename(f)),
      ['broken.migration.jsonl'],
    );
    journal.close();
    assert.equal(fs.existsSync(journal.file), false);
    discardJournal({ file: path.join(dir, 'broken.migration.jsonl') });
    assert.deepEqual(readJournals(dir), { records: [], unreadable: [] });
  });
});
