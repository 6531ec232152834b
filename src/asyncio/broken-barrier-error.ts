/**
 * Raised by `Barrier.wait()` when the barrier is broken by `abort()`, or reset while the caller waits.
 *
 * @param message Why the barrier cannot be passed.
 *
 * @example Aborting a barrier
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const barrier = new asyncio.Barrier(2);
 * const waiting = barrier.wait();
 * await barrier.abort();
 * const error = await waiting.catch((e: unknown) => e);
 * console.log(error instanceof asyncio.BrokenBarrierError); // true
 * ```
 */
export class BrokenBarrierError extends Error {
  constructor(message?: string) {
    super(message ?? "The barrier is broken: abort() was called, or reset() while tasks were waiting.");
    this.name = "BrokenBarrierError";
  }
}
