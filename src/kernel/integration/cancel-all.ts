import { allTasks, currentTask } from "../../asyncio";
import { integration, type CancelSummary } from "./integration";

/**
 * Cancels all background work: every task (except the one calling), and — inside the kernel — every
 * executor job, timer and interval that any cell started, finished cells included. An interrupt only stops
 * the running cell's work; this is the way to stop what earlier cells left running.
 *
 * @param msg The `CancelledError` message the tasks see.
 * @returns How many tasks, jobs, timers and intervals were stopped.
 *
 * @example Stopping everything earlier cells started
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * console.log(asyncio.cancelAll()); // { tasks: 3, jobs: 0, timers: 1, intervals: 1 }
 * ```
 */
export function cancelAll(msg = "cancelAll() was called"): CancelSummary {
  const it = integration();
  if (it !== undefined) return it.cancel(it.registry.busyWorks(), msg);
  const self = currentTask();
  let tasks = 0;
  for (const task of allTasks()) if (task !== self && task.cancel(msg)) tasks++;
  return { tasks, jobs: 0, timers: 0, intervals: 0 };
}
