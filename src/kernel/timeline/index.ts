/** Task timelines in notebooks: record tasks, show them live, export Perfetto traces. */
export { timeline, lastTimeline, type TimelineOptions } from "./timeline";
export { recordTimeline, TimelineRecording, type RecordTimelineOptions } from "./recording";
export { TimelineView } from "./timeline-view";
