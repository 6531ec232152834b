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

describe("layoutLanes on arbitrary parent columns", () => {
  /** A payload of `parents.length` tasks; `parents[i]` is the 1-based parent row of row i, 0 for none. */
  function withParents(parents: number[]) {
    const p = new TimelineBuilder().build();
    for (const parent of parents) {
      p.tasks.id.push(1);
      p.tasks.name.push(0);
      p.tasks.parent.push(parent);
      p.tasks.flags.push(0);
      p.tasks.start.push(1);
      p.tasks.segs.push(0);
      p.tasks.tail.push(1);
    }
    return decodeTimeline(p);
  }

  /** Depth-first order written recursively: roots in row order, each row's children in row order. */
  function reference(parents: number[]) {
    const n = parents.length;
    const kids: number[][] = Array.from({ length: n }, () => []);
    parents.forEach((p, i) => p > 0 && kids[p - 1].push(i));
    const order: number[] = [];
    const depth = new Array<number>(n).fill(0);
    const seen = new Set<number>();
    const visit = (r: number, d: number) => {
      seen.add(r);
      order.push(r);
      depth[r] = d;
      for (const c of kids[r]) if (!seen.has(c)) visit(c, d + 1);
    };
    parents.forEach((p, i) => p === 0 && visit(i, 0));
    for (let r = 0; r < n; r++) if (!seen.has(r)) visit(r, 0);
    return { order, depth };
  }

  it("orders lanes like a recursive depth-first walk, cycles included", () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 60; round++) {
      const n = 1 + Math.floor(random() * 200);
      // Half the rounds only earlier parents (the usual forest); the others also later ones, which can
      // close a cycle. Some roots in both.
      const later = round % 2 === 0 ? 0 : 0.1;
      const parents = Array.from({ length: n }, (_, i) => {
        const u = random();
        if (u < 0.2 || (i === 0 && later === 0)) return 0;
        const p = u < 1 - later ? Math.floor(random() * i) : Math.floor(random() * n);
        return p === i ? 0 : p + 1;
      });
      const t = withParents(parents);
      const { rowOfLane, laneOfRow, depth } = layoutLanes(t);
      const want = reference(parents);
      expect(Array.from(rowOfLane)).toEqual(want.order);
      expect(Array.from(depth)).toEqual(want.depth);
      for (let lane = 0; lane < n; lane++) expect(laneOfRow[rowOfLane[lane]]).toBe(lane);
    }
  });

  it("lays out a chain of 100,000 nested tasks without recursion, depth capped at 65535", () => {
    const n = 100_000;
    const t = withParents(Array.from({ length: n }, (_, i) => i));
    const { rowOfLane, depth } = layoutLanes(t);
    expect(rowOfLane[0]).toBe(0);
    expect(rowOfLane[n - 1]).toBe(n - 1);
    expect(depth[1000]).toBe(1000);
    expect(depth[n - 1]).toBe(65535);
    // The same chain with every parent on a later row.
    const reversed = layoutLanes(withParents(Array.from({ length: n }, (_, i) => (i === n - 1 ? 0 : i + 2))));
    expect(reversed.rowOfLane[0]).toBe(n - 1);
    expect(reversed.rowOfLane[n - 1]).toBe(0);
    expect(reversed.depth[n - 1001]).toBe(1000);
    expect(reversed.depth[0]).toBe(65535);
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
    expect([tickLabel(0.4, 0.2), tickLabel(20, 20), tickLabel(12.5, 0.5), tickLabel(0.0025, 0.0005)]).toEqual(
      ["0.4 ms", "20 ms", "12.5 ms", "2.5 µs"],
    );
  });

  it.each([
    [0, 0.01, "µs"],
    [0, 50, "ms"],
    [0, 20_000, "s"],
    [0, 30 * 60_000, "min"],
    [0, 10 * 3_600_000, "h"],
    [0, 2_000_000_000_000, "h"],
  ])("scales the unit to the range %p..%p ms (%s)", (from, to, unit) => {
    const ticks = niceTicks(from, to, 8);
    const labels = ticks.values.map((v) => tickLabel(v, ticks.step));
    expect(labels.every((l) => l.endsWith(` ${unit}`))).toBe(true);
    expect(Math.max(...labels.map((l) => l.length))).toBeLessThanOrEqual(14);
  });

  it("uses clock steps above a second", () => {
    expect(niceTicks(0, 180_000, 4)).toEqual({ values: [0, 60_000, 120_000, 180_000], step: 60_000 });
    const q = niceTicks(0, 60_000, 4);
    expect(q.step).toBe(15_000);
    expect(q.values.map((v) => tickLabel(v, q.step))).toEqual(["0 s", "15 s", "30 s", "45 s", "60 s"]);
  });
});
