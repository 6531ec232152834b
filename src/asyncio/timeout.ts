import { CancelledError } from "./cancelled-error";
import { now } from "./internal/context";
import type { SignalOptions } from "./sleep";
import { abortReason, Task } from "./task";
import { TimeoutError } from "./timeout-error";

/**
 * The handle a `timeout()` body receives, like Python's `asyncio.Timeout`: read or move the deadline.
 * Deadlines are loop times in milliseconds (`getRunningLoop().time()`, i.e. `performance.now()`).
 *
 * @example Extending a deadline while work makes progress
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * await asyncio.timeout(50, async (cm) => {
 *   await asyncio.sleep(30);
 *   cm.reschedule(asyncio.getRunningLoop().time() + 50); // more time
 *   await asyncio.sleep(30);
 *   console.log(cm.expired()); // false
 * });
 * ```
 */
export class Timeout {
  #when: number | null;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  #task: Task<unknown> | null = null;
  #expired = false;
  #exited = false;

  /** @param when The deadline in loop time (ms), or `null` for none. */
  constructor(when: number | null) {
    this.#when = when;
  }

  /** The deadline in loop time (ms), or `null`. */
  when(): number | null {
    return this.#when;
  }

  /**
   * Moves the deadline.
   *
   * @param when The new deadline in loop time (ms), or `null` to remove it.
   * @throws {Error} If the timeout is expiring or expired, or its body finished (Python's `RuntimeError`,
   *   with its message: "Cannot change state of expired Timeout").
   */
  reschedule(when: number | null): void {
    if (this.#expired || this.#exited) {
      const state = this.#expired ? (this.#exited ? "expired" : "expiring") : "finished";
      throw new Error(
        `Cannot change state of ${state} Timeout: reschedule() works only while the timeout's body runs and before its deadline passed.`,
      );
    }
    this.#when = when;
    if (this.#task !== null) this.#arm();
  }

  /** `true` once the deadline passed and the body was cancelled because of it. */
  expired(): boolean {
    return this.#expired;
  }

  /** @internal Binds the timeout to the task running its body and starts the clock. */
  _enter(task: Task<unknown>): void {
    this.#task = task;
    this.#arm();
  }

  /** @internal Stops the clock once the body finished. */
  _exit(): void {
    this.#exited = true;
    clearTimeout(this.#timer);
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#when === null) return;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, this.#when - now()));
  }

  #fire(): void {
    if (this.#exited) return;
    this.#expired = true;
    this.#task!.cancel();
  }

  /** Python's repr, e.g. `<Timeout [active] when=1234.5>`. */
  toString(): string {
    const state = this.#expired ? "expired" : this.#exited ? "finished" : "active";
    return `<Timeout [${state}] when=${String(this.#when)}>`;
  }
}

/**
 * Runs `body` with a deadline `ms` from now, like Python's `async with asyncio.timeout(delay)`, in callback
 * form because notebooks cannot use `await using`. When the deadline passes the body is cancelled (its
 * `finally` blocks run) and, once it has finished, `timeout()` rejects with `TimeoutError`. The body runs in a
 * child task, so cancelling the caller cancels it too (and that stays a `CancelledError`).
 *
 * @param ms The delay in milliseconds, or `null` for no deadline (use `cm.reschedule()` later).
 * @param body The work; it receives the {@link Timeout} handle.
 * @param options `signal` to abort the body early (rejects with the signal's reason).
 * @returns The body's result.
 * @throws {TimeoutError} If the deadline passed first.
 *
 * @example Giving up on slow work
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * try {
 *   await asyncio.timeout(100, async () => {
 *     await asyncio.sleep(10_000);
 *   });
 * } catch (e) {
 *   if (e instanceof asyncio.TimeoutError) console.log("The long operation timed out, but we've handled it.");
 * }
 * ```
 */
export function timeout<T>(
  ms: number | null,
  body: (cm: Timeout) => PromiseLike<T> | T,
  options?: SignalOptions,
): Promise<T> {
  return timeoutAt(ms === null ? null : now() + ms, body, options);
}

/**
 * Like {@link timeout}, with an absolute deadline in loop time (`getRunningLoop().time() + ms`), like Python's
 * `asyncio.timeout_at(when)`.
 *
 * @param when The deadline in loop time (ms), or `null` for none.
 * @param body The work; it receives the {@link Timeout} handle.
 * @param options `signal` to abort the body early.
 * @returns The body's result.
 * @throws {TimeoutError} If the deadline passed first.
 *
 * @example Sharing one deadline between steps
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const deadline = asyncio.getRunningLoop().time() + 1000;
 * await asyncio.timeoutAt(deadline, () => asyncio.sleep(10));
 * await asyncio.timeoutAt(deadline, () => asyncio.sleep(10));
 * ```
 */
export async function timeoutAt<T>(
  when: number | null,
  body: (cm: Timeout) => PromiseLike<T> | T,
  options?: SignalOptions,
): Promise<T> {
  const signal = options?.signal;
  if (signal?.aborted) throw abortReason(signal);
  const cm = new Timeout(when);
  const task = new Task<T>(() => body(cm), { name: "timeout" });
  cm._enter(task as Task<unknown>);
  const onAbort = (): void => {
    task.cancel();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await task;
  } catch (e) {
    if (e instanceof CancelledError) {
      if (signal?.aborted) throw abortReason(signal);
      // Only our own cancellation becomes a TimeoutError; a cancelled caller stays cancelled.
      if (cm.expired() && task.uncancel() === 0) {
        throw new TimeoutError(`The operation timed out after its deadline (${describeDeadline(when)}).`, {
          cause: e,
        });
      }
    }
    throw e;
  } finally {
    cm._exit();
    signal?.removeEventListener("abort", onAbort);
  }
}

function describeDeadline(when: number | null): string {
  return when === null ? "rescheduled" : `loop time ${when.toFixed(1)} ms`;
}
