import { ThreadPoolExecutor } from "./thread-pool-executor";

let defaultExecutor: ThreadPoolExecutor | null = null;

/**
 * The shared executor behind `toThread()` and `loop.runInExecutor(null, …)`, created on first use.
 *
 * @returns The default `ThreadPoolExecutor`.
 *
 * @example Counting jobs in flight (e.g. before interrupting)
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * console.log(asyncio.getDefaultExecutor().pending);
 * ```
 */
export function getDefaultExecutor(): ThreadPoolExecutor {
  defaultExecutor ??= new ThreadPoolExecutor();
  return defaultExecutor;
}

/**
 * Shuts the default executor down, like Python's `loop.shutdown_default_executor()`; the next use creates a new
 * one. `run()` calls this when its outermost call ends. An interrupt handler can pass `cancelFutures` to abandon
 * running jobs at once.
 *
 * @param options `wait` (default `true`) and `cancelFutures` (default `false`), as in `shutdown()`.
 *
 * @example Abandoning every background job
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * await asyncio.shutdownDefaultExecutor({ cancelFutures: true, wait: false });
 * ```
 */
export async function shutdownDefaultExecutor(options?: {
  wait?: boolean;
  cancelFutures?: boolean;
}): Promise<void> {
  const executor = defaultExecutor;
  defaultExecutor = null;
  if (executor !== null) await executor.shutdown(options);
}
