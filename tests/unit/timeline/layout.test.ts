import { TimelineBuilder, decodeTimeline, layoutLanes, niceTicks, tickLabel } from "../../../src/timeline";

describe("layoutLanes", () => {
  it("puts children right under their parent, siblings by start", () => {
    const b = new TimelineBuilder();
    b.addTask({ id: 1, name: "a", start: 0, end: 10 });
    b.addTask({ id: 2, name: "b", start: 1, end: 10 });
    b.addTask({ id: 3, name: "a.1", parent: 1, start: 2, end: 3 });
    b.addTask({ id: 4, name: "b.1", parent: 2, start: 3, end: 4 });
    b.addTask({ id: 5, name: "a.1.1", parent: 3, start: 2.5, end: 3 });
    b.addTask({ id: 6, name: "a.2", parent: 1, start: 5, end: 6 });
    const t = decodeTimeline(b.build());
    const { rowOfLane, laneOfRow, depth } = layoutLanes(t);
    expect(Array.from(rowOfLane, (r) => t.name(r))).toEqual(["a", "a.1", "a.1.1", "a.2", "b", "b.1"]);
    expect(Array.from(rowOfLane, (r) => depth[r])).toEqual([0, 1, 2, 1, 0, 1]);
    for (let lane = 0; lane < t.count; lane++) expect(laneOfRow[rowOfLane[lane]]).toBe(lane);
  });

  it("gives every row a lane even when parents form a cycle", () => {
    const b = new TimelineBuilder();
    b.addTask({ id: 1, start: 0, end: 1 });
    const p = b.build();
    p.tasks.id.push(1, 1);
    p.tasks.name.push(0, 0);
    p.tasks.parent.push(3, 2);
    p.tasks.flags.push(0, 0);
    p.tasks.start.push(0, 0);
    p.tasks.segs.push(0, 0);
    p.tasks.tail.push(0, 0);
    const { rowOfLane } = layoutLanes(decodeTimeline(p));
    expect(Array.from(rowOfLane).sort()).toEqual([0, 1, 2]);
  });
});

describe("niceTicks", () => {
  it.each([
    [0, 100, 6, [0, 20, 40, 60, 80, 100], 20],
    [0.3, 1.1, 4, [0.4, 0.6, 0.8, 1], 0.2],
    [12, 13, 2, [12, 12.5, 13], 0.5],
  ])("ticks %p..%p (max %p)", (from, to, max, values, step) => {
    expect(niceTicks(from, to, max)).toEqual({ values, step });
  });

  it("returns a single tick for an empty range", () => {
    expect(niceTicks(5, 5, 4).values).toEqual([5]);
  });

  it("labels with the decimals the step needs", () => {
    expect([tickLabel(0.4, 0.2), tickLabel(20, 20), tickLabel(0.05, 0.05)]).toEqual([
      "0.4 ms",
      "20 ms",
      "0.05 ms",
    ]);
  });
});
