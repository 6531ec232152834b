import { CancelledError } from "./cancelled-error";
import { describeError } from "./exception-group";
import {
  CANCELLED,
  DONE,
  FAILED,
  Future,
  isPromiseLike,
  pendingSlot,
  pendingValue,
  settleFuture,
} from "./future";
import {
  AWAITED,
  deferFinish,
  getCurrent,
  now,
  recorders,
  runInTask,
  setOnAwait,
  stepsTimed,
  takeStepEnd,
} from "./internal/context";
import { ChunkedQueue } from "./internal/chunked-queue";
import { creationSite, debugState, newId } from "./internal/debug-state";
import type { TaskRecorder } from "./recorder";

/**
 * Code a task runs: a function returning a promise (preferred: it starts inside the task), or a running promise.
 *
 * @example The three forms
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const a: asyncio.TaskBody<number> = async () => 1;
 * const b: asyncio.TaskBody<number> = (signal) => asyncio.sleep(10, 2, { signal });
 * const c: asyncio.TaskBody<number> = Promise.resolve(3);
 * console.log(await asyncio.gather(...[a, b, c].map((body) => asyncio.createTask(body))));
 * ```
 */
export type TaskBody<T> = ((signal: AbortSignal) => PromiseLike<T> | T) | PromiseLike<T>;

/** Options of `createTask`. */
export interface TaskOptions {
  /** The task's name for `getName()`, recorders and timelines. Default `"Task-<id>"`. */
  name?: string;
  /**
   * Start the task's code now, inside `createTask()`, instead of soon (Python 3.12's eager tasks). Code that
   * finishes without waiting on the library skips the scheduling round trip; a synchronous body leaves the
   * task done when `createTask()` returns. An async function's result still arrives a promise tick later,
   * since JavaScript cannot read a settled promise synchronously. Default `false` (see `eagerTaskFactory`).
   */
  eager?: boolean;
}

type Waiter = (error: CancelledError) => boolean;

interface TaskExtra {
  name: string | undefined;
  site: string | undefined;
  mustCancel: boolean;
  cancelRequests: number;
  cancelMessage: string | undefined;
  waiters: Set<Waiter> | null;
  controller: AbortController | null;
  /** What the task is suspended on: a label of a library wait, or the future it awaits. */
  awaiting: string | object | undefined;
}

// Live tasks form an intrusive doubly-linked list: no allocation per task, O(1) removal.
let liveHead: Task<unknown> | null = null;
let link: (task: Task<unknown>) => void;
let unlink: (task: Task<unknown>) => void;
let extra: (task: Task<unknown>) => TaskExtra;
let extraOf: (task: Task<unknown>) => TaskExtra | null;
let startBody: (body: TaskBody<unknown>) => void;
let onBodyFulfilled: (value: unknown) => void;
let onBodyRejected: (error: unknown) => void;
const NO_SIGNAL = undefined as unknown as AbortSignal;
let collectLive: () => Task<unknown>[];
/** Set by `run()` around the creation of its main task; otherwise tasks inherit their parent's run. */
let pendingRunId = 0;

/**
 * Runs `fn` so that the task it creates belongs to run `runId` (used by `run()` to find leftovers).
 */
export function withRunId<R>(runId: number, fn: () => R): R {
  const saved = pendingRunId;
  pendingRunId = runId;
  try {
    return fn();
  } finally {
    pendingRunId = saved;
  }
}

let parkImpl: <T>(
  setup: (resolve: (value: T) => void, reject: (error: unknown) => void) => (() => void) | void,
  signal: AbortSignal | undefined,
  what: string | undefined,
) => Promise<T>;

/**
 * Suspends the running task (if any) until `setup`'s callbacks settle the wait. Cancelling the task or aborting
 * `signal` calls the cleanup `setup` returned and rejects; listeners are always removed. Every waiting call of
 * the library goes through here, which is what makes `task.cancel()` reach the task's `finally` blocks.
 */
