import { TimelineBuilder, decodeTimeline, layoutLanes } from "../../../src/timeline";

/** Three lanes: a (0..10, running 0..2), b (2..6, failed, running 4..6), c (7..8, cancelled). */
export function threeTasks() {
  const b = new TimelineBuilder({ origin: 0 });
  b.addTask({ id: 1, name: "a", start: 0, end: 10, segments: [[0, 2]] });
  b.addTask({ id: 2, name: "b", start: 2, end: 6, error: "boom", segments: [[4, 6]] });
  b.addTask({ id: 3, name: "c", start: 7, end: 8, state: "cancelled" });
  const timeline = decodeTimeline(b.build());
  return { timeline, layout: layoutLanes(timeline) };
}
