import { DEFAULT_NAME_PREFIX, TASK_KINDS, type TaskKind, type TaskState, TASK_STATES } from "./schema";
import type { TimelinePayload } from "./schema";
import { safeText } from "./text";

/**
 * A payload expanded for drawing and analysis: absolute times in milliseconds from the origin, in typed
 * arrays indexed by row (rows are sorted by start).
 */
export interface Timeline {
  title: string;
  /** `performance.now()` time of 0 ms. */
  origin: number;
  /** End of the recorded window, ms. */
  end: number;
  /** Number of tasks. */
  count: number;
  id: Float64Array;
  /** Row of the parent task, or -1. */
  parent: Int32Array;
  /** Index into {@link TASK_KINDS}. */
  kind: Uint8Array;
  /** Index into {@link TASK_STATES}. */
  state: Uint8Array;
  start: Float64Array;
  stop: Float64Array;
  /** Segments of row i are `segFrom/segTo[segIndex[i] .. segIndex[i + 1])`. */
  segIndex: Int32Array;
  segFrom: Float64Array;
  segTo: Float64Array;
  lag: { t: Float64Array; ms: Float64Array };
  slow: { t: Float64Array; ms: Float64Array; task: Int32Array };
  cells: { start: Float64Array; end: Float64Array; label: string[] };
  /** What tasks awaited: row `from` began waiting for row `to` at time `t` (empty without the column). */
  awaits: { from: Int32Array; to: Int32Array; t: Float64Array };
  /**
   * Display name of a row (the kind's default name when the payload has none). Control and bidi characters
   * of every name, title, label and error come out as visible escapes (see `safeText`).
   */
  name(row: number): string;
  kindOf(row: number): TaskKind;
  stateOf(row: number): TaskState;
  /** Error summary of a failed row, if recorded. */
  error(row: number): string | undefined;
}

/**
 * Expands a validated payload into absolute times. The payload must have passed `validateTimeline`.
 *
 * @example
 * ```ts
 * import { TimelineBuilder, decodeTimeline } from "tslab-asyncio/timeline";
 *
 * const payload = new TimelineBuilder().addTask({ id: 1, name: "a", start: 10, end: 12.5 }).build();
 * const t = decodeTimeline(payload);
 * console.log(t.name(0), t.stop[0] - t.start[0]); // "a" 2.5
 * ```
 */
export function decodeTimeline(p: TimelinePayload): Timeline {
  const tick = p.tick;
  // Columns in locals: the loops below run once per task and once per segment.
  const { id: idCol, parent: parentCol, flags, start: startCol, segs, tail } = p.tasks;
  const n = idCol.length;
  const id = new Float64Array(n);
  const parent = new Int32Array(n);
  const kind = new Uint8Array(n);
  const state = new Uint8Array(n);
  const start = new Float64Array(n);
  const stop = new Float64Array(n);
  const segIndex = new Int32Array(n + 1);
  const { gap, dur } = p.segments;
  const nSeg = gap.length;
  const segFrom = new Float64Array(nSeg);
  const segTo = new Float64Array(nSeg);
  let idAcc = 0;
  let startAcc = 0;
  let s = 0;
  let last = p.end * tick;
  for (let i = 0; i < n; i++) {
    idAcc += idCol[i];
    id[i] = idAcc;
    parent[i] = parentCol[i] - 1;
    const f = flags[i];
    kind[i] = f >> 2;
    state[i] = f & 3;
    startAcc += startCol[i];
    let at = startAcc;
    segIndex[i] = s;
    const upto = s + segs[i];
    for (; s < upto; s++) {
      const from = at + gap[s];
      at = from + dur[s];
      segFrom[s] = from * tick;
      segTo[s] = at * tick;
    }
    start[i] = startAcc * tick;
    const end = (at + tail[i]) * tick;
    stop[i] = end;
    if (end > last) last = end;
  }
  segIndex[n] = s;
  const errors = new Map<number, string>();
  for (let i = 0; i < p.errors.task.length; i++)
    errors.set(p.errors.task[i], safeText(p.strings[p.errors.text[i]]));
  const cumulative = (col: number[]) => {
    const out = new Float64Array(col.length);
    let acc = 0;
    for (let i = 0; i < col.length; i++) out[i] = (acc += col[i]) * tick;
    return out;
  };
  const running = (col: number[]) => {
    const out = new Int32Array(col.length);
    let acc = 0;
    for (let i = 0; i < col.length; i++) out[i] = acc += col[i];
    return out;
  };
  const scaled = (col: number[]) => Float64Array.from(col, (v) => v * tick);
  const names = p.tasks.name;
  // Names are shown many times per paint: neutralise each string once.
  const safe: (string | undefined)[] = [];
  const safeName = (i: number) => (safe[i] ??= safeText(p.strings[i]));
  return {
    title: safeText(p.title),
    origin: p.origin,
    end: last,
    count: n,
    id,
    parent,
    kind,
    state,
    start,
    stop,
    segIndex,
    segFrom,
    segTo,
    lag: { t: cumulative(p.lag.t), ms: scaled(p.lag.lag) },
    slow: {
      t: cumulative(p.slow.t),
      ms: scaled(p.slow.dur),
      task: Int32Array.from(p.slow.task, (v) => v - 1),
    },
    cells: {
      start: scaled(p.cells.start),
      end: scaled(p.cells.end),
      label: p.cells.label.map((i) => safeText(p.strings[i])),
    },
    awaits: {
      from: running(p.awaits?.task ?? []),
      to: running(p.awaits?.target ?? []),
      t: cumulative(p.awaits?.t ?? []),
    },
    name: (row) =>
      names[row] > 0 ? safeName(names[row] - 1) : `${DEFAULT_NAME_PREFIX[TASK_KINDS[kind[row]]]}-${id[row]}`,
    kindOf: (row) => TASK_KINDS[kind[row]],
    stateOf: (row) => TASK_STATES[state[row]],
    error: (row) => errors.get(row),
  };
}
