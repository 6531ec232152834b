import { CancelledError } from "./cancelled-error";
import { InvalidStateError } from "./invalid-state-error";
import { callSoonMicrotask } from "./internal/call-soon";
import { onAwait } from "./internal/context";
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

/** Settles a future from inside the library (tasks, gather, executors); `false` if it was already settled. */
export let settleFuture: <T>(future: Future<T>, state: SettledState, value: unknown) => boolean;

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
  #state: number = PENDING;
  #value: unknown = undefined;
  // One callback is stored bare, more in an array: most futures have zero or one.
  // Typed with `never` so that Future<T> stays covariant in T (a Task<number> is a Future<unknown>).
  #callbacks: Callback | Callback[] | null = null;
  // The native promise behind `then`, created on first use; resolve/reject are kept while it is pending.
  /** Whether anyone looked at the outcome (await, result, exception, callbacks): else a failure is logged. */
  #observed = false;
  // Method syntax keeps Future<T> covariant in T (a Task<number> is a Future<unknown>).
  #deferred: {
    promise: Promise<T>;
    pending: boolean;
    resolve(value: T): void;
    reject(error: unknown): void;
  } | null = null;

  static {
    settleFuture = (future, state, value) => future.#settle(state, value);
  }

  #settle(state: SettledState, value: unknown): boolean {
    if (this.#state !== PENDING) return false;
    this.#state = state;
    this.#value = value;
    if (state === FAILED && !this.#observed) watchUnobserved(this, value);
    const deferred = this.#deferred;
    if (deferred !== null && deferred.pending) {
      deferred.pending = false;
      if (state === DONE) deferred.resolve(value as T);
      else deferred.reject(value);
    }
    const callbacks = this.#callbacks;
    if (callbacks !== null) {
      this.#callbacks = null;
      if (typeof callbacks === "function") callSoonMicrotask(callbacks as (f: this) => void, this);
      else for (const cb of callbacks) callSoonMicrotask(cb as (f: this) => void, this);
    }
    return true;
  }

  /** `true` once the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this.#state !== PENDING;
  }

  /** `true` if the future was cancelled. */
  cancelled(): boolean {
    return this.#state === CANCELLED;
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
    this.#observe();
    if (this.#state === DONE) return this.#value as T;
    if (this.#state === PENDING) throw new InvalidStateError("Result is not ready.");
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
    this.#observe();
    if (this.#state === FAILED) return this.#value;
    if (this.#state === DONE) return undefined;
    if (this.#state === PENDING) throw new InvalidStateError("Exception is not set.");
    throw this.#value;
  }

  /**
   * Marks the future done with a result and schedules its callbacks.
   *
   * @param value The result.
   * @throws {InvalidStateError} If the future is already settled.
   */
  setResult(value: T): void {
    if (!this.#settle(DONE, value)) throw this.#alreadySettled("setResult");
  }

  /**
   * Marks the future failed and schedules its callbacks.
   *
   * @param error The exception that `await` and `result()` will throw.
   * @throws {InvalidStateError} If the future is already settled.
   */
  setException(error: unknown): void {
    if (!this.#settle(FAILED, error)) throw this.#alreadySettled("setException");
  }

  /**
   * Cancels the future: awaiting it then throws `CancelledError(msg)`.
   *
   * @param msg Why, carried by the `CancelledError`.
   * @returns `false` if the future was already settled, `true` otherwise.
   */
  cancel(msg?: string): boolean {
    return this.#settle(CANCELLED, new CancelledError(msg));
  }

  /**
   * Calls `callback(future)` soon after the future settles (soon, not now, if it already has).
   *
   * @param callback Receives this future.
   */
  addDoneCallback(callback: (future: Future<T>) => void): void {
    this.#observe();
    const callbacks = this.#callbacks;
    if (this.#state !== PENDING) callSoonMicrotask(callback, this);
    else if (callbacks === null) this.#callbacks = callback;
    else if (typeof callbacks === "function") this.#callbacks = [callbacks, callback];
    else callbacks.push(callback);
  }

  /**
   * Removes every registration of `callback`.
   *
   * @param callback A function passed to `addDoneCallback`.
   * @returns How many registrations were removed.
   */
  removeDoneCallback(callback: (future: Future<T>) => void): number {
    const callbacks = this.#callbacks;
    if (callbacks === null) return 0;
    if (typeof callbacks === "function") {
      if (callbacks !== callback) return 0;
      this.#callbacks = null;
      return 1;
    }
    const kept = callbacks.filter((cb) => cb !== callback);
    this.#callbacks = kept;
    return callbacks.length - kept.length;
  }

  /** Lets `await` and `Promise.all` consume the future. Inside a task, ties the task's cancellation to it. */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (this.#state === PENDING && onAwait !== null) onAwait(this);
    return this.#asPromise().then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#asPromise().finally(onfinally);
  }

  #observe(): void {
    if (this.#observed) return;
    this.#observed = true;
    if (this.#state === FAILED) unobserved.unregister(this);
  }

  #asPromise(): Promise<T> {
    this.#observe();
    if (this.#deferred === null) {
      if (this.#state === DONE)
        this.#deferred = {
          promise: Promise.resolve(this.#value as T),
          pending: false,
          resolve: noop,
          reject: noop,
        };
      else if (this.#state !== PENDING)
        this.#deferred = {
          promise: Promise.reject(this.#value),
          pending: false,
          resolve: noop,
          reject: noop,
        };
      else {
        let resolve: (value: T) => void = noop;
        let reject: (error: unknown) => void = noop;
        const promise = new Promise<T>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        this.#deferred = { promise, pending: true, resolve, reject };
      }
    }
    return this.#deferred.promise;
  }

  #alreadySettled(method: string): InvalidStateError {
    return new InvalidStateError(
      `${method}() called on a ${this.constructor.name.toLowerCase()} that is already ${STATE_NAMES[this.#state]}: a future is settled once.`,
    );
  }

  /** Python's repr: `<Future pending>`, `<Future finished result=1>`. */
  toString(): string {
    const state = STATE_NAMES[this.#state];
    if (this.#state === DONE) return `<${this.constructor.name} ${state} result=${String(this.#value)}>`;
    if (this.#state === FAILED)
      return `<${this.constructor.name} ${state} exception=${errorLine(this.#value)}>`;
    return `<${this.constructor.name} ${state}>`;
  }

  /** Rows of the rich display: [label, value] pairs after the state; subclasses add theirs. */
  protected _displayRows(): [string, string][] {
    if (this.#state === DONE) return [["result", inspect(this.#value, { depth: 2, breakLength: 100 })]];
    if (this.#state === FAILED) return [["exception", errorLine(this.#value)]];
    if (this.#state === CANCELLED) return [["message", errorLine(this.#value)]];
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
    const rows: [string, string][] = [["state", STATE_NAMES[this.#state]], ...this._displayRows()];
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

function errorLine(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.trimEnd();
  return String(error);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Like Python's "Task exception was never retrieved": a failure nobody awaited or inspected is logged when the
// future is garbage-collected (so a later `await` never causes a false alarm).
const unobserved = new FinalizationRegistry<string>((report) => {
  console.error(report);
});

function watchUnobserved<T>(future: Future<T>, error: unknown): void {
  const kind = future.constructor.name;
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  unobserved.register(future, `${kind} exception was never retrieved: ${String(future)}\n${detail}`, future);
}

/** Whether `x` has a callable `then`, i.e. can be awaited as a promise. */
export function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null &&
    (typeof x === "object" || typeof x === "function") &&
    typeof (x as { then?: unknown }).then === "function"
  );
}
