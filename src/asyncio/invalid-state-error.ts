/**
 * Raised on misuse of a `Future` or `Task` in the wrong state: reading the result of a pending future, setting
 * the result of a finished one, and similar. Messages follow CPython's.
 *
 * @param message What was wrong and what to do instead.
 *
 * @example Reading a result too early
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const fut = new asyncio.Future<number>();
 * try {
 *   fut.result();
 * } catch (e) {
 *   console.log((e as Error).message); // "Result is not ready."
 * }
 * ```
 */
export class InvalidStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidStateError";
  }
}
