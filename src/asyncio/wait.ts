import { ensureFuture } from "./ensure-future";
import type { Awaitable } from "./ensure-future";
import type { Future } from "./future";
import type { SignalOptions } from "./sleep";
import { park } from "./task";

/**
 * `wait()` returns when any awaitable finishes or is cancelled.
 *
 * @example Passing it to wait()
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const [done] = await asyncio.wait([asyncio.sleep(5), asyncio.sleep(10)], { returnWhen: asyncio.FIRST_COMPLETED });
 * console.log(done.size);
 * ```
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * `wait()` returns when any awaitable fails, or when all finish.
 *
 * @example Passing it to wait()
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const [done] = await asyncio.wait([asyncio.sleep(5), asyncio.sleep(10)], { returnWhen: asyncio.FIRST_EXCEPTION });
 * console.log(done.size);
 * ```
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * `wait()` returns when all awaitables finish (the default).
 *
 * @example Passing it to wait()
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const [done] = await asyncio.wait([asyncio.sleep(5), asyncio.sleep(10)], { returnWhen: asyncio.ALL_COMPLETED });
 * console.log(done.size);
 * ```
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/** When `wait()` returns. */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Options of `wait()`. */
export interface WaitOptions extends SignalOptions {
  /** Return after this many milliseconds even if the condition is not met. Default: no limit. */
  timeout?: number | null;
  /** The condition. Default `ALL_COMPLETED`. */
  returnWhen?: ReturnWhen;
}

/**
 * Waits for futures until a condition holds, like Python's `asyncio.wait`. Never throws the awaitables'
 * errors and never cancels them: inspect the returned sets.
 *
 * @param aws The futures (promises and async functions become tasks; the sets then hold those tasks).
 * @param options `timeout`, `returnWhen`, `signal`.
 * @returns `[done, pending]`, two sets.
 * @throws {RangeError} If `aws` is empty (as Python's `ValueError`) or `returnWhen` is unknown.
 *
 * @example Taking the first of two results
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const tasks = [asyncio.createTask(() => asyncio.sleep(10, "a")), asyncio.createTask(() => asyncio.sleep(50, "b"))];
 * const [done, pending] = await asyncio.wait(tasks, { returnWhen: asyncio.FIRST_COMPLETED });
 * for (const t of done) console.log(t.result()); // "a"
 * for (const t of pending) t.cancel();
 * ```
 */
export async function wait<T>(
  aws: Iterable<Awaitable<T>>,
  options?: WaitOptions,
): Promise<[Set<Future<T>>, Set<Future<T>>]> {
  const futures = new Set([...aws].map((aw) => ensureFuture(aw)));
  if (futures.size === 0) throw new RangeError("Set of Tasks/Futures is empty: pass at least one awaitable.");
  const returnWhen = options?.returnWhen ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new RangeError(
      `Invalid returnWhen value: ${String(returnWhen)}. Use FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED.`,
    );
  }
  const isMet = (): boolean => {
    let pending = 0;
    for (const f of futures) {
      if (!f.done()) pending++;
      else if (returnWhen === FIRST_COMPLETED) return true;
      else if (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== undefined) return true;
    }
    return pending === 0;
  };
  if (!isMet()) {
    let cleanup = (): void => undefined;
    try {
      await park<void>(
        (resolve) => {
          const onDone = (): void => {
            if (isMet()) resolve();
          };
          for (const f of futures) f.addDoneCallback(onDone);
          const ms = options?.timeout;
          const timer = ms === undefined || ms === null ? undefined : setTimeout(resolve, Math.max(0, ms));
          cleanup = () => {
            clearTimeout(timer);
            for (const f of futures) f.removeDoneCallback(onDone);
          };
        },
        options?.signal,
        "wait()",
      );
    } finally {
      cleanup();
    }
  }
  const done = new Set<Future<T>>();
  const pending = new Set<Future<T>>();
  for (const f of futures) (f.done() ? done : pending).add(f);
  return [done, pending];
}
