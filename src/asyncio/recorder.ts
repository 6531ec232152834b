import { getCurrent, recorders, setRecorders, setSliceWatch } from "./internal/context";

/** What a recorded task is: a user task, an executor job, or a loop timer callback. */
export type TaskKind = "task" | "executor" | "timer";

/** How a task ended. */
export type TaskEndState = "done" | "failed" | "cancelled";

/**
 * Receives task lifecycle events. Every method is optional and takes primitives only, so recording allocates
 * nothing per event; times are `performance.now()` milliseconds.
 *
 * A task's running segments are the slices from `started` or `resumed` to the next `suspended` or `finished`.
 * The library sees suspensions at its own waits (sleep, futures, tasks, locks, queues, executor jobs); a bare
 * `await` on a foreign promise is counted as running time by those four events. A recorder that defines
 * {@link TaskRecorder.ran} gets each step of a task's code as measured instead, which is exact for every wait.
 *
 * @example Counting tasks by how they ended
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const counts: Record<string, number> = {};
 * const recorder: asyncio.TaskRecorder = {
 *   finished: (_id, state) => void (counts[state] = (counts[state] ?? 0) + 1),
 * };
 * const stop = asyncio.addTaskRecorder(recorder);
 * await asyncio.gather(asyncio.createTask(async () => 1), asyncio.createTask(async () => 2));
 * stop();
 * console.log(counts); // { done: 2 }
 * ```
 */
export interface TaskRecorder {
  /**
   * A task was created. `name` is `undefined` for the default name `"Task-<id>"` (saves building a string per
   * task); `parentId` is 0 at top level; `site` is a stack line, captured in debug mode only.
   */
  created?(
    id: number,
    kind: TaskKind,
    name: string | undefined,
    parentId: number,
    time: number,
    site: string | undefined,
  ): void;
  /** The task's code began to run. */
  started?(id: number, time: number): void;
  /** The task began waiting on the library. */
  suspended?(id: number, time: number): void;
  /** The wait ended; the task runs again. */
  resumed?(id: number, time: number): void;
  /** The task finished; `error` is a one-line summary for `failed` and the message for `cancelled`. */
  finished?(id: number, state: TaskEndState, time: number, error: string | undefined): void;
  /** Debug mode: one synchronous step of a task blocked the event loop for `durationMs`. */
  slowStep?(id: number, name: string, durationMs: number, time: number): void;
  /**
   * The task's code ran from `start` to `end`: one step (its first synchronous run, or one continuation after
   * an `await` of any promise, native or ours), measured with V8's promise hooks. Defining this method turns
   * the measurement on while the recorder is subscribed (two clock reads per step); time between steps is
   * waiting, whatever was awaited (`fetch`, `fs/promises`, timers).
   */
  ran?(id: number, start: number, end: number): void;
  /**
   * The task `id` runs code that belongs to task `intoId` (a `TaskGroup` body has a task of its own for
   * cancellation but is its caller's code): draw and count them as one.
   */
  folded?(id: number, intoId: number): void;
  /** The task began awaiting task `targetId` (directly, or as a child of a `gather` it awaits). */
  awaits?(id: number, targetId: number, time: number): void;
}

/**
 * A finished or running task as plain data, as `TaskLog.records()` returns it. Times in ms.
 *
 * @example Printing a task's running time
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const log = new asyncio.TaskLog().start();
 * await asyncio.createTask(() => asyncio.sleep(10));
 * log.stop();
 * const record: asyncio.TaskRecord = log.records()[0];
 * console.log(record.segments.reduce((sum, [start, end]) => sum + end - start, 0));
 * ```
 */
export interface TaskRecord {
  id: number;
  name: string;
  kind: TaskKind;
  /** 0 when created outside any task. */
  parentId: number;
  site?: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  state: "pending" | "running" | TaskEndState;
  error?: string;
  /** Running segments as `[start, end]` pairs. */
  segments: [number, number][];
}

/**
 * Subscribes a recorder to the lifecycle of every task, executor job and loop timer created from now on.
 *
 * With no recorder subscribed, the library skips all timing work, so instrumentation costs one variable test.
 *
 * @param recorder The event receiver; see {@link TaskRecorder}.
 * @returns A function that unsubscribes it (calling it twice is harmless).
 *
 * @example Logging when tasks finish
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const stop = asyncio.addTaskRecorder({
 *   finished: (id, state, time) => console.log(`task ${id} ${state} at ${time.toFixed(1)} ms`),
 * });
 * await asyncio.createTask(() => asyncio.sleep(10));
 * stop();
 * ```
 */
export function addTaskRecorder(recorder: TaskRecorder): () => void {
  setRecorders([...(recorders ?? []), recorder]);
  watchSlices();
  return () => {
    const rest = (recorders ?? []).filter((r) => r !== recorder);
    setRecorders(rest.length > 0 ? rest : null);
    watchSlices();
  };
}

/** Measures task steps only while some subscribed recorder wants them (see `TaskRecorder.ran`). */
function watchSlices(): void {
  const wanting = (recorders ?? []).filter((r) => typeof r.ran === "function");
  if (wanting.length === 0) setSliceWatch(null);
  else if (wanting.length === 1) {
    const only = wanting[0];
    setSliceWatch((task, start, end) => only.ran!(task.id, start, end));
  } else setSliceWatch((task, start, end) => wanting.forEach((r) => r.ran!(task.id, start, end)));
}

/**
 * The id of the task whose code is running, or 0 outside tasks. Cheaper than `currentTask()?.id`, for
 * integrations (e.g. routing output to the cell that created the task).
 *
 * @returns The running task's id, or 0.
 *
 * @example Tagging a log line with the task id
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * await asyncio.createTask(async () => console.log(`[task ${asyncio.currentTaskId()}] hello`));
 * ```
 */
export function currentTaskId(): number {
  return getCurrent()?.id ?? 0;
}