export function park<T>(
  setup: (resolve: (value: T) => void, reject: (error: unknown) => void) => (() => void) | void,
  signal?: AbortSignal,
  what?: string,
): Promise<T> {
  return parkImpl(setup, signal, what);
}

/** The error a wait rejects with when `signal` aborts: its reason, or a `CancelledError` for a bare `abort()`. */
export function abortReason(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  // Checked by name: a DOMException may come from another realm (vm contexts, jest).
  if (typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "AbortError") {
    return new CancelledError("The operation was aborted through its AbortSignal.", { cause: reason });
  }
  return reason;
}

/**
 * For a primitive whose wait just ended (it was woken): the cancellation that reached the running task after
 * the wake-up but before it resumed, consumed, or `undefined`. Python raises such a cancellation at the wait
 * itself and the primitive passes the wake-up on (the lock, the slot, the item, the free place); a caller
 * that gets an error here does the same and throws it. An abort of `signal` in that window counts likewise.
 */
export function cancelledAfterWake(signal?: AbortSignal): unknown {
  if (signal !== undefined && signal.aborted) return abortReason(signal);
  const task = getCurrent() as Task<unknown> | undefined;
  if (task === undefined) return undefined;
  const x = extraOf(task);
  if (x === null || !x.mustCancel) return undefined;
  x.mustCancel = false;
  return new CancelledError(x.cancelMessage);
}

/**
 * A running piece of async code, like Python's `asyncio.Task`: a `Future` whose result is its code's result.
 * Create tasks with {@link createTask}. Cancelling a task rejects the library wait it is suspended at (sleep,
 * future, lock, queue…) with `CancelledError`, so its `finally` blocks run; it counts as cancelled only once
 * its code has finished.
 *
 * @typeParam T The result type.
 *
 * @example Naming and awaiting a task
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const task = asyncio.createTask(async () => 6 * 7, { name: "answer" });
 * console.log(task.getName(), await task); // "answer" 42
 * ```
 */
export class Task<T = unknown> extends Future<T> {
  // Memory per task is what 100,000-task notebooks pay for, so a plain task has six fields besides Future's
  // four: its body waits in Future's value slot until it starts, rarely used state lives in one lazily
  // created record (`#x`), and there are no private methods or accessors (each class with them costs every
  // instance a hidden field); the helpers are closures made in the static block.
  /** Unique id (shared counter with executor jobs and timers), as recorders see it. */
  readonly id: number;
  /** The id of the task that created this one, or 0. */
  readonly parentId: number;
  /** @internal The `run()` this task belongs to (0: none). */
  readonly runId: number;
  #x: TaskExtra | null = null;
  #prev: Task<unknown> | null = null;
  #next: Task<unknown> | null = null;

  static {
    extra = (task) =>
      (task.#x ??= {
        name: undefined,
        site: undefined,
        mustCancel: false,
        cancelRequests: 0,
        cancelMessage: undefined,
        waiters: null,
        controller: null,
        awaiting: undefined,
      });
    extraOf = (task) => task.#x;

