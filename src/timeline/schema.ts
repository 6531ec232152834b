/**
 * The timeline v1 payload: a columnar, versioned JSON document describing tasks over time.
 *
 * Every time column holds integers in "ticks" (`tick` milliseconds each, 0.001 = 1 µs by default) measured
 * from the timeline's origin, so sub-millisecond times stay exact and short in JSON. Columns that grow with
 * the number of tasks are delta-encoded or refer to a shared string table, which keeps a realistic payload
 * under ~32 bytes per task.
 */

/** MIME type of a timeline payload. */
export const TIMELINE_MIME = "application/vnd.tslab-asyncio.timeline.v1+json";

/** What a timeline row stands for: an asyncio task, an executor job, a timer callback or a notebook cell. */
export type TaskKind = "task" | "executor" | "timer" | "cell";
/** How a task ended; `pending` means it was still running when the timeline was built. */
export type TaskState = "done" | "failed" | "cancelled" | "pending";

/** Kinds in column order: `tasks.kind[i]` indexes this list. */
export const TASK_KINDS: readonly TaskKind[] = ["task", "executor", "timer", "cell"];
/** States in column order: `tasks.state[i]` indexes this list. */
export const TASK_STATES: readonly TaskState[] = ["done", "failed", "cancelled", "pending"];

/** Prefix of the default name of each kind; a task whose name column is 0 is called `${prefix}-${id}`. */
export const DEFAULT_NAME_PREFIX: Readonly<Record<TaskKind, string>> = {
  task: "Task",
  executor: "Executor",
  timer: "Timer",
  cell: "Cell",
};

/** Task columns, one entry per task. Rows are sorted by start time. */
export interface TimelineTaskColumns {
  /** Task ids, delta-encoded: the id of row i is the sum of `id[0..i]`. */
  id: number[];
  /** 0 for the kind's default name (`Task-<id>`), otherwise 1 + an index into `strings`. */
  name: number[];
  /** 0 for no parent, otherwise 1 + the row of the parent task. */
  parent: number[];
  /** `state + 4 * kind`: indexes into {@link TASK_STATES} and {@link TASK_KINDS}, packed to save bytes. */
  flags: number[];
  /** Start in ticks, delta-encoded: the start of row i is the sum of `start[0..i]` (never negative). */
  start: number[];
  /** Number of running segments of the task; its segments follow those of the previous rows. */
  segs: number[];
  /** End minus the end of the task's last segment (or its start when it has none), in ticks. */
  tail: number[];
}

/** Running segments of all tasks, flattened in row order. */
export interface TimelineSegmentColumns {
  /** Ticks from the end of the previous segment of the same task (or from the task's start). */
  gap: number[];
  /** Length in ticks. */
  dur: number[];
}

/** One row per failed task that has an error summary. */
export interface TimelineErrorColumns {
  /** Row of the task. */
  task: number[];
  /** Index into `strings`. */
  text: number[];
}

/** Event-loop lag samples: how late the loop ran a timer set for time t. */
export interface TimelineLagColumns {
  /** Sample times in ticks, delta-encoded. */
  t: number[];
  /** Lag in ticks. */
  lag: number[];
}

/** Slow steps: one task step that blocked the loop for longer than the recorder's threshold. */
export interface TimelineSlowColumns {
  /** Step start in ticks, delta-encoded. */
  t: number[];
  /** Step length in ticks. */
  dur: number[];
  /** 0 when unknown, otherwise 1 + the row of the task that ran the step. */
  task: number[];
}

/** Notebook cell boundaries. */
export interface TimelineCellColumns {
  /** Cell start in ticks (absolute, not delta-encoded: cells are few). */
  start: number[];
  /** Cell end in ticks. */
  end: number[];
  /** Index into `strings`. */
  label: number[];
}

/**
 * What tasks awaited: one row per time a task began awaiting another task (directly, or as a child of a
 * `gather` it awaits). Optional: payloads without it (and older ones) have no await arrows.
 */
export interface TimelineAwaitColumns {
  /** Row of the waiting task, delta-encoded: the row of entry i is the sum of `task[0..i]`. */
  task: number[];
  /**
   * Row of the task it waits for (never the waiting row), delta-encoded like `task`: the children of one
   * `gather` are mostly consecutive rows, so most entries are 1.
   */
  target: number[];
  /** When the wait began, in ticks, delta-encoded (sorted by time). */
  t: number[];
}

/** A timeline, version 1: what the `application/vnd.tslab-asyncio.timeline.v1+json` MIME type carries. */
export interface TimelinePayload {
  version: 1;
  title: string;
  /** Milliseconds per tick for every time column (0.001 = microseconds). */
  tick: number;
  /** The `performance.now()` time of tick 0, in ms; informational. */
  origin: number;
  /** End of the recorded window in ticks (its start is tick 0). */
  end: number;
  /** String table for task names, error summaries and cell labels. */
  strings: string[];
  tasks: TimelineTaskColumns;
  segments: TimelineSegmentColumns;
  errors: TimelineErrorColumns;
  lag: TimelineLagColumns;
  slow: TimelineSlowColumns;
  cells: TimelineCellColumns;
  /** Optional: what each task awaited (drawn as arrows, exported as flow events). */
  awaits?: TimelineAwaitColumns;
}
