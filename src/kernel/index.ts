/** Public surface of the kernel module. Everything tslab-specific lives under this folder. */
export { apply } from "./apply";
export { kernelState, type KernelModuleState } from "./state";
export { installKernelspec, type InstallKernelspecOptions, type InstallResult } from "./kernelspec";
export { TESTED_NODE_LINES, untestedNodeNote } from "./node-lines";
export {
  currentCell,
  cellEvents,
  type CellContext,
  type CellEvents,
  type CellEventEmitter,
  type DisplayContent,
} from "./cell-context";
