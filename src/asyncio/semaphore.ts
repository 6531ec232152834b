import { Waiters } from "./internal/waiters";
import { cancelledAfterWake } from "./task";
import type { SignalOptions } from "./sleep";

/**
 * A counter of free slots, like Python's `asyncio.Semaphore`: `acquire()` takes one (waiting if none is free,
 * FIFO), `release()` gives one back.
 *
 * @example At most two downloads at a time
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const slots = new asyncio.Semaphore(2);
 * const download = (ms: number) => slots.hold(() => asyncio.sleep(ms, ms));
 * console.log(await asyncio.gather(download(30), download(10), download(20)));
 * ```
 */
export class Semaphore {
  #value: number;
  #waiters = new Waiters("Semaphore.acquire()");

  /**
   * @param value The number of free slots. Default 1.
   * @throws {RangeError} If `value` is negative or not an integer.
   */
  constructor(value = 1) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`Semaphore initial value must be an integer >= 0, but received ${String(value)}.`);
    }
    this.#value = value;
  }

  /** `true` if `acquire()` would wait. */
  locked(): boolean {
    return this.#value === 0 || this.#waiters.size > 0;
  }

  /** The number of free slots. */
  get value(): number {
    return this.#value;
  }

  /**
   * Takes a slot, waiting in FIFO order if none is free.
   *
   * @param options `signal` to give up waiting.
   * @returns `true`.
   * @throws {CancelledError} If the waiting task is cancelled (no slot is then taken).
   */
  async acquire(options?: SignalOptions): Promise<true> {
    if (this.#value > 0 && this.#waiters.size === 0) {
      this.#value--;
      return true;
    }
    // release() hands its slot straight to the oldest waiter, so #value is not incremented for it.
    await this.#waiters.wait(options?.signal);
    const late = cancelledAfterWake(options?.signal);
    if (late !== undefined) {
      // Cancelled between the hand-over and resuming: give the slot to the next waiter (or back).
      this.#handOn();
      throw late;
    }
    return true;
  }

  /** Gives a slot back, to the oldest waiter if any. */
  release(): void {
    this.#handOn();
  }

  // Not `release()`: BoundedSemaphore's check must not see a slot handed back by a cancelled waiter.
  #handOn(): void {
    if (!this.#waiters.wakeOne()) this.#value++;
  }

  /**
   * Runs `fn` holding a slot (Python's `async with sem:`).
   *
   * @param fn The work.
   * @param options `signal` to give up waiting for a slot.
   * @returns What `fn` returns.
   */
  async hold<T>(fn: () => PromiseLike<T> | T, options?: SignalOptions): Promise<T> {
    await this.acquire(options);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

/**
 * A {@link Semaphore} that refuses to be released above its initial value, like Python's
 * `asyncio.BoundedSemaphore`: catches unbalanced `release()` calls.
 *
 * @example Catching a double release
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const sem = new asyncio.BoundedSemaphore(1);
 * await sem.acquire();
 * sem.release();
 * try {
 *   sem.release();
 * } catch (e) {
 *   console.log((e as Error).name); // "RangeError": Python's ValueError, "BoundedSemaphore released too many times"
 * }
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  readonly #bound: number;

  /** @param value The number of slots, which is also the most there can be. Default 1. */
  constructor(value = 1) {
    super(value);
    this.#bound = value;
  }

  /**
   * Gives a slot back.
   *
   * @throws {RangeError} If that would exceed the initial value.
   */
  override release(): void {
    if (this.value >= this.#bound) {
      throw new RangeError(
        `BoundedSemaphore released too many times: it already has all ${this.#bound} slots free. ` +
          "Call release() once per successful acquire().",
      );
    }
    super.release();
  }
}