    // Runs inside the task (see runInTask), so the reaction promise `then` creates is stamped with the task and
    // the shared handlers find it as the current task: no closures per task.
    startBody = (body) => {
      const task = getCurrent() as Task<unknown>;
      const result =
        typeof body === "function" ? (body.length > 0 ? body(task.signal) : body(NO_SIGNAL)) : body;
      if (result instanceof Promise) result.then(onBodyFulfilled, onBodyRejected);
      else if (isPromiseLike(result)) settleFromThenable(task, result);
      else succeed(task, result);
    };
    onBodyFulfilled = (value) => succeed(getCurrent() as Task<unknown>, value);
    onBodyRejected = (error) => fail(getCurrent() as Task<unknown>, error);
    link = (task) => {
      if (liveHead !== null) {
        task.#next = liveHead;
        liveHead.#prev = task;
      }
      liveHead = task;
    };
    unlink = (task) => {
      const prev = task.#prev;
      const next = task.#next;
      if (prev !== null) prev.#next = next;
      else if (liveHead === task) liveHead = next;
      else return;
      if (next !== null) next.#prev = prev;
      task.#prev = task.#next = null;
    };
    collectLive = () => {
      const out: Task<unknown>[] = [];
      for (let t = liveHead; t !== null; t = t.#next) out.push(t);
      return out;
    };

    parkImpl = <V>(
      setup: (resolve: (value: V) => void, reject: (error: unknown) => void) => (() => void) | void,
      signal: AbortSignal | undefined,
      what: string | undefined,
    ): Promise<V> =>
      new Promise<V>((resolve, reject) => {
        if (signal !== undefined && signal.aborted) {
          reject(abortReason(signal));
          return;
        }
        const task = getCurrent() as Task<unknown> | undefined;
        if (task !== undefined && task.#x !== null && task.#x.mustCancel) {
          task.#x.mustCancel = false;
          reject(new CancelledError(task.#x.cancelMessage));
          return;
        }
        let settled = false;
        let cleanup: (() => void) | void = undefined;
        const finish = (): void => {
          settled = true;
          if (task !== undefined) {
            const x = task.#x;
            if (x !== null) {
              x.waiters?.delete(waiter);
              x.awaiting = undefined;
            }
            if (recorders !== null) for (const r of recorders) r.resumed?.(task.id, now());
          }
          if (signal !== undefined) signal.removeEventListener("abort", onAbort);
        };
        const waiter: Waiter = (error) => {
          if (settled) return false;
          finish();
          if (typeof cleanup === "function") cleanup();
          reject(error);
          return true;
        };
        const onAbort = (): void => {
          waiter(abortReason(signal!) as CancelledError);
        };
        cleanup = setup(
          (value) => {
            if (settled) return;
            finish();
            resolve(value);
          },
          (error) => {
            if (settled) return;
            finish();
            reject(error);
          },
        );
        if (settled) return;
        if (task !== undefined) {
          const x = extra(task);
          (x.waiters ??= new Set()).add(waiter);
          x.awaiting = what ?? "a library wait";
          if (recorders !== null) for (const r of recorders) r.suspended?.(task.id, now());
        }
        if (signal !== undefined) signal.addEventListener("abort", onAbort, { once: true });
      });

    setOnAwait((future) => {
      const task = getCurrent() as Task<unknown> | undefined;
      if (task === undefined || task.done()) return undefined;
      if (task === future) {
        return new Error(
          `Task cannot await on itself: ${String(task)}. Await another task, or return the value instead.`,
        );
      }
      const x = extra(task);
      if (x.mustCancel) {
        x.mustCancel = false;
        future.cancel(x.cancelMessage);
        return undefined;
      }
      const waiter: Waiter = () => future.cancel(x.cancelMessage);
      (x.waiters ??= new Set()).add(waiter);
      x.awaiting = future;
      if (recorders !== null) {
        for (const r of recorders) r.suspended?.(task.id, now());
        for (const r of recorders) if (r.awaits !== undefined) reportAwaits(r, task.id, future);
      }
      future.addDoneCallback(() => {
        if (x.awaiting === future) x.awaiting = undefined;
        if (x.waiters?.delete(waiter) === true && recorders !== null) {
          for (const r of recorders) r.resumed?.(task.id, now());
        }
      });
      return undefined;
    });
  }

  /**
   * Prefer {@link createTask}; this is the same.
   *
   * @param body The task's code.
   * @param options Name.
   */
  constructor(body: TaskBody<T>, options?: TaskOptions) {
    super();
    if (typeof body !== "function" && !isPromiseLike(body)) {
      throw new TypeError(
        `createTask() needs an async function or a promise, but received ${describeValue(body)}. ` +
          "Pass a function, e.g. createTask(() => work()).",
      );
    }
    const parent = getCurrent() as Task<unknown> | undefined;
    this.id = newId();
    this.parentId = parent !== undefined ? parent.id : 0;
    this.runId = pendingRunId !== 0 ? pendingRunId : parent !== undefined ? parent.runId : 0;
    pendingSlot(this, body);
    const name = options?.name;
    if (name !== undefined) extra(this).name = name;
    if (debugState.on) extra(this).site = creationSite();
    link(this);
    if (recorders !== null) reportCreated(recorders, this as Task<unknown>, this.#x);
    if (options?.eager === true) this._start();
    else scheduleStart(this as Task<unknown>);
  }

  /** The task's name: the one given, or `"Task-<id>"`. */
  getName(): string {
    return this.#x?.name ?? `Task-${this.id}`;
  }

  /**
   * Renames the task.
   *
   * @param name The new name.
   */
  setName(name: string): void {
    extra(this).name = String(name);
  }

  /** Where the task was created (a stack line), captured in debug mode only. */
  get site(): string | undefined {
    return this.#x?.site;
  }

  /**
   * What the task is suspended on, where the library knows it: one of its own waits (`sleep(1000 ms)`,
   * `Queue.get()`, `Lock.acquire()` …) or the task or future it awaits (`<Task pending name='fetch a'>`).
   * `undefined` while the task runs, once it is done, or while it awaits a promise from elsewhere.
   *
   * @example
   * ```ts
   * import * as asyncio from "tslab-asyncio";
   *
   * const napper = asyncio.createTask(() => asyncio.sleep(1000), { name: "napper" });
   * await asyncio.sleep(10);
   * console.log(napper.awaiting); // "sleep(1000 ms)"
   * napper.cancel();
   * ```
   */
  get awaiting(): string | undefined {
    const what = this.done() ? undefined : this.#x?.awaiting;
    return what === undefined || typeof what === "string" ? what : String(what);
  }

  /**
   * An `AbortSignal` aborted (with a `CancelledError`) when the task is cancelled: pass it to `fetch` and
   * other foreign APIs so they stop too. Created on first use.
   */
  get signal(): AbortSignal {
    const x = extra(this);
    if (x.controller === null) {
      x.controller = new AbortController();
      if (x.cancelRequests > 0) x.controller.abort(new CancelledError(x.cancelMessage));
    }
    return x.controller.signal;
  }

  /**
   * Requests cancellation: the task's current (or next) wait on this library throws `CancelledError(msg)`; a
   * task that has not started never runs. The task is cancelled once its code has finished.
   *
   * @param msg Why, carried by the `CancelledError`.
   * @returns `false` if the task is already done, `true` otherwise.
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    const x = extra(this);
    x.cancelRequests++;
    x.cancelMessage = msg;
    const error = new CancelledError(msg);
    if (x.controller !== null && !x.controller.signal.aborted) x.controller.abort(error);
    let delivered = false;
    const started = pendingValue(this) === undefined;
    if (started && x.waiters !== null && x.waiters.size > 0) {
      const waiters = [...x.waiters];
      for (const w of waiters) if (w(error)) delivered = true;
    }
    if (!delivered) x.mustCancel = true;
    return true;
  }

  /** How many cancellation requests are pending (`cancel()` calls minus `uncancel()` calls). */
  cancelling(): number {
    return this.#x === null ? 0 : this.#x.cancelRequests;
  }

  /**
   * Withdraws one cancellation request, for code that handled a cancellation it caused (like `timeout()`).
   *
   * @returns The remaining number of requests.
   */
  uncancel(): number {
    const x = this.#x;
    if (x === null) return 0;
    if (x.cancelRequests > 0) {
      x.cancelRequests--;
      if (x.cancelRequests === 0) x.mustCancel = false;
    }
    return x.cancelRequests;
  }

  /** Tasks are settled by their code: calling this throws, as in Python. */
  override setResult(_value: T): void {
    throw new Error("Task does not support setResult(): a task's result is what its code returns.");
  }

  /** Tasks are settled by their code: calling this throws, as in Python. */
  override setException(_error: unknown): void {
    throw new Error("Task does not support setException(): a task fails when its code throws.");
  }

  /** Python's repr: `<Task pending name='Task-1'>`. */
  override toString(): string {
    return super.toString().replace(/^<Task (\w+)/, `<Task $1 name='${this.getName()}'`);
  }

  protected override _displayRows(): [string, string][] {
    const rows: [string, string][] = [
      ["name", this.getName()],
      ["id", String(this.id)],
    ];
    if (this.parentId !== 0) rows.push(["parent", String(this.parentId)]);
    const site = this.site;
    if (site !== undefined) rows.push(["created at", site]);
    return [...rows, ...super._displayRows()];
  }

  /**
   * @internal Starts the task's code; called once, from the start queue. `at`: a clock read the caller just
   * took (the end of the previous task's first step), or NaN.
   */
  _start(at = NaN): void {
    const body = pendingValue(this) as TaskBody<unknown>;
    pendingSlot(this, undefined);
    const x = this.#x;
    if (x !== null && x.mustCancel) {
      x.mustCancel = false;
      end(this, CANCELLED, new CancelledError(x.cancelMessage));
      return;
    }
    let time = at;
    if (recorders !== null) {
      if (time !== time) time = now();
      for (let i = 0; i < recorders.length; i++) recorders[i].started?.(this.id, time);
    }
    try {
      // The step is timed from the same read that dated `started`.
      runInTask(this, startBody, body, time);
    } catch (e) {
      takeStepEnd(); // work follows that read: the next step must not start from it
      fail(this, e);
    }
  }
}

// Apart from startBody (like startInOwnContext): closures over `task` there would allocate a context on
// every start, thenable or not.
function settleFromThenable(task: Task<unknown>, result: PromiseLike<unknown>): void {
  result.then(
    (value) => succeed(task, value),
    (error: unknown) => fail(task, error),
  );
}

function succeed(task: Task<unknown>, value: unknown): void {
  const x = extraOf(task);
  if (x !== null && x.mustCancel) end(task, CANCELLED, new CancelledError(x.cancelMessage));
  else end(task, DONE, value);
}

function fail(task: Task<unknown>, error: unknown): void {
  if (error instanceof CancelledError) end(task, CANCELLED, error);
  else if (abortedBySignal(task, error)) end(task, CANCELLED, extraOf(task)!.controller!.signal.reason);
  else end(task, FAILED, error);
}

/**
 * True when `error` is how a foreign API reported the task's own cancellation through `task.signal`:
 * `fetch` rejects with the signal's reason itself, Node's `timers/promises` and streams with an `AbortError`
 * whose `cause` is the reason. Such a task ends cancelled, as if the `CancelledError` had propagated.
 */
function abortedBySignal(task: Task<unknown>, error: unknown): boolean {
  const x = extraOf(task);
  const signal = x?.controller?.signal;
  if (x === null || x.cancelRequests === 0 || signal === undefined || !signal.aborted) return false;
  const reason: unknown = signal.reason;
  if (error === reason) return true;
  const e = error as { name?: unknown; cause?: unknown } | null;
  return (
    typeof e === "object" &&
    e !== null &&
    e.name === "AbortError" &&
    (e.cause === reason || e.cause === undefined)
  );
}

function end(
  task: Task<unknown>,
  state: typeof DONE | typeof FAILED | typeof CANCELLED,
  value: unknown,
): void {
  unlink(task);
  const x = extraOf(task);
  if (x !== null) x.waiters = null;
  if (recorders !== null) {
    const name = state === DONE ? "done" : state === FAILED ? "failed" : "cancelled";
    const summary = state === DONE ? undefined : describeError(value);
    // Inside its own timed step, the task is dated by the read that ends the step (one read, not two).
    if (!deferFinish(recorders, task.id, name, summary)) {
      const time = now();
      for (let i = 0; i < recorders.length; i++) recorders[i].finished?.(task.id, name, time, summary);
    }
  }
  settleFuture(task, state, value);
}

/**
 * Reports a new task to the recorders, with one clock read for all of them. Indexed loops on the per-task
 * paths: a `for…of` that is not optimized allocates an iterator and a result per step.
 */
function reportCreated(to: TaskRecorder[], task: Task<unknown>, x: TaskExtra | null): void {
  const time = now();
  const name = x === null ? undefined : x.name;
  const site = x === null ? undefined : x.site;
  for (let i = 0; i < to.length; i++) to[i].created?.(task.id, "task", name, task.parentId, time, site);
}

/** Tells `recorder` which tasks task `id` now awaits: the task itself, or the tasks a gather stands for. */
function reportAwaits(recorder: TaskRecorder, id: number, future: object): void {
  const time = now();
  if (future instanceof Task) recorder.awaits!(id, future.id, time);
  else {
    const inner = (future as Partial<Record<typeof AWAITED, readonly unknown[]>>)[AWAITED];
    if (inner !== undefined) for (const f of inner) if (f instanceof Task) recorder.awaits!(id, f.id, time);
  }
}

// Tasks start soon after creation, like Python's `call_soon(task.__step)`: one microtask starts a batch.
const startQueue = new ChunkedQueue<Task<unknown>>();
let startScheduled = false;

let startNext = 0;
/** Tasks started per microtask (see drainStarts). */
const START_BATCH = 1024;

// Starts queued tasks in FIFO order, at most START_BATCH per microtask: the reactions of one batch's first steps
// then run before the next batch starts, so 100,000 tasks created at once never hold 100,000 pending first
// steps (measured: 7-8 MB less RSS at 100,000 tasks). The start order is unchanged.
function drainStarts(): void {
  const end = Math.min(startQueue.length, startNext + START_BATCH);
  try {
    if (recorders !== null && stepsTimed()) {
      // Timed: each task's first step starts where the previous one ended, with that same clock read.
      let at = NaN;
      takeStepEnd();
      while (startNext < end) {
        startQueue.take(startNext++)._start(at);
        at = takeStepEnd();
      }
    } else while (startNext < end) startQueue.take(startNext++)._start();
  } finally {
    if (startNext < startQueue.length) queueMicrotask(drainStarts);
    else {
      startQueue.clear();
      startNext = 0;
      startScheduled = false;
    }
  }
}

let preserveContext = false;

/**
 * Makes every task start in the `AsyncLocalStorage` context it was created in. By default, tasks created in
 * the same turn start together, up to 1,024 per microtask (cheaper), hence all in the context of the first
 * of them; an integration that routes by `AsyncLocalStorage` — like the kernel routing output to the cell
 * that created a task — turns this on. It costs about a microsecond per task (one `queueMicrotask` each).
 *
 * @param on Whether to preserve contexts. Default `true`.
 *
 * @example Each task sees the store it was created under
 * ```ts
 * import { AsyncLocalStorage } from "node:async_hooks";
 * import * as asyncio from "tslab-asyncio";
 *
 * asyncio.preserveAsyncContext(true);
 * const cell = new AsyncLocalStorage<string>();
 * const a = cell.run("cell 1", () => asyncio.createTask(async () => cell.getStore()));
 * const b = cell.run("cell 2", () => asyncio.createTask(async () => cell.getStore()));
 * console.log(await asyncio.gather(a, b)); // ["cell 1", "cell 2"]
 * ```
 */
export function preserveAsyncContext(on = true): void {
  preserveContext = on;
}

function scheduleStart(task: Task<unknown>): void {
  if (preserveContext) {
    startInOwnContext(task);
    return;
  }
  startQueue.push(task);
  if (!startScheduled) {
    startScheduled = true;
    queueMicrotask(drainStarts);
  }
}

// Apart from scheduleStart: a closure over `task` there would make every call allocate a context for it,
// whichever branch runs (measured: 40 bytes per task).
function startInOwnContext(task: Task<unknown>): void {
  // Node binds each queueMicrotask callback to the caller's async context.
  queueMicrotask(() => task._start());
}

function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return `an object (${Object.prototype.toString.call(x)})`;
  return `${typeof x} ${String(x)}`;
}

/**
 * Wraps code in a {@link Task} and schedules it to start soon, like Python's `asyncio.create_task(coro)`.
 *
 * Pass a function (`() => work()`): it then starts inside the task, so `currentTask()` works in it and
 * `cancel()` reaches its waits. A function with a parameter receives the task's `AbortSignal`. A promise
 * (`createTask(work())`) is accepted too, but its code already started outside the task: cancelling such a task
 * marks it cancelled only when the promise settles.
 *
 * Keep a reference to tasks you care about; `allTasks()` lists the ones still running.
 *
 * @param body The task's code.
 * @param options `name`.
 * @returns The task, already scheduled.
 * @throws {TypeError} If `body` is neither a function nor a promise.
 *
 * @example Running two fetches concurrently (the seed notebook's example)
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const fetchText = (url: string) => (signal: AbortSignal) => fetch(url, { signal }).then((r) => r.text());
 * const page1 = asyncio.createTask(fetchText("http://example.com"));
 * const page2 = asyncio.createTask(fetchText("http://example.org"));
 * const [a, b] = await asyncio.gather(page1, page2);
 * console.log(a.length, b.length);
 * ```
 */
export function createTask<T>(body: TaskBody<T>, options?: TaskOptions): Task<T> {
  return taskFactory === null ? new Task(body, options) : (taskFactory(body, options) as Task<T>);
}

/**
 * Makes tasks, like the factory of Python's `loop.set_task_factory()`: `createTask()` and
 * `loop.createTask()` call it when set.
 */
export type TaskFactory = <T>(body: TaskBody<T>, options?: TaskOptions) => Task<T>;

let taskFactory: TaskFactory | null = null;

/** @internal Sets the factory `createTask()` uses (see `EventLoop.setTaskFactory`). */
export function setTaskFactory(factory: TaskFactory | null): void {
  if (factory !== null && typeof factory !== "function") {
    throw new TypeError(
      `A task factory must be a function or null, but received ${typeof factory}: pass (body, options) => new Task(body, options).`,
    );
  }
  taskFactory = factory;
}

/** @internal The factory `createTask()` uses, or `null`. */
export function getTaskFactory(): TaskFactory | null {
  return taskFactory;
}

/**
 * A task factory that starts every task eagerly, like Python's `asyncio.eager_task_factory`: pass it to
 * `getRunningLoop().setTaskFactory()`. A task given `{ eager: false }` still starts soon.
 *
 * @param body The task's code.
 * @param options As for `createTask`; `eager` defaults to `true`.
 * @returns The task, already started.
 *
 * @example Tasks that finish at once need no scheduling round
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const loop = asyncio.getRunningLoop();
 * loop.setTaskFactory(asyncio.eagerTaskFactory);
 * const order: string[] = [];
 * const task = asyncio.createTask(() => void order.push("body ran"));
 * order.push("createTask returned");
 * loop.setTaskFactory(null);
 * console.log(order, task.done()); // ["body ran", "createTask returned"] true
 * ```
 */
export const eagerTaskFactory: TaskFactory = (body, options) =>
  new Task(body, { ...options, eager: options?.eager ?? true });

/**
 * The task whose code is running now, like Python's `asyncio.current_task()`.
 *
 * @returns The task, or `undefined` outside any task.
 *
 * @example Reading the running task's name
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * await asyncio.createTask(async () => console.log(asyncio.currentTask()?.getName()), { name: "worker" });
 * ```
 */
export function currentTask(): Task<unknown> | undefined {
  return getCurrent() as Task<unknown> | undefined;
}

/**
 * The tasks not yet done, like Python's `asyncio.all_tasks()`.
 *
 * @returns A new set (safe to keep while tasks finish).
 *
 * @example Cancelling every running task
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * asyncio.createTask(() => asyncio.sleep(60_000));
 * for (const task of asyncio.allTasks()) task.cancel("interrupted");
 * ```
 */
export function allTasks(): Set<Task<unknown>> {
  return new Set(collectLive());
}
