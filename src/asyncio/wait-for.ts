import { CancelledError } from "./cancelled-error";
import { ensureFuture } from "./ensure-future";
import type { Awaitable } from "./ensure-future";
import { Future } from "./future";
import type { SignalOptions } from "./sleep";
import { abortReason, park } from "./task";
import { timeout } from "./timeout";
import { TimeoutError } from "./timeout-error";

const noop = (): void => undefined;

/**
 * Waits for `aw` with a time limit, like Python's `asyncio.wait_for(aw, timeout)`: if the limit passes, `aw`
 * is cancelled, waited for, and `TimeoutError` is thrown. A limit of 0 or less times out at once unless `aw`
 * is already done (an async function then never starts).
 *
 * Prefer passing a function (`() => work()`) or a task: cancelling it reaches the work's own waits. A bare
 * promise cannot be cancelled, so for one the wait stops on time and the promise's outcome is discarded
 * (its work goes on).
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
 * const value = await asyncio.waitFor(() => asyncio.sleep(10, "fast"), 1000);
 * console.log(value); // "fast"
 * ```
 */
export async function waitFor<T>(aw: Awaitable<T>, ms: number | null, options?: SignalOptions): Promise<T> {
  const bare = !(aw instanceof Future) && typeof aw !== "function";
  const fut = ensureFuture(aw);
  if (ms !== null && ms <= 0) {
    const signal = options?.signal;
    if (signal?.aborted) throw abortReason(signal);
    if (fut.done()) return fut.result();
    fut.cancel();
    // Like Python's: wait for the cancellation to finish, unless it cannot reach the work (a bare promise).
    if (!bare) await fut.then(noop, noop);
    if (fut.done() && !fut.cancelled()) return fut.result();
    fut.addDoneCallback(noop); // its outcome is discarded, not "never retrieved"
    throw new TimeoutError(`The operation timed out: waitFor() was given ${ms} ms.`, {
      cause: new CancelledError(),
    });
  }
  if (!bare) return timeout(ms, () => fut, options);
  // A bare promise: wait in a library wait (cancellable at once), not on the promise itself.
  try {
    return await timeout(
      ms,
      async () => {
        await park<void>(
          (resolve) => {
            const onDone = (): void => resolve();
            fut.addDoneCallback(onDone);
            return () => fut.removeDoneCallback(onDone);
          },
          undefined,
          "waitFor(a promise)",
        );
        return fut.result();
      },
      options,
    );
  } finally {
    if (!fut.done()) {
      fut.cancel();
      fut.addDoneCallback(noop);
    }
  }
}
