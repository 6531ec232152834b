import { TimelineBuilder, decodeTimeline, type TaskState } from "../../../src/timeline";
import { seededRandom } from "../../support/seeded-random";

describe("decodeTimeline", () => {
  it("gives back every task's times, segments, parent, kind and state as built, rows by start", () => {
    const random = seededRandom(3);
    const states: TaskState[] = ["done", "failed", "cancelled", "pending"];
    for (let round = 0; round < 20; round++) {
      const b = new TimelineBuilder({ origin: 0, resolution: 0.001 });
      const n = 1 + Math.floor(random() * 400);
      const built = new Map<
        number,
        { start: number; end: number; state: TaskState; parent: number; segs: number[][] }
      >();
      for (let i = 0; i < n; i++) {
        // Whole microseconds, so that the 1 µs resolution stores them exactly.
        const start = Math.floor(random() * 1e6) / 1000;
        const end = start + Math.floor(random() * 1e5) / 1000;
        const segs: number[][] = [];
        let at = start;
        while (random() < 0.5) {
          const from = at + Math.floor(random() * 2000) / 1000;
          const to = from + Math.floor(random() * 2000) / 1000;
          if (to > end) break;
          segs.push([from, to]);
          at = to;
        }
        const state = states[Math.floor(random() * 4)];
        const parent = i > 0 && random() < 0.7 ? 1 + Math.floor(random() * i) : 0;
        const id = i + 1;
        b.addTask({
          id,
          start,
          end,
          state,
          parent: parent || undefined,
          segments: segs as [number, number][],
        });
        built.set(id, { start, end, state, parent, segs });
      }
      const t = decodeTimeline(b.build());
      expect(t.count).toBe(n);
      const rowOfId = new Map<number, number>();
      for (let r = 0; r < n; r++) rowOfId.set(t.id[r], r);
      for (let r = 0; r < n; r++) {
        const want = built.get(t.id[r]);
        if (!want) throw new Error(`row ${r} has id ${t.id[r]}, which was never added`);
        if (r > 0) expect(t.start[r]).toBeGreaterThanOrEqual(t.start[r - 1]);
        expect(t.start[r]).toBeCloseTo(want.start, 6);
        expect(t.stop[r]).toBeCloseTo(want.end, 6);
        expect(t.stateOf(r)).toBe(want.state);
        expect(t.kindOf(r)).toBe("task");
        expect(t.parent[r]).toBe(want.parent ? rowOfId.get(want.parent) : -1);
        const segs = [];
        for (let s = t.segIndex[r]; s < t.segIndex[r + 1]; s++) segs.push([t.segFrom[s], t.segTo[s]]);
        expect(segs.length).toBe(want.segs.length);
        segs.forEach(([from, to], k) => {
          expect(from).toBeCloseTo(want.segs[k][0], 6);
          expect(to).toBeCloseTo(want.segs[k][1], 6);
        });
        expect(t.end).toBeGreaterThanOrEqual(t.stop[r]);
      }
    }
  });
});
