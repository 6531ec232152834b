import {
  DEFAULT_NAME_PREFIX,
  TASK_KINDS,
  TASK_STATES,
  type TaskKind,
  type TaskState,
  type TimelinePayload,
} from "./schema";

/** A running segment: `[start, end]` or `{ start, end }` in absolute ms; no end means still running. */
export type SegmentInput = readonly [start: number, end?: number] | { start: number; end?: number | null };

/** One task as the recorder sees it. Times are absolute milliseconds (`performance.now()`). */
export interface TaskInput {
  /** Unique id; adding a task with an id already present replaces it (live updates). */
  id: number;
  /** Display name; omitted or equal to the default (`Task-<id>`) costs no space in the payload. */
  name?: string;
  /** Id of the task that created this one. Unknown ids are treated as no parent. */
  parent?: number | null;
  /** Default `"task"`. */
  kind?: TaskKind;
  start: number;
  /** Omitted or null while the task runs: the bar then reaches the end of the timeline. */
  end?: number | null;
  /** Default: `"pending"` without an end, `"failed"` with an error, else `"done"`. */
  state?: TaskState;
  /** Error summary for failed tasks: a string or an Error-like `{ name, message }`. */
  error?: unknown;
  /** Slices of time when the task's code was running (between them it was suspended at an `await`). */
  segments?: readonly SegmentInput[];
}

/** A notebook cell's span. */
export interface CellInput {
  label: string;
  start: number;
  /** Omitted while the cell runs. */
  end?: number | null;
}

/** Options of {@link TimelineBuilder}. */
export interface TimelineBuilderOptions {
  /** Title shown above the timeline. Default `"Timeline"`. */
  title?: string;
  /** Absolute ms of time 0. Default: the earliest time added. */
  origin?: number;
  /** Milliseconds per stored time unit. Default 0.001 (1 µs). */
  resolution?: number;
}

/** Options of {@link TimelineBuilder.build}. */
export interface BuildOptions {
  /** Absolute ms where the timeline ends (unfinished tasks reach it). Default: the latest time added. */
  end?: number;
}

const MAX_ERROR_CHARS = 300;

/**
 * Collects tasks, lag samples, slow steps and cells, and builds a compact timeline v1 payload.
 *
 * The builder keeps its records, so `build()` can be called again after more `addTask` calls (a live view
 * rebuilds on every update); re-adding an id replaces that task.
 *
 * @example Two tasks under a parent
 * ```ts
 * import { TimelineBuilder, timelineBundle } from "tslab-asyncio/timeline";
 *
 * const b = new TimelineBuilder({ title: "fetch all" });
 * b.addTask({ id: 1, name: "main", start: 0, end: 30, segments: [[0, 1], [29, 30]] });
 * b.addTask({ id: 2, name: "fetch a", parent: 1, start: 1, end: 20, segments: [[1, 2], [19, 20]] });
 * b.addTask({ id: 3, name: "fetch b", parent: 1, start: 1, end: 29, state: "failed", error: new Error("404") });
 * b.addLag(15, 4.2);
 * const bundle = timelineBundle(b.build());
 * console.log(Object.keys(bundle)); // the timeline MIME type, "text/html", "text/plain"
 * ```
 */
export class TimelineBuilder {
  private readonly _tasks: TaskInput[] = [];
  private readonly _byId = new Map<number, number>();
  private readonly _lag: [number, number][] = [];
  private readonly _slow: [number, number, number | undefined][] = [];
  private readonly _cells: CellInput[] = [];
  private readonly _awaits: [number, number, number][] = [];
  private readonly _title: string;
  private readonly _origin: number | undefined;
  private readonly _resolution: number;

  constructor(options: TimelineBuilderOptions = {}) {
    this._title = options.title ?? "Timeline";
    this._origin = options.origin;
    const r = options.resolution ?? 0.001;
    if (!(r > 0) || !Number.isFinite(r)) {
      throw new RangeError(`resolution must be a positive number of milliseconds, received ${r}`);
    }
    this._resolution = r;
  }

  /** Number of tasks added (replacements not counted twice). */
  get size(): number {
    return this._tasks.length;
  }

