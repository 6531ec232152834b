// Shared state of the library: which task is running, the subscribed recorders, and the hook that lets
// `Future.then` tell the running task what it is waiting for. Kept in one small module so no two public
// modules import each other.
//
// Which task is running: native `await` resumptions leave no trace except in V8's promise hooks, so we stamp
// every promise created while a task runs with that task and restore it before each promise reaction runs.
// `AsyncLocalStorage` does the same through async_hooks but costs ~1.4 µs per promise in Node 20 (measured);
// these bare hooks cost ~0.1 µs. Callbacks of timers and emitters run outside any task, as in Python.
import { performance as hostPerformance } from "node:perf_hooks";
import { promiseHooks } from "node:v8";
import type { TaskEndState, TaskRecorder } from "../recorder";

/** What the rest of the library needs from a running task. Implemented by `Task`. */
export interface TaskContext {
  readonly id: number;
  readonly runId: number;
}

const TASK = Symbol("tslab-asyncio.task");
type Stamped = Record<typeof TASK, TaskContext | undefined>;
let current: TaskContext | undefined = undefined;
let hooksInstalled = false;

function installHooks(): void {
  hooksInstalled = true;
  promiseHooks.onInit((promise) => {
    if (current !== undefined) (promise as unknown as Stamped)[TASK] = current;
  });
  promiseHooks.onBefore((promise) => {
    current = (promise as unknown as Stamped)[TASK];
    // Only task steps are timed: a clock read costs up to ~0.3 µs on some virtual machines.
    if (current !== undefined && (slowStepWatch !== null || sliceWatch !== null)) clocks[STEP_START] = now();
  });
  promiseHooks.onAfter(() => {
    if (current !== undefined) {
      if (sliceWatch !== null || slowStepWatch !== null) {
        // One read ends the step and dates a task that finished in it (see deferFinish).
        const end = now();
        if (sliceWatch !== null) sliceWatch(current, clocks[STEP_START], end);
        if (slowStepWatch !== null) slowStepWatch(current, end - clocks[STEP_START]);
        if (finishing !== null) flushFinish(end);
      } else if (finishing !== null) flushFinish(now());
    }
    current = undefined;
  });
}

/**
 * While a timeline records: called after each step of a task's code (a promise reaction or the task's first
 * synchronous run) with when it began and ended, so "running" is time the task's code was executing.
 */
let sliceWatch: ((task: TaskContext, start: number, end: number) => void) | null = null;

export function setSliceWatch(watch: typeof sliceWatch): void {
  sliceWatch = watch;
}

/** Debug mode: called after each step of a task with its duration in ms. */
let slowStepWatch: ((task: TaskContext, durationMs: number) => void) | null = null;

// Clock reads kept between calls live in a typed array: a double stored in a plain `let` is boxed, so each
// store would allocate a number (two per measured step).
const clocks = new Float64Array([0, NaN]);
/** Index in `clocks`: when the running step began. */
const STEP_START = 0;
/** Index in `clocks`: the read that ended the last timed `runInTask`, or NaN (see takeStepEnd). */
const LAST_STEP_END = 1;

export function setStepWatch(watch: typeof slowStepWatch): void {
  slowStepWatch = watch;
}

/** The task whose code is running, if any. */
export function getCurrent(): TaskContext | undefined {
  return current;
}

/**
 * Runs `fn(arg)` as code of `task`: promises it creates (and their continuations) belong to the task. While
 * steps are timed, `startedAt` (a clock read the caller just took, or NaN) is the step's start, and the read
 * that ends the step is left for {@link takeStepEnd}.
 */
export function runInTask<A, R>(task: TaskContext, fn: (arg: A) => R, arg: A, startedAt = NaN): R {
  if (!hooksInstalled) installHooks();
  if (slowStepWatch !== null || sliceWatch !== null) return runTimed(task, fn, arg, startedAt);
  // Untimed (the common case): no clock reads, no slices.
  const saved = current;
  current = task;
  try {
    return fn(arg);
  } finally {
    // A finish deferred while steps were timed, if timing stopped inside this step.
    if (finishing !== null) flushFinish(now());
    current = saved;
    clocks[LAST_STEP_END] = NaN;
  }
}

