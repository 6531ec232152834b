// Shared state of the library: which task is running, the subscribed recorders, and the hook that lets
// `Future.then` tell the running task what it is waiting for. Kept in one small module so no two public
// modules import each other.
//
// Which task is running: native `await` resumptions leave no trace except in V8's promise hooks, so we stamp
// every promise created while a task runs with that task and restore it before each promise reaction runs.
// `AsyncLocalStorage` does the same through async_hooks but costs ~1.4 µs per promise in Node 20 (measured);
// these bare hooks cost ~0.1 µs. Callbacks of timers and emitters run outside any task, as in Python.
import { promiseHooks } from "node:v8";
import type { TaskRecorder } from "../recorder";

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
    if (slowStepWatch !== null) stepStart = performance.now();
  });
  promiseHooks.onAfter(() => {
    if (slowStepWatch !== null && current !== undefined)
      slowStepWatch(current, performance.now() - stepStart);
    current = undefined;
  });
}

/** Debug mode: called after each step of a task with its duration in ms. */
let slowStepWatch: ((task: TaskContext, durationMs: number) => void) | null = null;
let stepStart = 0;

export function setStepWatch(watch: typeof slowStepWatch): void {
  slowStepWatch = watch;
}

/** The task whose code is running, if any. */
export function getCurrent(): TaskContext | undefined {
  return current;
}

/** Runs `fn(arg)` as code of `task`: promises it creates (and their continuations) belong to the task. */
export function runInTask<A, R>(task: TaskContext, fn: (arg: A) => R, arg: A): R {
  if (!hooksInstalled) installHooks();
  const saved = current;
  current = task;
  const watch = slowStepWatch;
  const start = watch !== null ? performance.now() : 0;
  try {
    return fn(arg);
  } finally {
    if (watch !== null) watch(task, performance.now() - start);
    current = saved;
  }
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

/** Monotonic loop time in milliseconds (read through `performance` each call so fake timers apply). */
export function now(): number {
  return performance.now();
}
