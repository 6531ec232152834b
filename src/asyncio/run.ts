import { shutdownDefaultExecutor } from "./default-executor";
import { getDebug, setDebug } from "./debug";
import { gather } from "./gather";
import { allTasks, Task, withRunId } from "./task";
import type { TaskBody } from "./task";

/** Options of `run()`. */
export interface RunOptions {
  /** Debug mode for the duration of the run (see `setDebug`). Default: unchanged. */
  debug?: boolean;
}

let runCounter = 0;
let depth = 0;

/** @internal A fresh run id (shared by `run()` and `Runner`): the tasks of a run carry it. */
export function nextRunId(): number {
  return ++runCounter;
}

/** @internal How many `run()` calls are in progress (the outermost shuts the default executor down). */
export function activeRuns(): number {
  return depth;
}

/**
 * Runs `main` as a task and cleans up after it like Python's `asyncio.run(main())`: tasks it left running are
 * cancelled and awaited, and when the outermost `run()` ends the default executor is shut down.
 *
 * Unlike Python's, it returns a promise and may be called anywhere — a script's top level, a notebook cell
 * inside the kernel's running loop, a task, or another `run()` — which is what `nest_asyncio` gives Python.
 * (It cannot block until done: see `runSync` for why and for the blocking alternative.)
 *
 * @param main The main coroutine (preferably a function: `() => main()`).
 * @param options `debug`.
 * @returns The result of `main`.
 * @throws Whatever `main` throws.
 *
 * @example A script's entry point
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * async function main() {
 *   asyncio.createTask(() => asyncio.sleep(60_000)); // forgotten: cancelled by run()
 *   await asyncio.sleep(10);
 *   return "done";
 * }
 * console.log(await asyncio.run(main));
 * ```
 */
export async function run<T>(main: TaskBody<T>, options?: RunOptions): Promise<T> {
  const runId = nextRunId();
  const savedDebug = getDebug();
  if (options?.debug !== undefined) setDebug(options.debug);
  depth++;
  const task = withRunId(runId, () => new Task<T>(main, { name: "main" }));
  try {
    return await task;
  } finally {
    const leftovers = [...allTasks()].filter((t) => t.runId === runId);
    for (const t of leftovers) t.cancel();
    if (leftovers.length > 0) await gather(...leftovers, { returnExceptions: true });
    depth--;
    if (depth === 0) await shutdownDefaultExecutor();
    if (options?.debug !== undefined) setDebug(savedDebug);
  }
}
