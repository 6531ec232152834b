import { Waiters } from "./internal/waiters";
import { cancelledAfterWake } from "./task";
import type { SignalOptions } from "./sleep";

/**
 * A mutual-exclusion lock for tasks, like Python's `asyncio.Lock`. Fair: waiters acquire in FIFO order, and a
 * released lock is handed straight to the oldest waiter (no barging).
 *
 * @example Guarding a shared counter (Python's `async with lock:`)
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const lock = new asyncio.Lock();
 * let counter = 0;
 * const bump = () =>
 *   lock.hold(async () => {
 *     const seen = counter;
 *     await asyncio.sleep(1);
 *     counter = seen + 1;
 *   });
 * await asyncio.gather(bump(), bump(), bump());
 * console.log(counter); // 3
 * ```
 */
export class Lock {
  #locked = false;
  #waiters = new Waiters("Lock.acquire()");

  /** `true` while some task holds the lock. */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * Waits until the lock is free, then takes it.
   *
   * @param options `signal` to give up waiting.
   * @returns `true`, as Python's does.
   * @throws {CancelledError} If the waiting task is cancelled (the lock is then not held).
   */
  async acquire(options?: SignalOptions): Promise<true> {
    if (!this.#locked && this.#waiters.size === 0) {
      this.#locked = true;
      return true;
    }
    // release() hands the lock over by waking us with #locked still true: we own it when the wait resolves.
    await this.#waiters.wait(options?.signal);
    const late = cancelledAfterWake(options?.signal);
    if (late !== undefined) {
      // Cancelled between the hand-over and resuming: pass the lock on instead of keeping it.
      this.release();
      throw late;
    }
    return true;
  }

  /**
   * Releases the lock, handing it to the oldest waiter if there is one.
   *
   * @throws {Error} If the lock is not held ("Lock is not acquired.", as in Python).
   */
  release(): void {
    if (!this.#locked) throw new Error("Lock is not acquired: release() must follow a successful acquire().");
    if (!this.#waiters.wakeOne()) this.#locked = false;
  }

  /**
   * Runs `fn` holding the lock and releases it afterwards, even if `fn` throws (Python's `async with lock:`).
   *
   * @param fn The critical section.
   * @param options `signal` to give up waiting for the lock.
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
