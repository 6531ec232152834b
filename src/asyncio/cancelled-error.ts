/**
 * Raised inside a task (and by whoever awaits it) when the task or the operation was cancelled.
 *
 * Like Python's `asyncio.CancelledError`, catch it only to clean up, then rethrow it: swallowing it makes the
 * task look as if it finished normally. An `AbortSignal` aborted by this library carries one as its `reason`.
 *
 * @param message Why the operation was cancelled (the `msg` passed to `cancel(msg)`), if anyone said.
 * @param options Standard `ErrorOptions`; `cause` keeps a foreign abort reason (e.g. a `DOMException`).
 *
 * @example Cancelling a sleeping task
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const task = asyncio.createTask(() => asyncio.sleep(10_000));
 * await asyncio.sleep(0);
 * task.cancel("no longer needed");
 * try {
 *   await task;
 * } catch (e) {
 *   console.log(e instanceof asyncio.CancelledError, (e as Error).message); // true "no longer needed"
 * }
 * ```
 */
export class CancelledError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message ?? "The operation was cancelled.", options);
    this.name = "CancelledError";
  }
}
