import { park } from "./task";

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Options of waiting calls. */
export interface SignalOptions {
  /** Aborting it rejects the wait with the signal's reason (a bare `abort()` gives a `CancelledError`). */
  signal?: AbortSignal;
}

/**
 * Waits `ms` milliseconds, like Python's `asyncio.sleep(seconds)` but in milliseconds. `sleep(0)` lets every
 * other ready task run once before continuing.
 *
 * @param ms How long, in milliseconds (negative counts as 0; `Infinity` waits until cancelled).
 * @param value What the returned promise resolves to.
 * @param options `signal` to abort the wait.
 * @returns A promise of `value`.
 * @throws {CancelledError} If the running task is cancelled, or `signal` is aborted without a reason.
 *
 * @example Printing after two seconds (the seed notebook's first cell)
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * async function sayHelloAsync() {
 *   await asyncio.sleep(2000);
 *   console.log("Hello, Async World!");
 * }
 * await sayHelloAsync();
 * ```
 */
export function sleep(ms: number): Promise<void>;
export function sleep<T>(ms: number, value: T, options?: SignalOptions): Promise<T>;
export function sleep<T>(ms: number, value?: T, options?: SignalOptions): Promise<T | undefined> {
  if (typeof ms !== "number" || Number.isNaN(ms)) {
    throw new TypeError(`sleep() needs a delay in milliseconds, but received ${String(ms)}.`);
  }
  return park<T | undefined>(
    (resolve) => {
      // Node's timers overflow above 2^31 - 1 ms (and fire after 1 ms): longer sleeps re-arm; Infinity never fires.
      if (ms === Infinity) return undefined;
      const deadline = performance.now() + ms;
      let timer: ReturnType<typeof setTimeout>;
      const arm = (left: number): void => {
        const chunked = left > MAX_TIMER_MS;
        timer = setTimeout(
          () => (chunked ? arm(deadline - performance.now()) : resolve(value)),
          chunked ? MAX_TIMER_MS : Math.max(0, left),
        );
      };
      arm(ms);
      return () => clearTimeout(timer);
    },
    options?.signal,
    `sleep(${ms} ms)`,
  );
}
