import { ensureFuture } from "./ensure-future";
import type { Awaitable } from "./ensure-future";
import type { SignalOptions } from "./sleep";
import { timeout } from "./timeout";

/**
 * Waits for `aw` with a time limit, like Python's `asyncio.wait_for(aw, timeout)`: if the limit passes, `aw`
 * is cancelled, waited for, and `TimeoutError` is thrown.
 *
 * @param aw The work (a promise or async function becomes a task).
 * @param ms The limit in milliseconds, or `null` to wait without one.
 * @param options `signal` to abort the wait (and cancel `aw`).
 * @returns The result of `aw`.
 * @throws {TimeoutError} If `aw` did not finish within `ms`.
 *
 * @example Waiting at most one second
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const value = await asyncio.waitFor(asyncio.sleep(10, "fast"), 1000);
 * console.log(value); // "fast"
 * ```
 */
export function waitFor<T>(aw: Awaitable<T>, ms: number | null, options?: SignalOptions): Promise<T> {
  const fut = ensureFuture(aw);
  return timeout(ms, () => fut, options);
}
