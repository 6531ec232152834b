/**
 * tslab-asyncio: Python's asyncio for TypeScript, plus the tslab kernel integration.
 *
 * `import * as asyncio from "tslab-asyncio"` gives the asyncio vocabulary (see `./asyncio`) and `apply()`.
 */
export * from "./asyncio";
export { apply } from "./kernel/apply";
export {
  drain,
  detach,
  cellSignal,
  cancelAll,
  tasks,
  pstree,
  TaskSnapshot,
  eventLoopLag,
} from "./kernel/integration";
export type { DrainOptions, CancelSummary, TaskInfo, LagSample } from "./kernel/integration";
export { timeline, lastTimeline, recordTimeline, TimelineRecording, TimelineView } from "./kernel/timeline";
export type { TimelineOptions, RecordTimelineOptions } from "./kernel/timeline";
export {
  display,
  clearOutput,
  DisplayHandle,
  type DisplayOptions,
  type DisplayHandleOptions,
} from "./kernel/display";
export { input, type InputOptions } from "./kernel/input";
