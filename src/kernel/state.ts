/**
 * Process-wide state of the kernel module. It lives on `globalThis` under a registered symbol so that two
 * copies of this package in one kernel (a global install and a project's) share one integration.
 */
import { globalSlot } from "./global-slot";

/** What the installed kernel module records about itself. */
export interface KernelModuleState {
  /** Version of the tslab-asyncio copy that installed the integration. */
  readonly version: string;
  /** True when the kernelspec's launcher installed it before the first message. */
  readonly preloaded: boolean;
  /** tslab version the patches were applied to. */
  readonly tslabVersion: string;
  /** Names of the patches installed, in order. */
  readonly patches: string[];
}

const slot = globalSlot<KernelModuleState>("kernel");

/** The installed integration, or `undefined` when this process has none. */
export function kernelState(): KernelModuleState | undefined {
  return slot.get();
}

/** Records the integration as installed; later calls see it through {@link kernelState}. */
export function setKernelState(state: KernelModuleState): KernelModuleState {
  return slot.set(state);
}
