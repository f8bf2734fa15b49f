// Offset <-> line/column in O(log n) per lookup: the CLI prints thousands of positions and the
// migration diff maps every edit to its lines. The one place the core computes line positions.
export class LineIndex {
  private readonly starts: number[] = [0];

  /** `upTo`: lines are split only up to this offset (positions past it are on its line); default the whole text. */
  constructor(text: string, upTo = Infinity) {
    for (let i = text.indexOf('\n'); i !== -1 && i < upTo; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 0-based line of an offset. */
  line(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** 1-based line and column (UTF-16 units) of an offset. */
  position(offset: number): { line: number; column: number } {
    const line = this.line(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }
}
