// The move journal alone (no store): a move's furthest state and the new ARN are read back, a torn last
// line (the process died mid-write) is ignored, a closed journal is gone, and a file that is not a move
// journal is named as unreadable rather than trusted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { continueMoveJournal, openMoveJournal, readMoveJournals } from '../../src/core/move/moveJournal';
import type { MoveRequest } from '../../src/core/move/movePlan';

const REQUEST: MoveRequest = { store: 'aws', kind: 'aws', from: { path: 'apps/db' }, to: { path: 'apps/db2' } };

describe('move journal', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secretref-move-journal-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back the furthest state and the new ARN, ignoring a torn last line', () => {
    const journal = openMoveJournal(dir, { request: REQUEST, root: '/repo' });
    journal.record('copying');
    journal.record('copying', { newArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:apps/db2-AbCdEf' });
    journal.record('copied');
    fs.appendFileSync(journal.file, '{"s":"delet');
    const [record] = readMoveJournals(dir).records;
    assert.equal(record.state, 'copied');
    assert.equal(record.newArn, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:apps/db2-AbCdEf');
    assert.deepEqual(record.header.request, REQUEST);
    assert.equal(record.header.root, '/repo');
    // Going on in the same file (finish after a restart), then closing it.
    const again = continueMoveJournal(record);
    fs.appendFileSync(journal.file, '\n');
    again.record('rewritten');
    assert.equal(readMoveJournals(dir).records[0].state, 'rewritten');
    again.close();
    assert.deepEqual(readMoveJournals(dir), { records: [], unreadable: [] });
  });

  it('names a journal whose header is not a move as unreadable, and a missing folder as empty', () => {
    fs.writeFileSync(path.join(dir, 'x.move.jsonl'), '{"kind":"migration"}\n');
    const read = readMoveJournals(dir);
    assert.equal(read.records.length, 0);
    assert.deepEqual(read.unreadable, [path.join(dir, 'x.move.jsonl')]);
    assert.deepEqual(readMoveJournals(path.join(dir, 'none')), { records: [], unreadable: [] });
  });

  it('its header holds names only (the request, the root, the writing process), and closing it removes the file', () => {
    const journal = openMoveJournal(dir, { request: REQUEST, root: '/repo' });
    journal.record('copying');
    const text = fs.readFileSync(journal.file, 'utf8');
    assert.deepEqual(Object.keys(JSON.parse(text.split('\n')[0]) as object).sort(), [
      'host',
      'kind',
      'pid',
      'request',
      'root',
      'runId',
      'startedAt',
    ]);
    journal.close();
    assert.equal(fs.existsSync(journal.file), false);
  });
});
