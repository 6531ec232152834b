/**
 * Await arrows: what each task awaited, recorded while a timeline records, carried by the optional `awaits`
 * columns of timeline v1, checked by the validator and exported to Perfetto as flow events.
 */
import * as asyncio from "../../../src/asyncio";
import { lastTimeline, timeline } from "../../../src/kernel/timeline";
import {
  TimelineBuilder,
  decodeTimeline,
  toTrace,
  validateTimeline,
  type TimelinePayload,
} from "../../../src/timeline";

function edges(payload: TimelinePayload): string[] {
  const t = decodeTimeline(payload);
  return Array.from(t.awaits.from, (a, i) => `${t.name(a)} → ${t.name(t.awaits.to[i])}`);
}

function withAwaits(): TimelinePayload {
  const b = new TimelineBuilder({ origin: 0 });
  b.addTask({ id: 1, name: "main", start: 0, end: 30 });
  b.addTask({ id: 2, name: "a", parent: 1, start: 1, end: 20 });
  b.addTask({ id: 3, name: "b", parent: 1, start: 2, end: 25 });
  b.addAwait(1, 2, 3).addAwait(1, 3, 3).addAwait(2, 99, 4).addAwait(3, 3, 5);
  return b.build();
}

describe("await columns", () => {
  it("keep the edges between known tasks, delta-encoded, and decode back", () => {
    const p = withAwaits();
    expect(p.awaits).toEqual({ task: [0, 0], target: [1, 1], t: [3000, 0] });
    expect(edges(p)).toEqual(["main → a", "main → b"]);
    expect(Array.from(decodeTimeline(p).awaits.t)).toEqual([3, 3]);
    expect(validateTimeline(p).valid).toBe(true);
  });

  it("are optional: a payload without them is valid and has no arrows", () => {
    const p = new TimelineBuilder().addTask({ id: 1, start: 0, end: 1 }).build();
    expect("awaits" in p).toBe(false);
    expect(validateTimeline(p).valid).toBe(true);
    expect(decodeTimeline(p).awaits.t.length).toBe(0);
  });

  it.each([
    [{ task: [0], target: [5], t: [0] }, "awaits.target[0] is 5, expected -3..3"],
    [{ task: [1, 0], target: [2, 1], t: [0, 0] }, "awaits.target[1] adds up to row 3, expected 0..2"],
    [{ task: [0], target: [0], t: [0] }, "awaits.target[0] is the waiting task itself"],
    [{ task: [0, -1], target: [1, 0], t: [0, 0] }, "awaits.task[1] adds up to row -1, expected 0..2"],
    [{ task: [0], target: [1], t: [-3] }, "awaits.t[0] is -3, expected at least 0"],
    [{ task: [0], target: [1] }, "awaits.t is missing, expected an array"],
  ])("are rejected with an exact message when wrong: %j", (awaits, message) => {
    const p = { ...withAwaits(), awaits };
    const result = validateTimeline(p);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain(message);
  });

  it("become flow events from the waiting task's track to the awaited task's in the Perfetto export", () => {
    const trace = toTrace(withAwaits());
    const flows = trace.traceEvents.filter((e) => e.cat === "await");
    expect(flows.map((e) => [e.ph, e.tid, e.ts])).toEqual([
      ["s", 1, 3000],
      ["f", 2, 3000],
      ["s", 1, 3000],
      ["f", 3, 3000],
    ]);
    const starts = new Set(flows.filter((e) => e.ph === "s").map((e) => e.id));
    expect(flows.filter((e) => e.ph === "f").every((e) => starts.has(e.id) && e.bp === "e")).toBe(true);
  });
});

describe("recorded awaits", () => {
  it("draw an edge from a task to each task of a gather it awaits, and to a task it awaits", async () => {
    await timeline(
      async () => {
        const a = asyncio.createTask(() => asyncio.sleep(20), { name: "a" });
        const b = asyncio.createTask(() => asyncio.sleep(30), { name: "b" });
        await asyncio.createTask(
          async () => {
            await asyncio.gather(a, b);
          },
          { name: "joiner" },
        );
      },
      { title: "waits", display: false, lagSampleMs: 0 },
    );
    const found = edges(lastTimeline()!.payload);
    expect(found).toEqual(expect.arrayContaining(["joiner → a", "joiner → b", "waits → joiner"]));
    expect(validateTimeline(lastTimeline()!.payload).valid).toBe(true);
  });

  it("do not point from a TaskGroup's caller to the group's own body", async () => {
    await timeline(
      () =>
        asyncio.TaskGroup.run((tg) => {
          tg.createTask(() => asyncio.sleep(10), { name: "child" });
        }),
      { title: "group", display: false, lagSampleMs: 0 },
    );
    expect(edges(lastTimeline()!.payload).filter((e) => e.startsWith("group → group"))).toEqual([]);
  });
});
