// The one timestamp format: local time to the minute, ISO-like.
import * as assert from 'node:assert/strict';
import { formatTimestamp, withFormattedTimes } from '../../src/core/timestamp';

describe('timestamps', () => {
  it('reads YYYY-MM-DD HH:MM in local time, from a Date, an ISO string or epoch milliseconds', () => {
    const local = new Date(2026, 0, 5, 7, 3, 59, 999);
    assert.equal(formatTimestamp(local), '2026-01-05 07:03');
    assert.equal(formatTimestamp(local.toISOString()), '2026-01-05 07:03');
    assert.equal(formatTimestamp(local.getTime()), '2026-01-05 07:03');
  });

  it('leaves what is no time alone', () => {
    assert.equal(formatTimestamp(undefined), undefined);
    assert.equal(formatTimestamp(''), undefined);
    assert.equal(formatTimestamp('soon'), 'soon');
  });

  it('formats every time field of a metadata document, and nothing else', () => {
    const iso = new Date(2026, 10, 20, 11, 0).toISOString();
    const shown = withFormattedTimes({
      path: 'apps/db',
      currentVersion: '3',
      createdTime: iso,
      versions: [{ version: '3', createdTime: iso, deletedTime: iso }],
      deletedDate: iso,
      tags: { team: 'a' },
    });
    assert.deepEqual(shown, {
      path: 'apps/db',
      currentVersion: '3',
      createdTime: '2026-11-20 11:00',
      versions: [{ version: '3', createdTime: '2026-11-20 11:00', deletedTime: '2026-11-20 11:00' }],
      deletedDate: '2026-11-20 11:00',
      tags: { team: 'a' },
    });
  });
});
