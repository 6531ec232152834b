import { BrokenBarrierError } from "./broken-barrier-error";
import type { SignalOptions } from "./sleep";
import { cancelledAfterWake, park } from "./task";

interface Party {
  resolve(index: number): void;
  reject(error: unknown): void;
}

/**
 * A meeting point for a fixed number of tasks, like Python's `asyncio.Barrier`: each `wait()` blocks until
 * `parties` tasks are waiting, then all continue and the barrier resets for the next round.
 *
 * @example Three workers start phase two together
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const barrier = new asyncio.Barrier(3);
 * const worker = (ms: number) => async () => {
 *   await asyncio.sleep(ms);
 *   const index = await barrier.wait();
 *   console.log(`worker ${ms} passed as #${index}`);
 * };
 * await asyncio.gather(...[10, 20, 30].map((ms) => asyncio.createTask(worker(ms))));
 * ```
 */
export class Barrier {
  readonly #parties: number;
  #waiting: Party[] = [];
  #broken = false;

  /**
   * @param parties How many tasks must wait before all pass.
   * @throws {RangeError} If `parties` is not a positive integer.
   */
  constructor(parties: number) {
    if (!Number.isInteger(parties) || parties < 1) {
      throw new RangeError(`Barrier parties must be an integer >= 1, but received ${String(parties)}.`);
    }
    this.#parties = parties;
  }

  /** How many tasks must wait for the barrier to open. */
  get parties(): number {
    return this.#parties;
  }

  /** How many tasks are waiting now. */
  get nWaiting(): number {
    return this.#waiting.length;
  }

  /** `true` after `abort()`, until `reset()`. */
  get broken(): boolean {
    return this.#broken;
  }

  /**
   * Waits until `parties` tasks are waiting.
   *
   * @param options `signal` to give up waiting (the barrier stays usable).
   * @returns This task's arrival index, 0 to `parties - 1`.
   * @throws {BrokenBarrierError} If the barrier is or becomes broken, or is reset meanwhile.
   */
  wait(options?: SignalOptions): Promise<number> {
    if (this.#broken) return Promise.reject(new BrokenBarrierError());
    const index = this.#waiting.length;
    if (index + 1 === this.#parties) {
      const waiting = this.#waiting;
      this.#waiting = [];
      waiting.forEach((p, i) => p.resolve(i));
      return Promise.resolve(index);
    }
    const parked = park<number>(
      (resolve, reject) => {
        const party: Party = { resolve, reject };
        this.#waiting.push(party);
        return () => {
          const i = this.#waiting.indexOf(party);
          if (i >= 0) this.#waiting.splice(i, 1);
        };
      },
      options?.signal,
      "Barrier.wait()",
    );
    return afterWake(parked, options?.signal);
  }

  /**
   * Waits at the barrier, then runs `fn` with this task's arrival index: Python's
   * `async with barrier as index:` (which waits on entry and does nothing on exit).
   *
   * @param fn What to do once the barrier opened; receives the arrival index.
   * @param options `signal` to give up waiting.
   * @returns What `fn` returns.
   * @throws {BrokenBarrierError} If the barrier is or becomes broken, or is reset meanwhile.
   *
   * @example Two tasks meet, then each reports its place
   * ```ts
   * import * as asyncio from "tslab-asyncio";
   *
   * const barrier = new asyncio.Barrier(2);
   * const meet = () => barrier.hold((index) => index);
   * const places = await asyncio.gather(asyncio.createTask(meet), asyncio.createTask(meet));
   * console.log(places.sort()); // [0, 1]
   * ```
   */
  async hold<T>(fn: (index: number) => PromiseLike<T> | T, options?: SignalOptions): Promise<T> {
    const index = await this.wait(options);
    return await fn(index);
  }

  /** Sends every waiting task a `BrokenBarrierError` and returns the barrier to its empty, unbroken state. */
  async reset(): Promise<void> {
    this.#rejectAll(new BrokenBarrierError("The barrier was reset while tasks were waiting."));
    this.#broken = false;
  }

  /** Breaks the barrier: waiting and future `wait()` calls fail with `BrokenBarrierError` until `reset()`. */
  async abort(): Promise<void> {
    this.#broken = true;
    this.#rejectAll(new BrokenBarrierError());
  }

  #rejectAll(error: BrokenBarrierError): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const p of waiting) p.reject(error);
  }
}

// A party cancelled after the barrier opened but before it resumed gets the CancelledError, as in Python; the
// others are not affected (the barrier already opened for them).
async function afterWake(parked: Promise<number>, signal: AbortSignal | undefined): Promise<number> {
  const index = await parked;
  const late = cancelledAfterWake(signal);
  if (late !== undefined) throw late;
  return index;
}
