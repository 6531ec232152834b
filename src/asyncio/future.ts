import { CancelledError } from "./cancelled-error";
import { InvalidStateError } from "./invalid-state-error";
import { callSoonMicrotask } from "./internal/call-soon";
import { onAwait } from "./internal/context";
import { failureWatchers } from "./internal/hook-state";
import { describeError } from "./exception-group";
import { callExceptionHandler } from "./exception-handler";
import { inspect } from "node:util";

export const PENDING = 0;
export const DONE = 1;
export const FAILED = 2;
export const CANCELLED = 3;
type SettledState = typeof DONE | typeof FAILED | typeof CANCELLED;

const STATE_NAMES = ["pending", "finished", "failed", "cancelled"] as const;
/** The display protocol JavaScript kernels (Deno's, ours) look for on a cell's value. */
const DISPLAY = Symbol.for("Jupyter.display");

type Callback = (future: never) => void;

const noop = (): void => undefined;
const STATE_MASK = 3;
const OBSERVED = 4;

/** The native promise `then` hands out while a future is pending, kept among its waiters. */
class Deferred {
  readonly promise: Promise<unknown>;
  resolve: (value: unknown) => void = noop;
  reject: (error: unknown) => void = noop;

  constructor() {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

/**
 * @internal A done callback of the library split in two, for combinators watching many futures (gather):
 * `settled` runs as the future settles, only to count, and returns whether `decide` must run; `decide` then
 * runs soon, exactly where a done callback registered at the same place would have. Futures whose outcome
 * changes nothing (all but the deciding one) thus cost no scheduling. Registered after an awaiter (see
 * `notifyAll`), both parts run together, late, like such a callback.
 */
export class SettleWatch {
  constructor(
    readonly settled: (future: Future<unknown>) => boolean,
    readonly decide: (future: Future<unknown>) => void,
  ) {}

  /** Both parts at once: what a plain done callback does. */
  readonly whole = (future: Future<unknown>): void => {
    if (this.settled(future)) this.decide(future);
  };
}

/** Who waits for a future: a done callback, the promise behind `then`, or a library watch. */
type Waiter = Callback | Deferred | SettleWatch;

/** Settles a future from inside the library (tasks, gather, executors); `false` if it was already settled. */
export let settleFuture: <T>(future: Future<T>, state: SettledState, value: unknown) => boolean;
let settle: typeof settleFuture;
let observe: (future: Future<unknown>) => void;
let asPromise: <T>(future: Future<T>) => Promise<T>;
let stateOf: (future: Future<unknown>) => number;
/** @internal A future's state (`PENDING`, `DONE`, `FAILED` or `CANCELLED`), without marking it observed. */
export let futureState: (future: Future<unknown>) => number;
/** @internal A settled future's result or error, without marking it observed (for combinators). */
export let settledValue: (future: Future<unknown>) => unknown;
let isObserved: (future: Future<unknown>) => boolean;
let addWaiter: (future: Future<unknown>, waiter: Waiter) => void;
let removeCallback: (future: Future<unknown>, callback: Callback) => number;
/**
 * @internal Like `addDoneCallback` for a {@link SettleWatch}: marks the future observed, and runs the watch
 * soon, whole, if the future is already settled.
 */
export let watchFuture: (future: Future<unknown>, watch: SettleWatch) => void;

function notify(waiter: Waiter, future: Future<unknown>, state: number, value: unknown): void {
  if (waiter instanceof Deferred) {
    if (state === DONE) waiter.resolve(value);
    else waiter.reject(value);
  } else if (waiter instanceof SettleWatch) {
    if (waiter.settled(future)) callSoonMicrotask(waiter.decide, future);
  } else callSoonMicrotask(waiter as (f: unknown) => void, future);
}
/**
 * Notifies several waiters. Python runs callbacks and the wake-ups of awaiting tasks in the order they were
 * registered; the awaiters resume a few promise ticks after the one promise settles, so callbacks registered
 * after it (after someone began awaiting) wait until those awaiters have taken their step. Kept out of
 * `settle`, which stays small on the path every task takes.
 */
function notifyAll(waiters: Waiter[], future: Future<unknown>, state: number, value: unknown): void {
  let awaited = -1;
  for (let i = 0; i < waiters.length; i++) {
    if (waiters[i] instanceof Deferred) {
      awaited = i;
      notify(waiters[i], future, state, value);
    }
  }
  let late: Callback[] | null = null;
  for (let i = 0; i < waiters.length; i++) {
    const w = waiters[i];
    if (w instanceof Deferred) continue;
    if (awaited >= 0 && i > awaited) (late ??= []).push(w instanceof SettleWatch ? w.whole : w);
    else notify(w, future, state, value);
  }
  if (late !== null) afterAwaiters(late, future);
}

/**
 * Schedules done callbacks to run after the tasks awaiting the same future took their next step: the awaiter
 * resumes two promise ticks after the future settles, and a task whose code returns right there settles one
 * tick later; the callbacks run after that (CPython issue 26923: a gather cancelled from such a callback
 * must find its finished child done).
 */
function afterAwaiters(callbacks: Callback[], future: Future<unknown>): void {
  queueMicrotask(() =>
    queueMicrotask(() => {
      for (const cb of callbacks) callSoonMicrotask(cb as (f: unknown) => void, future);
    }),
  );
}

/**
 * @internal Stores `value` in a pending future's value slot (unused until it settles): a task keeps its body
 * there until it starts, saving a field per task. Read it back with {@link pendingValue}.
 */
export let pendingSlot: (future: Future<unknown>, value: unknown) => void;

/** @internal What a pending future's value slot holds (see {@link pendingSlot}); `undefined` once settled. */
export let pendingValue: (future: Future<unknown>) => unknown;

/**
 * A result that is not there yet, like Python's `asyncio.Future`: settled once with `setResult`,
 * `setException` or `cancel`, and awaitable (it is a `PromiseLike`). Done callbacks run soon after settling,
 * in the order they were added, never synchronously inside `setResult`.
 *
 * Awaiting a pending future inside a task ties them: cancelling the task cancels the future.
 *
 * @typeParam T The result type.
 *
 * @example Settling a future from another coroutine (the seed notebook's example)
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * async function asyncOperation(future: asyncio.Future<string>, data: string) {
 *   await asyncio.sleep(1000);
 *   if (data === "success") future.setResult("Operation succeeded");
 *   else future.setException(new Error("Operation failed"));
 * }
 *
 * const future = new asyncio.Future<string>();
 * await asyncOperation(future, "success");
 * if (future.done()) console.log(future.result()); // "Operation succeeded"
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  // The layout is kept small on purpose (a notebook may hold 100,000 tasks): the state and the "observed" bit
  // share one field, and there are no private methods (V8 gives every instance of a class with private
  // methods an extra hidden field); the helpers live in the static block below instead.
  /** The state (low two bits) and whether anyone looked at the outcome (`OBSERVED`): else a failure is logged. */
  #flags: number = PENDING;
  /** The result or error once settled; while pending, a slot subclasses may use (a task keeps its body there). */
  #value: unknown = undefined;
  // Done callbacks and the native promise behind `then` (created on first use), in one field until the future
  // settles: one waiter is stored bare, more in an array; most futures have zero or one.
  #waiters: Waiter | Waiter[] | null = null;

  static {
    settle = (future, state, value) => {
      if ((future.#flags & STATE_MASK) !== PENDING) return false;
      future.#flags = (future.#flags & OBSERVED) | state;
      future.#value = value;
      if (state === FAILED && (future.#flags & OBSERVED) === 0) watchUnobserved(future, value);
      const waiters = future.#waiters;
      if (waiters === null) return true;
      future.#waiters = null;
      // Promises settle now (their reactions run as microtasks); done callbacks are scheduled, in order.
      if (!Array.isArray(waiters)) notify(waiters, future, state, value);
      else notifyAll(waiters, future, state, value);
      return true;
    };
    settleFuture = settle;
    observe = (future) => {
      const flags = future.#flags;
      if ((flags & OBSERVED) !== 0) return;
      future.#flags = flags | OBSERVED;
      if ((flags & STATE_MASK) === FAILED) {
        unobserved.unregister(future);
        if (failureWatchers !== null) for (const w of failureWatchers) w.retrieved?.(future);
      }
    };
    stateOf = (future) => future.#flags & STATE_MASK;
    futureState = stateOf;
    settledValue = (future) => ((future.#flags & STATE_MASK) === PENDING ? undefined : future.#value);
    isObserved = (future) => (future.#flags & OBSERVED) !== 0;
    pendingValue = (future) => ((future.#flags & STATE_MASK) === PENDING ? future.#value : undefined);
    pendingSlot = (future, value) => {
      if ((future.#flags & STATE_MASK) === PENDING) future.#value = value;
    };
    asPromise = <V>(future: Future<V>): Promise<V> => {
      observe(future);
      const state = future.#flags & STATE_MASK;
      if (state === DONE) return Promise.resolve(future.#value as V);
      if (state !== PENDING) return Promise.reject(future.#value);
      const waiters = future.#waiters;
      if (waiters instanceof Deferred) return waiters.promise as Promise<V>;
      if (Array.isArray(waiters)) {
        for (const w of waiters) if (w instanceof Deferred) return w.promise as Promise<V>;
      }
      const deferred = new Deferred();
      addWaiter(future, deferred);
      return deferred.promise as Promise<V>;
    };
    addWaiter = (future, waiter) => {
      const waiters = future.#waiters;
      if (waiters === null) future.#waiters = waiter;
      else if (Array.isArray(waiters)) waiters.push(waiter);
      else future.#waiters = [waiters, waiter];
    };
    watchFuture = (future, watch) => {
      observe(future);
      if ((future.#flags & STATE_MASK) !== PENDING) callSoonMicrotask(watch.whole, future);
      else addWaiter(future, watch);
    };
    removeCallback = (future, callback) => {
      const waiters = future.#waiters;
      if (waiters === null) return 0;
      if (!Array.isArray(waiters)) {
        if (waiters !== callback) return 0;
        future.#waiters = null;
        return 1;
      }
      const kept = waiters.filter((w) => w !== callback);
      future.#waiters = kept.length === 0 ? null : kept.length === 1 ? kept[0] : kept;
      return waiters.length - kept.length;
    };
  }

  /** `true` once the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return (this.#flags & STATE_MASK) !== PENDING;
  }

  /** `true` if the future was cancelled. */
  cancelled(): boolean {
    return (this.#flags & STATE_MASK) === CANCELLED;
  }

  /**
   * The result.
   *
   * @returns The value passed to `setResult`.
   * @throws {CancelledError} If the future was cancelled.
   * @throws {InvalidStateError} If it is still pending.
   * @throws The exception passed to `setException`.
   */
  result(): T {
    observe(this);
    if ((this.#flags & STATE_MASK) === DONE) return this.#value as T;
    if ((this.#flags & STATE_MASK) === PENDING) throw new InvalidStateError("Result is not ready.");
    throw this.#value;
  }

  /**
   * The exception, without throwing it.
   *
   * @returns The exception passed to `setException`, or `undefined` if the future succeeded.
   * @throws {CancelledError} If the future was cancelled.
   * @throws {InvalidStateError} If it is still pending.
   */
  exception(): unknown {
    observe(this);
    if ((this.#flags & STATE_MASK) === FAILED) return this.#value;
    if ((this.#flags & STATE_MASK) === DONE) return undefined;
    if ((this.#flags & STATE_MASK) === PENDING) throw new InvalidStateError("Exception is not set.");
    throw this.#value;
  }

  /**
   * Marks the future done with a result and schedules its callbacks.
   *
   * @param value The result.
   * @throws {InvalidStateError} If the future is already settled.
   */
  setResult(value: T): void {
    if (!settle(this, DONE, value)) throw alreadySettled(this, "setResult");
  }

  /**
   * Marks the future failed and schedules its callbacks.
   *
   * @param error The exception that `await` and `result()` will throw.
   * @throws {InvalidStateError} If the future is already settled.
   */
  setException(error: unknown): void {
    if (!settle(this, FAILED, error)) throw alreadySettled(this, "setException");
  }

  /**
   * Cancels the future: awaiting it then throws `CancelledError(msg)`.
   *
   * @param msg Why, carried by the `CancelledError`.
   * @returns `false` if the future was already settled, `true` otherwise.
   */
  cancel(msg?: string): boolean {
    return settle(this, CANCELLED, new CancelledError(msg));
  }

  /**
   * Calls `callback(future)` soon after the future settles (soon, not now, if it already has).
   *
   * @param callback Receives this future.
   */
  addDoneCallback(callback: (future: Future<T>) => void): void {
    observe(this);
    if ((this.#flags & STATE_MASK) !== PENDING) callSoonMicrotask(callback, this);
    else addWaiter(this, callback as Callback);
  }

  /**
   * Removes every registration of `callback`.
   *
   * @param callback A function passed to `addDoneCallback`.
   * @returns How many registrations were removed.
   */
  removeDoneCallback(callback: (future: Future<T>) => void): number {
    return removeCallback(this, callback as Callback);
  }

  /** Lets `await` and `Promise.all` consume the future. Inside a task, ties the task's cancellation to it. */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if ((this.#flags & STATE_MASK) === PENDING && onAwait !== null) {
      const refused = onAwait(this);
      // A task awaiting itself would never end: Python raises RuntimeError at that await.
      if (refused !== undefined) return Promise.reject(refused).then(onfulfilled, onrejected);
    }
    return asPromise(this).then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return asPromise(this).finally(onfinally);
  }

  /** Python's repr: `<Future pending>`, `<Future finished result=1>`. */
  toString(): string {
    const state = STATE_NAMES[this.#flags & STATE_MASK];
    if ((this.#flags & STATE_MASK) === DONE)
      return `<${this.constructor.name} ${state} result=${String(this.#value)}>`;
    if ((this.#flags & STATE_MASK) === FAILED)
      return `<${this.constructor.name} ${state} exception=${describeError(this.#value)}>`;
    return `<${this.constructor.name} ${state}>`;
  }

  /** Rows of the rich display: [label, value] pairs after the state; subclasses add theirs. */
  protected _displayRows(): [string, string][] {
    if ((this.#flags & STATE_MASK) === DONE)
      return [["result", inspect(this.#value, { depth: 2, breakLength: 100 })]];
    if ((this.#flags & STATE_MASK) === FAILED) return [["exception", describeError(this.#value)]];
    if ((this.#flags & STATE_MASK) === CANCELLED) return [["message", describeError(this.#value)]];
    return [];
  }

  /**
   * Rich display (the `Symbol.for("Jupyter.display")` protocol of JavaScript kernels): as a notebook cell's
   * last expression a future or task shows its state and its result or error as a small table.
   *
   * @returns A MIME bundle with `text/plain` (the repr) and `text/html`.
   *
   * @example
   * ```ts
   * import * as asyncio from "tslab-asyncio";
   *
   * const task = asyncio.createTask(() => asyncio.sleep(10, 42), { name: "answer" });
   * await task;
   * task; // shows: Task 'answer' · finished · result 42
   * ```
   */
  [DISPLAY](): { "text/plain": string; "text/html": string } {
    const rows: [string, string][] = [
      ["state", STATE_NAMES[this.#flags & STATE_MASK]],
      ...this._displayRows(),
    ];
    const cells = rows
      .map(
        ([k, v]) =>
          `<tr><th style="text-align:left">${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`,
      )
      .join("");
    return {
      "text/plain": this.toString(),
      "text/html": `<table><caption style="text-align:left">${escapeHtml(this.constructor.name)}</caption>${cells}</table>`,
    };
  }
}

function alreadySettled(future: Future<unknown>, method: string): InvalidStateError {
  return new InvalidStateError(
    `${method}() called on a ${future.constructor.name.toLowerCase()} that is already ${STATE_NAMES[stateOf(future)]}: a future is settled once.`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Like Python's "Task exception was never retrieved": a failure nobody awaited or inspected goes to the loop
// exception handler when the future is garbage-collected (so a later `await` never causes a false alarm),
// unless a failure watcher took the report over.
interface Unretrieved {
  kind: string;
  repr: string;
  error: unknown;
}
const unobserved = new FinalizationRegistry<Unretrieved>(({ kind, repr, error }) => {
  callExceptionHandler({
    message: `${kind} exception was never retrieved`,
    exception: error,
    futureRepr: repr,
  });
});

function watchUnobserved(future: Future<unknown>, error: unknown): void {
  if (failureWatchers !== null) {
    let takenOver = false;
    for (const w of failureWatchers) if (w.unretrieved?.(future, error) === true) takenOver = true;
    // A watcher may have retrieved the outcome itself (exception()), which also ends the watch.
    if (takenOver || isObserved(future)) return;
  }
  // Reading `stack` formats it now: until then V8 keeps the raw frames, whose async ones reach the task (an
  // error held here would keep its own future alive and never be reported).
  if (error instanceof Error) void error.stack;
  unobserved.register(future, { kind: future.constructor.name, repr: String(future), error }, future);
}

/** Whether `x` has a callable `then`, i.e. can be awaited as a promise. */
export function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null &&
    (typeof x === "object" || typeof x === "function") &&
    typeof (x as { then?: unknown }).then === "function"
  );
}
