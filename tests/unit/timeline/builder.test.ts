import { TimelineBuilder, decodeTimeline, validateTimeline } from "../../../src/timeline";
import { smallTimeline } from "./helpers";

describe("TimelineBuilder", () => {
  it("builds a payload the validator accepts", () => {
    expect(validateTimeline(smallTimeline())).toMatchObject({ valid: true, errors: [] });
  });

  it("round-trips times at microsecond resolution from the earliest time", () => {
    const t = decodeTimeline(smallTimeline());
    expect(t.count).toBe(4);
    expect(t.origin).toBe(99);
    expect(Array.from(t.start)).toEqual([1, 2, 2.25, 3]);
    expect(t.stop[0]).toBeCloseTo(31, 9);
    expect(t.stop[2]).toBeCloseTo(26, 9);
    expect(t.end).toBeCloseTo(32, 9);
    expect(Array.from(t.segFrom.subarray(t.segIndex[1], t.segIndex[2]))).toEqual([2.5, 20]);
  });

  it("orders rows by start and maps parents by id", () => {
    const b = new TimelineBuilder();
    b.addTask({ id: 7, name: "late child", parent: 9, start: 5, end: 6 });
    b.addTask({ id: 9, name: "parent", start: 0, end: 10 });
    const t = decodeTimeline(b.build());
    expect([t.name(0), t.name(1)]).toEqual(["parent", "late child"]);
    expect(Array.from(t.parent)).toEqual([-1, 0]);
  });

  it("stores default names as 0 and shares repeated names in the string table", () => {
    const b = new TimelineBuilder();
    b.addTask({ id: 4, name: "Task-4", start: 0, end: 1 });
    b.addTask({ id: 5, start: 0, end: 1, kind: "executor" });
    b.addTask({ id: 6, name: "fetch", start: 0, end: 1 });
    b.addTask({ id: 8, name: "fetch", start: 0, end: 1 });
    const p = b.build();
    expect(p.tasks.name).toEqual([0, 0, 1, 1]);
    expect(p.strings).toEqual(["fetch"]);
    const t = decodeTimeline(p);
    expect([t.name(0), t.name(1), t.kindOf(1)]).toEqual(["Task-4", "Executor-5", "executor"]);
  });

  it("replaces a task added again with the same id", () => {
    const b = new TimelineBuilder();
    b.addTask({ id: 1, start: 0 });
    expect(decodeTimeline(b.build({ end: 5 })).stateOf(0)).toBe("pending");
    b.addTask({ id: 1, start: 0, end: 3 });
    const t = decodeTimeline(b.build());
    expect(b.size).toBe(1);
    expect([t.count, t.stateOf(0), t.stop[0]]).toEqual([1, "done", 3]);
  });

  it("extends unfinished tasks and open segments to the end of the timeline", () => {
    const b = new TimelineBuilder({ origin: 0 });
    b.addTask({ id: 1, start: 1, segments: [{ start: 2 }] });
    const t = decodeTimeline(b.build({ end: 8 }));
    expect([t.stateOf(0), t.stop[0], t.segTo[0]]).toEqual(["pending", 8, 8]);
  });

  it("clips overlapping segments so they nest inside the task without overlapping", () => {
    const b = new TimelineBuilder({ origin: 0 });
    b.addTask({
      id: 1,
      start: 1,
      end: 5,
      segments: [
        [2, 4],
        [0, 3],
        [3, 9],
      ],
    });
    const t = decodeTimeline(b.build());
    const segs = Array.from(t.segFrom).map((f, k) => [f, t.segTo[k]]);
    expect(segs).toEqual([
      [1, 3],
      [3, 4],
      [4, 9],
    ]);
    expect(t.stop[0]).toBe(9);
  });

  it("summarises errors as one line and infers the failed state", () => {
    const t = decodeTimeline(smallTimeline());
    const row = Array.from({ length: t.count }, (_, i) => i).find((i) => t.name(i) === "fetch b") as number;
    expect([t.stateOf(row), t.error(row)]).toEqual(["failed", "TypeError: bad url"]);
  });

  it("encodes lag, slow steps and cells relative to the origin", () => {
    const t = decodeTimeline(smallTimeline());
    expect([t.lag.t[0], t.lag.ms[0]]).toEqual([6, 2.5]);
    expect([t.slow.t[0], t.slow.ms[0], t.name(t.slow.task[0])]).toEqual([20, 1, "fetch a"]);
    expect([t.cells.start[0], t.cells.end[0], t.cells.label[0]]).toEqual([0, 32, "[1]"]);
  });

  it("rejects non-finite ids, starts and resolutions with a clear message", () => {
    expect(() => new TimelineBuilder().addTask({ id: NaN, start: 0 })).toThrow(
      "task id must be a finite number",
    );
    expect(() => new TimelineBuilder().addTask({ id: 1, start: Infinity })).toThrow(
      "start must be a finite number",
    );
    expect(() => new TimelineBuilder({ resolution: 0 })).toThrow("resolution must be a positive number");
  });

  it("builds an empty timeline", () => {
    const p = new TimelineBuilder().build();
    expect(validateTimeline(p).valid).toBe(true);
    expect(decodeTimeline(p).count).toBe(0);
  });

  it("stays under 32 bytes per task for a fan-out of 10,000 tasks", () => {
    const b = new TimelineBuilder();
    b.addTask({ id: 1, name: "main", start: 0, end: 6000 });
    for (let i = 0; i < 10_000; i++) {
      const s = i * 0.5;
      b.addTask({
        id: i + 2,
        parent: 1,
        start: s,
        end: s + 7.3,
        segments: [
          [s + 0.01, s + 0.03],
          [s + 7.28, s + 7.3],
        ],
      });
    }
    expect(JSON.stringify(b.build()).length / 10_001).toBeLessThan(32);
  });
});
