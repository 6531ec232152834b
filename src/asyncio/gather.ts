import { CancelledError } from "./cancelled-error";
import {
  DONE,
  FAILED,
  Future,
  PENDING,
  SettleWatch,
  futureState,
  isPromiseLike,
  settledValue,
  settleFuture,
  watchFuture,
} from "./future";
import { AWAITED } from "./internal/context";
import { Task } from "./task";

/** Options of `gather`, passed as its last argument. */
export interface GatherOptions {
  /**
   * When `true`, failures (and cancellations) become entries of the result instead of rejecting it; values
   * thrown that are not `Error`s are wrapped in one (the original is its `cause`). Default `false`.
   */
  returnExceptions?: boolean;
}

/** The results of `gather(...aws)`: one entry per awaitable, in argument order. */
export type GatherResults<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> };

/** The results of `gather(...aws, { returnExceptions: true })`: each a value or the error it failed with. */
export type GatherSettled<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> | Error };

class GatheringFuture<T> extends Future<T> {
  readonly #children: readonly Future<unknown>[];
  cancelRequested = false;
  /** The message of the `cancel(msg)` that was accepted, for the final `CancelledError`. */
  cancelMessage: string | undefined = undefined;

  constructor(children: readonly Future<unknown>[]) {
    super();
    this.#children = children;
  }

  /** @internal What a task awaiting this gather waits for, as recorders see it. */
  get [AWAITED](): readonly Future<unknown>[] {
    return this.#children;
  }

  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let any = false;
    for (const child of this.#children) if (child.cancel(msg)) any = true;
    // Python waits for the children to finish, then raises CancelledError from the gather.
    if (any) {
      this.cancelRequested = true;
      this.cancelMessage = msg;
    }
    return any;
  }
}

/**
 * Runs awaitables concurrently and resolves to their results in argument order, like Python's
 * `asyncio.gather`. Promises are wrapped in tasks (so they show on timelines). Result types follow the
 * argument types: `gather(p1, p2)` with `Promise<number>` and `Promise<string>` gives `[number, string]`.
 *
 * The first failure rejects the gather; the other awaitables keep running (as in Python). Cancelling the
 * gather (or the task awaiting it) cancels every child that is still running.
 *
 * @param aws The awaitables, optionally followed by {@link GatherOptions}.
 * @returns A future of the results.
 * @throws The first error, unless `returnExceptions` is set; `CancelledError` if a child was cancelled.
 *
 * @example Two coroutines at once (the seed notebook's second cell)
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * async function sayHelloAsync() {
 *   await asyncio.sleep(2000);
 *   console.log("Hello, Async World!");
 * }
 * async function doSomethingElse() {
 *   console.log("Doing something else...");
 *   await asyncio.sleep(1000);
 *   console.log("Finished something else.");
 * }
 * console.log(await asyncio.gather(sayHelloAsync(), doSomethingElse())); // [undefined, undefined]
 * ```
 */
export function gather<T extends readonly PromiseLike<unknown>[]>(...aws: T): Future<GatherResults<T>>;
export function gather<T extends readonly PromiseLike<unknown>[]>(
  ...args: [...T, GatherOptions & { returnExceptions: true }]
): Future<GatherSettled<T>>;
export function gather<T extends readonly PromiseLike<unknown>[]>(
  ...args: [...T, GatherOptions]
): Future<GatherResults<T>>;
export function gather(...args: unknown[]): Future<unknown[]> {
  let returnExceptions = false;
  const last = args[args.length - 1];
  if (args.length > 0 && typeof last === "object" && last !== null && !isPromiseLike(last)) {
    returnExceptions = (last as GatherOptions).returnExceptions === true;
    args.pop();
  }
  const n = args.length;
  // The rest array is ours: it becomes the children in place (one array less per gather of 100,000 tasks).
  const children = args as Future<unknown>[];
  for (let i = 0; i < n; i++) {
    const aw = args[i];
    if (aw instanceof Future) continue;
    if (isPromiseLike(aw)) children[i] = new Task(aw);
    else {
      throw new TypeError(
        `gather() argument ${i + 1} is not awaitable: received ${String(aw)}. Pass promises, futures or tasks.`,
      );
    }
  }
  const outer = new GatheringFuture<unknown[]>(children);
  if (n === 0) {
    outer.setResult([]);
    return outer;
  }
  let remaining = n;
  // One shared watch (no closure per child). Counting runs as each child settles; only the child that decides
  // the outcome (the first failure, or the last child) schedules `decide`, which runs where a done callback
  // would have and reads the results from the children. `watchFuture` marked each child observed, so their
  // outcomes are read without doing it again.
  const settled = (child: Future<unknown>): boolean => {
    if (futureState(outer) !== PENDING) return false;
    if (!returnExceptions && futureState(child) !== DONE) return true;
    return --remaining === 0;
  };
  const decide = (child: Future<unknown>): void => {
    if (futureState(outer) !== PENDING) return;
    if (!returnExceptions && futureState(child) !== DONE) {
      settleFuture(outer, FAILED, settledValue(child));
      return;
    }
    if (outer.cancelRequested) {
      settleFuture(outer, FAILED, new CancelledError(outer.cancelMessage));
      return;
    }
    const results: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = children[i];
      const value = settledValue(c);
      if (futureState(c) === DONE) results[i] = value;
      else results[i] = value instanceof Error ? value : wrapThrown(value);
    }
    settleFuture(outer, DONE, results);
  };
  const watch = new SettleWatch(settled, decide);
  for (let i = 0; i < n; i++) {
    const child = children[i];
    // A subclass with its own addDoneCallback gets a plain callback through it, as before.
    if (child.addDoneCallback === plainAddDoneCallback) watchFuture(child, watch);
    else child.addDoneCallback(watch.whole);
  }
  return outer;
}

const plainAddDoneCallback = Future.prototype.addDoneCallback;

function wrapThrown(value: unknown): Error {
  return new Error(`A non-Error value was thrown: ${String(value)}`, { cause: value });
}
