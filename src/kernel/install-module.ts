/**
 * Installs the kernel module into a tslab host: every patch in `patches/` in a fixed order. Patches act on
 * tslab's prototypes, so the running server picks them up from the next message.
 */
import type { TslabHost } from "./host";
import { kernelState, setKernelState, type KernelModuleState } from "./state";
import { VERSION } from "./version";
import { PATCHES } from "./patches";
import { installIntegration } from "./integration/integration";

/** Options of {@link installKernelModule}. */
export interface InstallOptions {
  /** True when called by the launcher before tslab starts. */
  preloaded: boolean;
}

/**
 * Applies every patch once. Returns the state and whether this call installed it (false: already there).
 */
export function installKernelModule(
  host: TslabHost,
  options: InstallOptions,
): { state: KernelModuleState; installed: boolean } {
  const existing = kernelState();
  if (existing) return { state: existing, installed: false };
  const names: string[] = [];
  for (const patch of PATCHES) {
    patch.install(host, options);
    names.push(patch.name);
  }
  installIntegration();
  const state = setKernelState({
    version: VERSION,
    preloaded: options.preloaded,
    tslabVersion: host.version,
    patches: names,
  });
  return { state, installed: true };
}
