/** The timeline v1 contract. Zero dependencies: runs in Node and in the browser. */
export {
  TIMELINE_MIME,
  TASK_KINDS,
  TASK_STATES,
  DEFAULT_NAME_PREFIX,
  type TaskKind,
  type TaskState,
  type TimelinePayload,
  type TimelineTaskColumns,
  type TimelineSegmentColumns,
  type TimelineErrorColumns,
  type TimelineLagColumns,
  type TimelineSlowColumns,
  type TimelineCellColumns,
  type TimelineAwaitColumns,
} from "./schema";
export { validateTimeline, type TimelineValidation } from "./validate";
export { decodeTimeline, type Timeline } from "./decode";
export {
  TimelineBuilder,
  errorSummary,
  type TaskInput,
  type SegmentInput,
  type CellInput,
  type TimelineBuilderOptions,
  type BuildOptions,
} from "./builder";
export { layoutLanes, type LaneLayout } from "./layout";
export { niceTicks, tickLabel, axisUnit, type AxisTicks } from "./axis";
export { summarize, toText, summaryLine, formatMs, formatCount, type TimelineSummary } from "./summary";
export { toHtml, escapeHtml, HTML_MAX_BARS } from "./html";
export { toTrace, type TraceEvent, type TraceFile } from "./trace";
export { timelineBundle, type TimelineBundle } from "./bundle";
export { safeText, middleEllipsis } from "./text";
