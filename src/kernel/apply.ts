/**
 * `apply()`: the counterpart of `nest_asyncio.apply()`. It installs the kernel integration into a running
 * tslab kernel that was not started through our kernelspec.
 */
import { findLiveHost } from "./host";
import { installKernelModule } from "./install-module";
import { kernelState } from "./state";

/**
 * Installs the tslab-asyncio kernel integration into the running tslab kernel.
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
