import { Waiters } from "./internal/waiters";
import type { SignalOptions } from "./sleep";
import { cancelledAfterWake } from "./task";

/**
 * A flag tasks can wait for, like Python's `asyncio.Event`: `wait()` returns once `set()` was called.
 *
 * @example Starting workers together
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const go = new asyncio.Event();
 * const worker = asyncio.createTask(async () => {
 *   await go.wait();
 *   console.log("running");
 * });
 * go.set();
 * await worker;
 * ```
 */
export class Event {
  #value = false;
  #waiters = new Waiters("Event.wait()");

  /** `true` once set (until `clear()`). */
  isSet(): boolean {
    return this.#value;
  }

  /** Sets the flag and wakes every waiter. */
  set(): void {
    if (this.#value) return;
    this.#value = true;
    this.#waiters.wakeAll();
  }

  /** Clears the flag; later `wait()` calls block again. */
  clear(): void {
    this.#value = false;
  }

  /**
   * Waits until the flag is set.
   *
   * @param options `signal` to give up waiting.
   * @returns `true`.
   */
  async wait(options?: SignalOptions): Promise<true> {
    if (this.#value) return true;
    await this.#waiters.wait(options?.signal);
    // Cancelled after set() woke it but before it resumed: Python raises at the wait.
    const late = cancelledAfterWake(options?.signal);
    if (late !== undefined) throw late;
    return true;
  }
}
