import { DONE, FAILED, Future, settleFuture } from "./future";
import { ensureFuture } from "./ensure-future";
import type { Awaitable } from "./ensure-future";

/**
 * Protects an awaitable from cancellation, like Python's `asyncio.shield`: cancelling the task that awaits the
 * shield (or the returned future) does not cancel the inner work, which keeps running to completion.
 *
 * @param aw The work to protect (a promise or async function becomes a task).
 * @returns A future settled like `aw`, unless it is cancelled itself first.
 *
 * @example Letting a save finish even if the caller is cancelled
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const save = asyncio.createTask(() => asyncio.sleep(50, "saved"));
 * const caller = asyncio.createTask(() => asyncio.shield(save));
 * await asyncio.sleep(10);
 * caller.cancel();
 * console.log(await save); // "saved": the inner task was not cancelled
 * ```
 */
export function shield<T>(aw: Awaitable<T>): Future<T> {
  const inner = ensureFuture(aw);
  if (inner.done()) return inner;
  const outer = new Future<T>();
  const onInnerDone = (f: Future<T>): void => {
    if (outer.done()) return;
    if (f.cancelled()) outer.cancel();
    else {
      const error = f.exception();
      if (error !== undefined) settleFuture(outer, FAILED, error);
      else settleFuture(outer, DONE, f.result());
    }
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(() => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  });
  return outer;
}