  /**
   * Adds or replaces a task.
   *
   * @throws {TypeError} When `id` or `start` is not a finite number.
   */
  addTask(task: TaskInput): this {
    if (!Number.isFinite(task.id))
      throw new TypeError(`task id must be a finite number, received ${task.id}`);
    if (!Number.isFinite(task.start)) {
      throw new TypeError(`task ${task.id}: start must be a finite number of ms, received ${task.start}`);
    }
    const at = this._byId.get(task.id);
    if (at === undefined) {
      this._byId.set(task.id, this._tasks.length);
      this._tasks.push(task);
    } else {
      this._tasks[at] = task;
    }
    return this;
  }

  /** Records that the event loop ran `lagMs` late at absolute time `t`. */
  addLag(t: number, lagMs: number): this {
    this._lag.push([t, Math.max(0, lagMs)]);
    return this;
  }

  /** Records a step starting at `t` that blocked the loop for `ms`, run by task `taskId` if known. */
  addSlowStep(t: number, ms: number, taskId?: number): this {
    this._slow.push([t, Math.max(0, ms), taskId]);
    return this;
  }

  /**
   * Records that task `taskId` began awaiting task `targetId` at absolute time `t` (an await arrow). Edges
   * naming unknown tasks, or a task awaiting itself, are left out of the payload.
   */
  addAwait(taskId: number, targetId: number, t: number): this {
    this._awaits.push([taskId, targetId, t]);
    return this;
  }

  /** Records a notebook cell's span. */
  addCell(cell: CellInput): this {
    this._cells.push(cell);
    return this;
  }

  /** Builds the payload from everything added so far. */
  build(options: BuildOptions = {}): TimelinePayload {
    const res = this._resolution;
    const tasks = this._tasks;
    let lo = Infinity;
    let hi = -Infinity;
    const see = (t: number | null | undefined) => {
      if (t == null || !Number.isFinite(t)) return;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    };
    for (const t of tasks) {
      see(t.start);
      see(t.end);
      for (const s of t.segments ?? []) {
        const [a, b] = segment(s);
        see(a);
        see(b);
      }
    }
    for (const [t, ms] of [...this._lag, ...this._slow]) {
      see(t);
      see(t + ms);
    }
    for (const c of this._cells) {
      see(c.start);
      see(c.end);
    }
    const origin = this._origin ?? (lo === Infinity ? 0 : lo);
    const endAbs = options.end ?? (hi === -Infinity ? origin : hi);
    const endTick = Math.max(0, Math.round((endAbs - origin) / res));
    const tick = (t: number) => Math.min(endTick, Math.max(0, Math.round((t - origin) / res)));

    const strings: string[] = [];
    const stringIndex = new Map<string, number>();
    const intern = (s: string) => {
      let i = stringIndex.get(s);
      if (i === undefined) {
        i = strings.length;
        strings.push(s);
        stringIndex.set(s, i);
      }
      return i;
    };

    const n = tasks.length;
    const startTicks = new Float64Array(n);
    for (let i = 0; i < n; i++) startTicks[i] = tick(tasks[i].start);
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => startTicks[a] - startTicks[b] || a - b,
    );
    const rowOfId = new Map<number, number>();
    order.forEach((k, row) => rowOfId.set(tasks[k].id, row));

