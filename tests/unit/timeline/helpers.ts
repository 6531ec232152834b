import { TimelineBuilder, type TimelinePayload } from "../../../src/timeline";

/** A small timeline: main spawns three workers (one failed, one cancelled), plus lag, a slow step, a cell. */
export function smallTimeline(): TimelinePayload {
  const b = new TimelineBuilder({ title: "demo" });
  b.addTask({
    id: 1,
    name: "main",
    start: 100,
    end: 130,
    segments: [
      [100, 101],
      [129, 130],
    ],
  });
  b.addTask({
    id: 2,
    name: "fetch a",
    parent: 1,
    start: 101,
    end: 120,
    segments: [
      [101.5, 102],
      [119, 120],
    ],
  });
  b.addTask({ id: 3, name: "fetch b", parent: 1, start: 101.25, end: 125, error: new TypeError("bad url") });
  b.addTask({ id: 4, parent: 1, start: 102, end: 110, state: "cancelled" });
  b.addLag(105, 2.5);
  b.addSlowStep(119, 1, 2);
  b.addCell({ label: "[1]", start: 99, end: 131 });
  return b.build();
}
