import { decodeTimeline } from "./decode";
import { layoutLanes } from "./layout";
import type { TimelinePayload } from "./schema";

/** One Chrome Trace Event Format event (the subset this exporter writes). */
export interface TraceEvent {
  name: string;
  ph: "X" | "M" | "s" | "f" | "i" | "C";
  pid: number;
  tid: number;
  /** Microseconds. */
  ts?: number;
  /** Microseconds (complete events only). */
  dur?: number;
  cat?: string;
  id?: number;
  bp?: "e";
  s?: "g" | "p" | "t";
  args?: Record<string, unknown>;
}

/** A trace file: `JSON.stringify` it and open it in ui.perfetto.dev or chrome://tracing. */
export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: "ms";
  metadata: Record<string, unknown>;
}

const PID = 1;
/** Track for events that belong to no task (cells, lag, anonymous slow steps). */
const LOOP_TID = 0;

/**
 * Exports a timeline in the Chrome Trace Event Format, which Perfetto opens.
 *
 * Each task gets its own track (Perfetto rejects partly overlapping slices on one track): a complete
 * event for its lifetime with its running segments nested inside, thread-name and sort-index metadata so
 * tracks appear in the renderer's lane order, a flow arrow from parent to child at the child's start, and
 * one from a waiting task to each task it awaited, where the wait began.
 * Loop lag becomes a counter, slow steps and cell starts instant events. Timestamps are microseconds.
 *
 * @example Save a trace from Node
 * ```ts
 * import { writeFileSync } from "node:fs";
 * import { TimelineBuilder, toTrace } from "tslab-asyncio/timeline";
 *
 * const b = new TimelineBuilder().addTask({ id: 1, name: "main", start: 0, end: 10 });
 * b.addTask({ id: 2, name: "child", parent: 1, start: 2, end: 8, segments: [[2, 3], [7, 8]] });
 * writeFileSync("run.trace.json", JSON.stringify(toTrace(b.build())));
 * ```
 */
export function toTrace(payload: TimelinePayload): TraceFile {
  const t = decodeTimeline(payload);
  const { laneOfRow } = layoutLanes(t);
  const us = (ms: number) => Math.round(ms * 1000 * 1000) / 1000;
  const ev: TraceEvent[] = [
    { name: "process_name", ph: "M", pid: PID, tid: LOOP_TID, args: { name: t.title } },
    { name: "thread_name", ph: "M", pid: PID, tid: LOOP_TID, args: { name: "event loop" } },
    { name: "thread_sort_index", ph: "M", pid: PID, tid: LOOP_TID, args: { sort_index: -1 } },
  ];
  const tid = (row: number) => row + 1;
  for (let r = 0; r < t.count; r++) {
    ev.push(
      { name: "thread_name", ph: "M", pid: PID, tid: tid(r), args: { name: t.name(r) } },
      { name: "thread_sort_index", ph: "M", pid: PID, tid: tid(r), args: { sort_index: laneOfRow[r] } },
    );
  }
  let flow = 0;
  for (let r = 0; r < t.count; r++) {
    const args: Record<string, unknown> = { id: t.id[r], kind: t.kindOf(r), state: t.stateOf(r) };
    const err = t.error(r);
    if (err !== undefined) args.error = err;
    const p = t.parent[r];
    if (p >= 0) args.parent = t.id[p];
    const ts = us(t.start[r]);
    ev.push({
      name: t.name(r),
      cat: t.kindOf(r),
      ph: "X",
      pid: PID,
      tid: tid(r),
      ts,
      dur: us(t.stop[r]) - ts,
      args,
    });
    for (let k = t.segIndex[r]; k < t.segIndex[r + 1]; k++) {
      const a = us(t.segFrom[k]);
      ev.push({
        name: "running",
        cat: "step",
        ph: "X",
        pid: PID,
        tid: tid(r),
        ts: a,
        dur: us(t.segTo[k]) - a,
      });
    }
    if (p >= 0) {
      // The flow starts inside the parent's slice (clamped to it) and binds to the child's enclosing slice.
      const from = Math.min(Math.max(ts, us(t.start[p])), us(t.stop[p]));
      flow++;
      ev.push(
        { name: "spawn", cat: "flow", ph: "s", id: flow, pid: PID, tid: tid(p), ts: from },
        { name: "spawn", cat: "flow", ph: "f", bp: "e", id: flow, pid: PID, tid: tid(r), ts },
      );
    }
  }
  // What each task awaited: a flow from the waiting task's track to the awaited task's, where the wait began.
  for (let i = 0; i < t.awaits.t.length; i++) {
    const a = t.awaits.from[i];
    const b = t.awaits.to[i];
    const ts = Math.min(Math.max(us(t.awaits.t[i]), us(t.start[a])), us(t.stop[a]));
    const te = Math.min(Math.max(ts, us(t.start[b])), us(t.stop[b]));
    flow++;
    ev.push(
      { name: "awaits", cat: "await", ph: "s", id: flow, pid: PID, tid: tid(a), ts },
      { name: "awaits", cat: "await", ph: "f", bp: "e", id: flow, pid: PID, tid: tid(b), ts: te },
    );
  }
  for (let i = 0; i < t.lag.t.length; i++) {
    ev.push({
      name: "loop lag",
      ph: "C",
      pid: PID,
      tid: LOOP_TID,
      ts: us(t.lag.t[i]),
      args: { ms: t.lag.ms[i] },
    });
  }
  for (let i = 0; i < t.slow.t.length; i++) {
    const row = t.slow.task[i];
    ev.push({
      name: "slow step",
      cat: "loop",
      ph: "i",
      s: "t",
      pid: PID,
      tid: row >= 0 ? tid(row) : LOOP_TID,
      ts: us(t.slow.t[i]),
      args: { ms: t.slow.ms[i], task: row >= 0 ? t.name(row) : null },
    });
  }
  for (let i = 0; i < t.cells.start.length; i++) {
    ev.push({
      name: t.cells.label[i],
      cat: "cell",
      ph: "i",
      s: "g",
      pid: PID,
      tid: LOOP_TID,
      ts: us(t.cells.start[i]),
      args: { end_ms: t.cells.end[i] },
    });
  }
  return {
    traceEvents: ev,
    displayTimeUnit: "ms",
    metadata: { source: "tslab-asyncio", title: t.title, origin_ms: t.origin, tasks: t.count },
  };
}
