/**
 * The kernel integration: background work that belongs to its cell. Public surface, re-exported by
 * the package index for notebooks.
 */
export { installIntegration, integration, type CancelSummary } from "./integration";
export { drain, type DrainOptions } from "./drain";
export { detach, cellSignal } from "./detach";
export { cancelAll } from "./cancel-all";
export { tasks, pstree, TaskSnapshot, type TaskInfo } from "./introspect";
export { eventLoopLag, type LagSample } from "./lag";
