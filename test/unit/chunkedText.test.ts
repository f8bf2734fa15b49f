// The language server's chunked text (core/chunkedText.ts) against a plain string: after random edits
// (inside a chunk, across chunks, emptying chunks, long insertions that split), its length, every
// character, slices and the whole text agree; the text it was made from is unchanged by an edit.
import * as assert from 'node:assert/strict';
import { ChunkedText } from '../../src/core/chunkedText';
import { random, randomText as piecesText } from '../support/randomText';

const PIECES = ['a', 'bc', ' ', '\n', '\r\n', '"k": 1,', 'é', '😀', 'long piece of text over a chunk'];

function randomText(next: () => number, pieces: number): string {
  return piecesText(next, pieces, PIECES);
}

function assertSame(chunked: ChunkedText, text: string, next: () => number, why: string): void {
  assert.equal(chunked.length, text.length, `${why}: length`);
  for (let i = -1; i <= text.length; i++) assert.ok(Object.is(chunked.charCodeAt(i), text.charCodeAt(i)), `${why}: charCodeAt(${i})`);
  for (let k = 0; k < 20; k++) {
    const a = Math.floor(next() * (text.length + 3)) - 1;
    const b = Math.floor(next() * (text.length + 3)) - 1;
    assert.equal(chunked.slice(a, b), text.slice(a, b), `${why}: slice(${a}, ${b})`);
  }
  assert.equal(chunked.slice(3), text.slice(3), `${why}: slice(3)`);
  assert.equal(chunked.toString(), text, `${why}: toString`);
}

describe('ChunkedText: a big document as chunks', () => {
  it('agrees with a string through random edits, chunks of 1 to 8 characters', () => {
    const next = random(5);
    for (let i = 0; i < 300; i++) {
      const size = 1 + Math.floor(next() * 8);
      let text = randomText(next, Math.floor(next() * 12));
      let chunked = ChunkedText.of(text, size);
      assertSame(chunked, text, next, `made ${i}`);
      for (let e = 0; e < 8; e++) {
        const start = Math.floor(next() * (text.length + 1));
        const end = start + Math.floor(next() * (text.length - start + 1));
        const inserted = next() < 0.3 ? '' : randomText(next, 1 + Math.floor(next() * 3));
        const before = chunked;
        const previous = text;
        // Reads between edits, as a server's do: the untouched chunks are shared, never rebuilt.
        if (next() < 0.5) before.toString();
        chunked = chunked.replaced(start, end, inserted);
        text = text.slice(0, start) + inserted + text.slice(end);
        assertSame(chunked, text, next, `edit ${i}.${e} (size ${size})`);
        assert.equal(before.toString(), previous, `edit ${i}.${e}: the text it came from is unchanged`);
      }
    }
  });

  it('an empty text takes an insertion, and a text emptied by a deletion stays usable', () => {
    assert.equal(ChunkedText.of('', 4).replaced(0, 0, 'hello world').toString(), 'hello world');
    const emptied = ChunkedText.of('abcdefgh', 3).replaced(0, 8, '');
    assertSame(emptied, '', random(1), 'emptied');
    assert.equal(emptied.replaced(0, 0, 'x').toString(), 'x');
  });
});
