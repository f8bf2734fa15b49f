// Seeded random texts for the text-model tests (line index, chunked text): a failure names its seed
// and replays the same texts.

/** A deterministic generator in [0, 1). */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** `pieces` pieces drawn from `from`, joined. */
export function randomText(next: () => number, pieces: number, from: readonly string[]): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += from[Math.floor(next() * from.length)];
  return text;
}
