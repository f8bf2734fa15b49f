// The one line model (core/lineIndex.ts) against the reference implementation of LSP positions,
// vscode-languageserver-textdocument: every offset and position of texts with \n, \r\n and lone \r
// breaks agree, and random edits applied incrementally give the index of the edited text.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedText } from '../../src/core/chunkedText';
import { LineIndex } from '../../src/core/lineIndex';
import { random, randomText as piecesText } from '../support/randomText';

/** A deterministic generator (the failures must be reproducible). */
const PIECES = ['a', 'bc', ' ', '\n', '\r\n', '\r', '"k": 1,', 'é', '😀'];

function randomText(next: () => number, pieces: number): string {
  return piecesText(next, pieces, PIECES);
}

function assertAgrees(index: LineIndex, text: string, why: string): void {
  const reference = TextDocument.create('file:///t.json', 'json', 1, text);
  assert.equal(index.lineCount, reference.lineCount, `${why}: line count`);
  for (let offset = -1; offset <= text.length + 1; offset++) {
    assert.deepEqual(index.positionAt(offset), reference.positionAt(offset), `${why}: positionAt(${offset}) of ${JSON.stringify(text)}`);
  }
  for (let line = -1; line <= reference.lineCount; line++) {
    for (let character = -1; character < 12; character++) {
      const position = { line, character };
      assert.equal(
        index.offsetAt(position),
        reference.offsetAt(position),
        `${why}: offsetAt(${line}:${character}) of ${JSON.stringify(text)}`,
      );
    }
  }
}

describe('LineIndex: the one line model', () => {
  it('agrees with vscode-languageserver-textdocument on \\n, \\r\\n and lone \\r texts', () => {
    for (const text of ['', 'a', '\n', '\r', '\r\n', '\n\r', 'a\r\nb\rc\nd', '\r\r\n\n', 'x\r'])
      assertAgrees(new LineIndex(text), text, 'fixed');
    const next = random(7);
    for (let i = 0; i < 200; i++) {
      const text = randomText(next, 1 + Math.floor(next() * 30));
      assertAgrees(new LineIndex(text), text, `random ${i}`);
    }
  });

  it('keeps 1-based positions and `upTo` as before: a position past `upTo` is on its last line', () => {
    const index = new LineIndex('ab\ncd\nef', 4);
    assert.deepEqual(index.position(0), { line: 1, column: 1 });
    assert.deepEqual(index.position(4), { line: 2, column: 2 });
    assert.deepEqual(index.position(7), { line: 2, column: 5 }, 'the break at 5 is past upTo');
  });

  for (const [what, chunked] of [
    ['a string', false],
    ["the language server's chunked text", true],
  ] as const)
    it(`an incremental edit gives the index of the edited text, seams of \\r\\n included (${what})`, () => {
      const next = random(11);
      for (let i = 0; i < 400; i++) {
        let text = randomText(next, 1 + Math.floor(next() * 25));
        const index = new LineIndex(text);
        let chunks = ChunkedText.of(text, 1 + (i % 5));
        for (let e = 0; e < 5; e++) {
          const start = Math.floor(next() * (text.length + 1));
          const end = start + Math.floor(next() * (text.length - start + 1));
          const inserted = next() < 0.3 ? '' : randomText(next, 1 + Math.floor(next() * 4));
          const edited = text.slice(0, start) + inserted + text.slice(end);
          chunks = chunks.replaced(start, end, inserted);
          index.edit(start, end, inserted, chunked ? chunks : edited);
          text = edited;
          const fresh = new LineIndex(text);
          assert.equal(index.lineCount, fresh.lineCount, `edit ${i}.${e}: line count of ${JSON.stringify(text)}`);
          for (let offset = 0; offset <= text.length; offset++) {
            assert.deepEqual(
              index.positionAt(offset),
              fresh.positionAt(offset),
              `edit ${i}.${e}: positionAt(${offset}) of ${JSON.stringify(text)}`,
            );
          }
        }
      }
    });
});
