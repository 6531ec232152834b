/**
 * `apply()`: the counterpart of `nest_asyncio.apply()`. It installs the kernel integration into a running
 * tslab kernel that was not started through our kernelspec.
 */
import { findLiveHost } from "./host";
import { installKernelModule } from "./install-module";
import { kernelState } from "./state";

/**
 * Installs the tslab-asyncio kernel integration into the running tslab kernel: the counterpart of
 * `nest_asyncio.apply()`.
 *
 * What it gives a notebook:
 * - `asyncio.run(main)` and `getRunningLoop().runUntilComplete(x)` work in a cell, in a task and nested,
 *   so script code runs unchanged. (This needs no patch at all here: they return promises, see `run`.)
 * - Tasks, timers, intervals, immediates and executor jobs belong to the cell that started them: their
 *   output lands in that cell even after it finished (also under nbclient, through a late-output display),
 *   and their failures are reported there once.
 * - Interrupting a cell cancels its tasks, clears its timers, abandons its executor jobs and aborts
 *   `cellSignal()`; `cancelAll()` stops what earlier cells left running; `drain()` waits for it.
 *
 * How it differs from nest_asyncio: Python's patch makes the loop re-entrant so `run_until_complete` can
 * block inside a running loop. V8 cannot run a promise to completion synchronously on the same thread, so
 * nothing here blocks: `run()` is awaited instead (`runSync` blocks by using a worker thread). And nest_asyncio
 * knows nothing of cells; this integration is mostly about them.
 *
 * In the `tslab-asyncio` kernel it is already installed (the kernelspec preloads it), so this is a no-op
 * that says so. In a plain `tslab` kernel it patches tslab; the patches act from the next cell on, because
 * the cell calling `apply()` already runs with tslab's original machinery. Outside tslab (a plain Node
 * script) it does nothing and returns `false`, so the same code runs in both places.
 *
 * @returns `true` when the integration is active in this process, `false` outside tslab.
 *
 * @example Enable the integration in a plain tslab kernel
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 * asyncio.apply(); // true inside tslab, false in `node script.js`
 * ```
 */
export function apply(): boolean {
  const existing = kernelState();
  if (existing) {
    if (existing.preloaded) {
      console.log(
        "tslab-asyncio: already active (preloaded by the tslab-asyncio kernelspec); nothing to do.",
      );
    }
    return true;
  }
  const host = findLiveHost();
  if (!host) return false;
  installKernelModule(host, { preloaded: false });
  console.log(`tslab-asyncio: installed into tslab ${host.version}; it takes effect from the next cell.`);
  return true;
}
