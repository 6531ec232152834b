import { getDefaultExecutor } from "./default-executor";
import type { Future } from "./future";
import type { WorkerFunction } from "./thread-pool-executor";

/**
 * Runs `fn(...args)` in a worker thread of the default executor, like Python's `asyncio.to_thread`. The
 * function must be self-contained or named by `{ module, export }`; arguments and result are structured-cloned.
 *
 * @param fn The function.
 * @param args Its arguments.
 * @returns A future of the result; cancelling it (or the awaiting task) abandons the job.
 * @throws {TypeError} If `fn` cannot be sent to a worker.
 *
 * @example A blocking computation off the event loop
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * console.log(await asyncio.toThread(function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2); }, 25));
 * ```
 */
export function toThread<A extends unknown[], R>(fn: WorkerFunction<A, R>, ...args: A): Future<Awaited<R>> {
  return getDefaultExecutor().submit(fn, ...args);
}
