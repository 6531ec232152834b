import { TimelineBuilder, toTrace, type TraceEvent } from "../../../src/timeline";
import { smallTimeline } from "./helpers";

const PHASES = new Set(["X", "M", "s", "f", "i", "C"]);

/** Checks the rules of the Trace Event Format that Perfetto enforces; returns the problems found. */
function traceProblems(events: TraceEvent[]): string[] {
  const problems: string[] = [];
  const slices = new Map<number, TraceEvent[]>();
  const named = new Set<number>();
  for (const [i, e] of events.entries()) {
    if (typeof e.name !== "string" || !PHASES.has(e.ph)) problems.push(`event ${i}: bad name or phase`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid))
      problems.push(`event ${i}: pid/tid not integers`);
    if (e.ph !== "M" && !(typeof e.ts === "number" && e.ts >= 0)) problems.push(`event ${i}: bad ts`);
    if (e.ph === "M" && e.name === "thread_name") named.add(e.tid);
    if (e.ph === "X") {
      if (!(typeof e.dur === "number" && e.dur >= 0)) problems.push(`event ${i}: bad dur`);
      slices.set(e.tid, [...(slices.get(e.tid) ?? []), e]);
    }
  }
  for (const [tid, list] of slices) {
    if (!named.has(tid)) problems.push(`tid ${tid}: no thread_name`);
    // Slices on one track must nest: sort by start (longest first) and keep a stack of open ends.
    const sorted = [...list].sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!);
    const open: number[] = [];
    for (const s of sorted) {
      while (open.length && open[open.length - 1] <= s.ts!) open.pop();
      if (open.length && s.ts! + s.dur! > open[open.length - 1] + 1e-6)
        problems.push(`tid ${tid}: overlap at ${s.ts}`);
      open.push(s.ts! + s.dur!);
    }
  }
  const flows = new Map<number, TraceEvent[]>();
  for (const e of events)
    if (e.ph === "s" || e.ph === "f") flows.set(e.id!, [...(flows.get(e.id!) ?? []), e]);
  for (const [id, pair] of flows) {
    const [s, f] = pair;
    if (pair.length !== 2 || s.ph !== "s" || f.ph !== "f") problems.push(`flow ${id}: not an s/f pair`);
    else if (s.cat !== f.cat || s.name !== f.name) problems.push(`flow ${id}: cat/name differ`);
    for (const e of pair) {
      const inside = (slices.get(e.tid) ?? []).some((x) => x.ts! <= e.ts! && e.ts! <= x.ts! + x.dur!);
      if (!inside) problems.push(`flow ${id}: ${e.ph} at ${e.ts} is outside every slice of tid ${e.tid}`);
    }
  }
  return problems;
}

describe("toTrace", () => {
  it("writes a trace that follows the Trace Event Format and survives JSON", () => {
    const trace = JSON.parse(JSON.stringify(toTrace(smallTimeline())));
    expect(trace.displayTimeUnit).toBe("ms");
    expect(traceProblems(trace.traceEvents)).toEqual([]);
  });

  it("gives every task its own named track with one top-level slice in microseconds", () => {
    const events = toTrace(smallTimeline()).traceEvents;
    const tasks = events.filter((e) => e.ph === "X" && e.cat !== "step");
    expect(new Set(tasks.map((e) => e.tid)).size).toBe(4);
    const fetchB = tasks.find((e) => e.name === "fetch b")!;
    expect(fetchB).toMatchObject({
      ts: 2250,
      dur: 23750,
      cat: "task",
      args: { state: "failed", error: "TypeError: bad url", parent: 1 },
    });
    const thread = events.find((e) => e.ph === "M" && e.name === "thread_name" && e.tid === fetchB.tid);
    expect(thread?.args).toEqual({ name: "fetch b" });
  });

  it("nests running segments inside their task", () => {
    const events = toTrace(smallTimeline()).traceEvents;
    const a = events.find((e) => e.name === "fetch a" && e.ph === "X")!;
    const steps = events.filter((e) => e.ph === "X" && e.cat === "step" && e.tid === a.tid);
    expect(steps.map((e) => [e.ts, e.dur])).toEqual([
      [2500, 500],
      [20000, 1000],
    ]);
  });

  it("draws a flow arrow from each parent to each child", () => {
    const events = toTrace(smallTimeline()).traceEvents;
    const main = events.find((e) => e.name === "main" && e.ph === "X")!;
    const starts = events.filter((e) => e.ph === "s");
    expect(starts).toHaveLength(3);
    expect(starts.every((e) => e.tid === main.tid)).toBe(true);
    expect(events.filter((e) => e.ph === "f").every((e) => e.bp === "e")).toBe(true);
  });

  it("exports lag as a counter, slow steps and cells as instants", () => {
    const events = toTrace(smallTimeline()).traceEvents;
    expect(events.filter((e) => e.ph === "C")).toEqual([
      expect.objectContaining({ name: "loop lag", ts: 6000, args: { ms: 2.5 } }),
    ]);
    expect(events.filter((e) => e.ph === "i").map((e) => e.name)).toEqual(["slow step", "[1]"]);
  });

  it("keeps a large fan-out valid", () => {
    const b = new TimelineBuilder();
    b.addTask({ id: 1, start: 0, end: 100 });
    for (let i = 0; i < 2000; i++) {
      b.addTask({
        id: i + 2,
        parent: 1,
        start: i * 0.05,
        end: i * 0.05 + 3,
        segments: [
          [i * 0.05, i * 0.05 + 0.01],
          [i * 0.05 + 2.99, i * 0.05 + 3],
        ],
      });
    }
    expect(traceProblems(toTrace(b.build()).traceEvents)).toEqual([]);
  });
});
