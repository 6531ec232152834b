import { ensureFuture } from "./ensure-future";
import type { Awaitable } from "./ensure-future";
import type { Future } from "./future";
import type { SignalOptions } from "./sleep";
import { park } from "./task";
import { TimeoutError } from "./timeout-error";

/** Options of `asCompleted()`. */
export interface AsCompletedOptions extends SignalOptions {
  /** Milliseconds after which the next step throws `TimeoutError` if awaitables are left. Default: none. */
  timeout?: number | null;
}

/**
 * Yields futures as they finish, like Python 3.13's `async for t in asyncio.as_completed(aws)`: each item is a
 * settled future (a promise or async function becomes a task), so `await item` or `item.result()` gives its
 * value or throws its error, and you know which one finished.
 *
 * @param aws The awaitables.
 * @param options `timeout` for the whole iteration, `signal` to abort it.
 * @returns An async iterator of settled futures, in completion order.
 * @throws {TimeoutError} From the step at which the deadline passed (remaining work keeps running).
 *
 * @example Printing results as they arrive
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const jobs = [300, 100, 200].map((ms) => asyncio.sleep(ms, ms));
 * for await (const done of asyncio.asCompleted(jobs)) console.log(await done); // prints 100, then 200, then 300
 * ```
 */
export function asCompleted<T>(
  aws: Iterable<Awaitable<T>>,
  options?: AsCompletedOptions,
): AsyncIterableIterator<Future<T>> {
  const futures = [...new Set([...aws].map((aw) => ensureFuture(aw)))];
  const finished: Future<T>[] = [];
  let left = futures.length;
  let wake: (() => void) | null = null;
  const onDone = (f: Future<T>): void => {
    finished.push(f);
    wake?.();
  };
  for (const f of futures) f.addDoneCallback(onDone);
  const ms = options?.timeout;
  const deadline = ms === undefined || ms === null ? null : performance.now() + ms;
  const stop = (): void => {
    for (const f of futures) f.removeDoneCallback(onDone);
    left = 0;
    finished.length = 0;
  };
  const iterator: AsyncIterableIterator<Future<T>> = {
    async next(): Promise<IteratorResult<Future<T>>> {
      if (left === 0) return { done: true, value: undefined };
      if (finished.length === 0) {
        const remaining = deadline === null ? null : deadline - performance.now();
        let timedOut = false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          await park<void>(
            (resolve) => {
              wake = resolve;
              timer =
                remaining === null
                  ? undefined
                  : setTimeout(
                      () => {
                        timedOut = true;
                        resolve();
                      },
                      Math.max(0, remaining),
                    );
            },
            options?.signal,
            "asCompleted()",
          );
        } catch (e) {
          stop();
          throw e;
        } finally {
          wake = null;
          clearTimeout(timer);
        }
        if (timedOut && finished.length === 0) {
          stop();
          throw new TimeoutError(`asCompleted() timed out after ${ms} ms with awaitables still running.`);
        }
      }
      left--;
      return { done: false, value: finished.shift()! };
    },
    async return(): Promise<IteratorResult<Future<T>>> {
      stop();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