function runTimed<A, R>(task: TaskContext, fn: (arg: A) => R, arg: A, startedAt: number): R {
  const saved = current;
  const watch = slowStepWatch;
  const slices = sliceWatch;
  const timed = watch !== null || slices !== null;
  // A nested run (a task started from inside another task's step) splits the outer step around it.
  const start = timed ? (startedAt === startedAt ? startedAt : now()) : 0;
  if (finishing !== null && timed) flushFinish(start);
  current = task;
  if (slices !== null) {
    if (saved !== undefined) slices(saved, clocks[STEP_START], start);
    clocks[STEP_START] = start;
  }
  try {
    return fn(arg);
  } finally {
    const end = timed ? now() : 0;
    // From the start, or from the end of a run nested inside this one.
    if (slices !== null) slices(task, clocks[STEP_START], end);
    if (watch !== null) watch(task, end - start);
    if (finishing !== null) flushFinish(timed ? end : now());
    current = saved;
    if (slices !== null && saved !== undefined) clocks[STEP_START] = end;
    clocks[LAST_STEP_END] = timed ? end : NaN;
  }
}

/**
 * The read that ended the `runInTask` which just returned, for a caller that starts the next step at once
 * (the start queue): that step begins where this one ended, so one read serves both. NaN when untimed.
 */
export function takeStepEnd(): number {
  const end = clocks[LAST_STEP_END];
  clocks[LAST_STEP_END] = NaN;
  return end;
}

/** Whether task steps are being timed now (a step's end read is coming), so events in it can share that read. */
export function stepsTimed(): boolean {
  return sliceWatch !== null || slowStepWatch !== null;
}

// A task that finished inside the running step, reported to `finishTo` with the read that ends the step
// (scalars rather than an object: nothing allocated per task).
let finishing: TaskRecorder[] | null = null;
let finishId = 0;
let finishState: TaskEndState = "done";
let finishError: string | undefined = undefined;

/**
 * Reports `finished` for the running task when its step ends, dated by the read that ends the step, instead
 * of reading the clock now: a task finishes as its last step returns. Only while steps are timed and `id` is
 * the running task (so a step end follows); otherwise returns `false` and the caller reports at once.
 */
export function deferFinish(
  to: TaskRecorder[],
  id: number,
  state: TaskEndState,
  error: string | undefined,
): boolean {
  if (current === undefined || current.id !== id || !stepsTimed()) return false;
  if (finishing !== null) flushFinish(now());
  finishing = to;
  finishId = id;
  finishState = state;
  finishError = error;
  return true;
}

function flushFinish(time: number): void {
  const to = finishing!;
  finishing = null;
  const id = finishId;
  const state = finishState;
  const error = finishError;
  finishError = undefined;
  for (let i = 0; i < to.length; i++) to[i].finished?.(id, state, time, error);
}

/** The subscribed recorders; `null` when none, so the hot path tests one variable. */
export let recorders: TaskRecorder[] | null = null;

export function setRecorders(next: TaskRecorder[] | null): void {
  recorders = next;
}

/**
 * Called by `Future.then` with the future being awaited; installed by `task.ts`. Returns an error when the
 * await must fail at once (a task awaiting itself).
 */
export let onAwait:
  | ((future: { cancel(msg?: string): boolean; addDoneCallback(cb: () => void): void }) => Error | undefined)
  | null = null;

export function setOnAwait(hook: typeof onAwait): void {
  onAwait = hook;
}

/** Key of the futures a combinator's future stands for (gather's children), for recorders' `awaits`. */
export const AWAITED = Symbol("tslab-asyncio.awaited");

/**
 * Picks how to read the clock. In Node's own global scope `performance` is a lazy getter, so every read of
 * the global calls it (about a quarter of a clock read's cost); there the clock is read from `node:perf_hooks`'
 * object, which is the same object, and whose `now` fake timers patch (sinon's, in the global scope). Where
 * `performance` is a plain property (jest and other vm contexts, whose fake timers replace the property), it
 * is read through the global each call.
 *
 * @internal Exported for tests.
 */
export function pickClock(scope: { performance?: unknown }, host: { now(): number }): () => number {
  const own = Object.getOwnPropertyDescriptor(scope, "performance");
  if (own !== undefined && typeof own.get === "function" && scope.performance === host) {
    return () => host.now();
  }
  return () => (scope.performance as { now(): number }).now();
}

/** Monotonic loop time in milliseconds (`performance.now()`, read so that fake timers apply). */
export const now: () => number = pickClock(globalThis, hostPerformance);
