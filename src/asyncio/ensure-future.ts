import { Future, isPromiseLike } from "./future";
import { Task } from "./task";

/** Anything the combinators accept: a future or task, any promise, or an async function to run as a task. */
export type Awaitable<T> = Future<T> | PromiseLike<T> | (() => PromiseLike<T>);

/**
 * Returns `aw` as a {@link Future}: futures and tasks unchanged, promises and async functions wrapped in a new
 * task, like Python's `asyncio.ensure_future`.
 *
 * @param aw A future, a promise, or an async function.
 * @returns A future settled like `aw`.
 * @throws {TypeError} If `aw` is none of those.
 *
 * @example Getting a cancellable handle on a promise
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const fut = asyncio.ensureFuture(() => asyncio.sleep(10, "ready"));
 * console.log(fut instanceof asyncio.Task, await fut); // true "ready"
 * ```
 */
export function ensureFuture<T>(aw: Awaitable<T>): Future<T> {
  if (aw instanceof Future) return aw;
  if (typeof aw === "function" || isPromiseLike(aw)) return new Task<T>(aw);
  throw new TypeError(
    `An awaitable was expected (a Future, a promise or an async function), but received ${String(aw)}.`,
  );
}
