import { now, recorders, setStepWatch } from "./internal/context";
import { debugState } from "./internal/debug-state";
import type { Task } from "./task";

/**
 * Turns debug mode on or off, like Python's `loop.set_debug()`: tasks remember where they were created
 * (`task.site`), and every synchronous step of a task that blocks the event loop longer than `slowStepMs`
 * (default 100 ms, Python's `slow_callback_duration`) is reported to recorders as `slowStep` and, with no
 * recorder, as a console warning. Debug mode costs time on every promise; leave it off for benchmarks.
 *
 * @param on Whether to enable it.
 * @param options `slowStepMs`, the threshold in milliseconds.
 *
 * @example Finding a step that blocks the loop
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * asyncio.setDebug(true);
 * await asyncio.createTask(async () => {
 *   await asyncio.sleep(0);
 *   const end = Date.now() + 150;
 *   while (Date.now() < end); // blocks: reported as a slow step of this task
 * }, { name: "busy" });
 * asyncio.setDebug(false);
 * ```
 */
export function setDebug(on: boolean, options?: { slowStepMs?: number }): void {
  debugState.on = on;
  if (options?.slowStepMs !== undefined) debugState.slowStepMs = options.slowStepMs;
  setStepWatch(on ? watchStep : null);
}

/**
 * Whether debug mode is on, like Python's `loop.get_debug()`.
 *
 * @returns `true` while debug mode is on.
 *
 * @example Checking the mode
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * console.log(asyncio.getDebug()); // false unless setDebug(true) or run(main, { debug: true })
 * ```
 */
export function getDebug(): boolean {
  return debugState.on;
}

function watchStep(context: { id: number }, durationMs: number): void {
  if (durationMs <= debugState.slowStepMs) return;
  const task = context as Task<unknown>;
  const name = task.getName();
  if (recorders !== null) {
    for (const r of recorders) r.slowStep?.(task.id, name, durationMs, now());
  } else {
    console.warn(`Executing ${String(task)} took ${(durationMs / 1000).toFixed(3)} seconds (a slow step).`);
  }
}