    const out: TimelinePayload = {
      version: 1,
      title: this._title,
      tick: res,
      origin,
      end: endTick,
      strings,
      tasks: { id: [], name: [], parent: [], flags: [], start: [], segs: [], tail: [] },
      segments: { gap: [], dur: [] },
      errors: { task: [], text: [] },
      lag: { t: [], lag: [] },
      slow: { t: [], dur: [], task: [] },
      cells: { start: [], end: [], label: [] },
    };
    const c = out.tasks;
    let prevId = 0;
    let prevStart = 0;
    for (let row = 0; row < n; row++) {
      const t = tasks[order[row]];
      const kind = t.kind ?? "task";
      const kindIndex = TASK_KINDS.indexOf(kind);
      if (kindIndex < 0) throw new TypeError(`task ${t.id}: kind must be one of ${TASK_KINDS.join(", ")}`);
      const state = t.state ?? (t.end == null ? "pending" : t.error != null ? "failed" : "done");
      const stateIndex = TASK_STATES.indexOf(state);
      if (stateIndex < 0) throw new TypeError(`task ${t.id}: state must be one of ${TASK_STATES.join(", ")}`);
      const start = startTicks[order[row]];
      c.id.push(t.id - prevId);
      prevId = t.id;
      c.name.push(
        t.name == null || t.name === "" || t.name === `${DEFAULT_NAME_PREFIX[kind]}-${t.id}`
          ? 0
          : 1 + intern(t.name),
      );
      const p = t.parent == null ? undefined : rowOfId.get(t.parent);
      c.parent.push(p === undefined || p === row ? 0 : p + 1);
      c.flags.push(stateIndex + 4 * kindIndex);
      c.start.push(start - prevStart);
      prevStart = start;
      // Segments are clipped to the task and to each other so that every consumer (and Perfetto) sees
      // properly nested, non-overlapping slices.
      const segs = (t.segments ?? []).map(segment);
      // Recorders append segments in order; sort only when they did not.
      for (let k = 1; k < segs.length; k++) {
        if (segs[k][0] < segs[k - 1][0]) {
          segs.sort((a, b) => a[0] - b[0]);
          break;
        }
      }
      let at = start;
      let count = 0;
      for (const [a, b] of segs) {
        const from = Math.max(at, tick(a));
        const to = Math.max(from, b == null ? endTick : tick(b));
        out.segments.gap.push(from - at);
        out.segments.dur.push(to - from);
        at = to;
        count++;
      }
      c.segs.push(count);
      const end = t.end == null ? endTick : tick(t.end);
      c.tail.push(Math.max(0, end - at));
      if (t.error != null) {
        out.errors.task.push(row);
        out.errors.text.push(intern(errorSummary(t.error)));
      }
    }

    let prev = 0;
    for (const [t, ms] of [...this._lag].sort((a, b) => a[0] - b[0])) {
      const at = tick(t);
      out.lag.t.push(at - prev);
      out.lag.lag.push(Math.round(ms / res));
      prev = at;
    }
    prev = 0;
    for (const [t, ms, id] of [...this._slow].sort((a, b) => a[0] - b[0])) {
      const at = tick(t);
      out.slow.t.push(at - prev);
      out.slow.dur.push(Math.round(ms / res));
      const row = id === undefined ? undefined : rowOfId.get(id);
      out.slow.task.push(row === undefined ? 0 : row + 1);
      prev = at;
    }
    if (this._awaits.length > 0) {
      const awaits = { task: [] as number[], target: [] as number[], t: [] as number[] };
      prev = 0;
      let prevTask = 0;
      let prevTarget = 0;
      for (const [from, to, t] of [...this._awaits].sort((a, b) => a[2] - b[2])) {
        const a = rowOfId.get(from);
        const b = rowOfId.get(to);
        if (a === undefined || b === undefined || a === b) continue;
        const at = tick(t);
        awaits.task.push(a - prevTask);
        awaits.target.push(b - prevTarget);
        awaits.t.push(at - prev);
        prev = at;
        prevTask = a;
        prevTarget = b;
      }
      if (awaits.task.length > 0) out.awaits = awaits;
    }
    for (const cell of this._cells) {
      const s = tick(cell.start);
      out.cells.start.push(s);
      out.cells.end.push(Math.max(s, cell.end == null ? endTick : tick(cell.end)));
      out.cells.label.push(intern(String(cell.label)));
    }
    return out;
  }
}

function segment(s: SegmentInput): [number, number | undefined] {
  if (Array.isArray(s)) return [s[0] as number, (s[1] ?? undefined) as number | undefined];
  const o = s as { start: number; end?: number | null };
  return [o.start, o.end ?? undefined];
}

/** One line saying what went wrong: `"TypeError: boom"` for errors, the text for strings. */
export function errorSummary(error: unknown): string {
  let text: string;
  if (typeof error === "string") text = error;
  else if (typeof error === "object" && error !== null && "message" in error) {
    const e = error as { name?: unknown; message?: unknown };
    const name = typeof e.name === "string" && e.name ? e.name : "Error";
    text = `${name}: ${String(e.message)}`;
  } else text = String(error);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}
