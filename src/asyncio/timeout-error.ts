/**
 * Raised when a deadline passes: by `timeout()`, `timeoutAt()`, `waitFor()`, `asCompleted()` and `runSync()`.
 *
 * Python's `asyncio.TimeoutError` (an alias of the built-in `TimeoutError` since 3.11).
 *
 * @param message What timed out and after how long.
 *
 * @example Catching a timeout
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * try {
 *   await asyncio.waitFor(() => asyncio.sleep(1000), 10);
 * } catch (e) {
 *   console.log(e instanceof asyncio.TimeoutError); // true
 * }
 * ```
 */
export class TimeoutError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message ?? "The operation timed out.", options);
    this.name = "TimeoutError";
  }
}
