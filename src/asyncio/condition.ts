import { CancelledError } from "./cancelled-error";
import { Waiters } from "./internal/waiters";
import { Lock } from "./lock";
import type { SignalOptions } from "./sleep";
import { cancelledAfterWake } from "./task";

/**
 * A lock plus a way to wait until another task signals a change, like Python's `asyncio.Condition`.
 * Hold the lock (`hold()` or `acquire()`) around `wait()`, `waitFor()`, `notify()` and `notifyAll()`.
 *
 * @example A one-slot mailbox
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const cond = new asyncio.Condition();
 * let mail: string | undefined;
 * const reader = asyncio.createTask(() => cond.hold(async () => {
 *   await cond.waitFor(() => mail !== undefined);
 *   return mail;
 * }));
 * await cond.hold(() => {
 *   mail = "hello";
 *   cond.notifyAll();
 * });
 * console.log(await reader); // "hello"
 * ```
 */
export class Condition {
  readonly #lock: Lock;
  #waiters = new Waiters("Condition.wait()");

  /** @param lock The lock to use; a new one by default (share one between conditions if needed). */
  constructor(lock: Lock = new Lock()) {
    this.#lock = lock;
  }

  /** `true` while the underlying lock is held. */
  locked(): boolean {
    return this.#lock.locked();
  }

  /**
   * Acquires the underlying lock.
   *
   * @param options `signal` to give up waiting.
   * @returns `true`.
   */
  acquire(options?: SignalOptions): Promise<true> {
    return this.#lock.acquire(options);
  }

  /** Releases the underlying lock. */
  release(): void {
    this.#lock.release();
  }

  /**
   * Runs `fn` holding the lock (Python's `async with cond:`).
   *
   * @param fn The work.
   * @param options `signal` to give up waiting for the lock.
   * @returns What `fn` returns.
   */
  hold<T>(fn: () => PromiseLike<T> | T, options?: SignalOptions): Promise<T> {
    return this.#lock.hold(fn, options);
  }

  /**
   * Releases the lock, waits for `notify()`, and re-acquires the lock before returning (also when cancelled:
   * the lock is held again when the `CancelledError` arrives).
   *
   * @param options `signal` to give up waiting.
   * @returns `true`.
   * @throws {Error} If the lock is not held ("cannot wait on un-acquired lock").
   */
  async wait(options?: SignalOptions): Promise<true> {
    if (!this.locked())
      throw new Error("Cannot wait on un-acquired lock: call wait() while holding the condition.");
    this.release();
    let failure: unknown = undefined;
    try {
      await this.#waiters.wait(options?.signal);
      failure = cancelledAfterWake(options?.signal);
      // Cancelled after notify() woke it: pass the notification on so it is not lost (as Python 3.13 does).
      if (failure !== undefined) this.#waiters.wakeOne();
    } catch (e) {
      failure = e;
    }
    // Re-acquire even if cancelled meanwhile, then report the first cancellation.
    for (;;) {
      try {
        await this.#lock.acquire();
        break;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        failure ??= e;
      }
    }
    if (failure !== undefined) throw failure;
    return true;
  }

  /**
   * Waits until `predicate()` is truthy, checking it after each notification.
   *
   * @param predicate Checked with the lock held.
   * @param options `signal` to give up waiting.
   * @returns The predicate's last value.
   */
  async waitFor<T>(predicate: () => T, options?: SignalOptions): Promise<T> {
    let result = predicate();
    while (!result) {
      await this.wait(options);
      result = predicate();
    }
    return result;
  }

  /**
   * Wakes up to `n` waiting tasks (oldest first).
   *
   * @param n How many. Default 1.
   * @throws {Error} If the lock is not held ("cannot notify on un-acquired lock").
   */
  notify(n = 1): void {
    if (!this.locked()) {
      throw new Error("Cannot notify on un-acquired lock: call notify() while holding the condition.");
    }
    for (let i = 0; i < n && this.#waiters.wakeOne(); i++);
  }

  /**
   * Wakes every waiting task.
   *
   * @throws {Error} If the lock is not held.
   */
  notifyAll(): void {
    if (!this.locked()) {
      throw new Error("Cannot notify on un-acquired lock: call notifyAll() while holding the condition.");
    }
    this.#waiters.wakeAll();
  }
}
