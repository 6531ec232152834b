// A FIFO that drain loops empty front to back (the start queue of tasks, the call-soon queue). It grows by
// fixed-size chunks: no growth copies and no large-object arrays, which a plain array of 200,000 entries
// would leave behind (measured with gather's reuse of its rest array: about 5 MB of RSS at 100,000 tasks).
const SHIFT = 10;
const SIZE = 1 << SHIFT;
const MASK = SIZE - 1;

export class ChunkedQueue<T> {
  #chunks: (T | undefined)[][] = [];
  #length = 0;

  /** How many entries were pushed since the last `clear()`. */
  get length(): number {
    return this.#length;
  }

  push(value: T): void {
    const i = this.#length++;
    const c = i >> SHIFT;
    if (c === this.#chunks.length) this.#chunks.push(new Array<T | undefined>(SIZE).fill(undefined));
    this.#chunks[c][i & MASK] = value;
  }

  /** Returns entry `i` and forgets it (so a drained entry is not kept alive). */
  take(i: number): T {
    const chunk = this.#chunks[i >> SHIFT];
    const value = chunk[i & MASK] as T;
    chunk[i & MASK] = undefined;
    return value;
  }

  /** Empties the queue, keeping one chunk for next time. */
  clear(): void {
    this.#length = 0;
    if (this.#chunks.length > 1) this.#chunks.length = 1;
  }
}
