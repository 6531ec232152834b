import { getDefaultExecutor, shutdownDefaultExecutor } from "./default-executor";
import { ensureFuture } from "./ensure-future";
import type { Awaitable } from "./ensure-future";
import { Future } from "./future";
import {
  callExceptionHandler,
  defaultExceptionHandler,
  getExceptionHandler,
  setExceptionHandler,
} from "./exception-handler";
import type { ExceptionContext, ExceptionHandler } from "./exception-handler";
import { reportCallbackError } from "./internal/call-soon";
import { setHandlerLoop } from "./internal/hook-state";
import { getCurrent, now, recorders } from "./internal/context";
import { newId } from "./internal/debug-state";
import { getDebug, setDebug } from "./debug";
import { createTask, getTaskFactory, setTaskFactory } from "./task";
import type { Task, TaskBody, TaskFactory, TaskOptions } from "./task";
import type { ThreadPoolExecutor, WorkerFunction } from "./thread-pool-executor";

/**
 * A scheduled callback, like Python's `asyncio.Handle` / `TimerHandle`.
 *
 * @example Cancelling a timer
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const handle = asyncio.getRunningLoop().callLater(1000, () => console.log("never"));
 * handle.cancel();
 * console.log(handle.cancelled()); // true
 * ```
 */
export interface Handle {
  /** Stops the callback from running (no effect once it ran). */
  cancel(): void;
  /** `true` after `cancel()`. */
  cancelled(): boolean;
  /** For timers: the loop time (ms) it is due at. */
  when(): number;
  /** `<Handle name when=…>`, as the default exception handler prints it. */
  toString(): string;
}

/**
 * Python's event-loop API over Node's own loop (there is only one), as `getRunningLoop()` returns it. Time is
 * `performance.now()` in milliseconds.
 *
 * @example Scheduling callbacks
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const loop = asyncio.getRunningLoop();
 * const done = loop.createFuture<string>();
 * loop.callLater(100, (msg: string) => done.setResult(msg), "later");
 * console.log(await done, loop.time());
 * ```
 */
export class EventLoop {
  /**
   * The loop's clock: a monotonic time in milliseconds.
   *
   * @returns `performance.now()`.
   */
  time(): number {
    return now();
  }

  /**
   * Runs `callback(...args)` on the next loop iteration (`setImmediate`), like `loop.call_soon`.
   *
   * @param callback The function; errors are reported and do not stop the loop.
   * @param args Its arguments.
   * @returns A handle to cancel it.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => void, ...args: A): Handle {
    const run = timed(callback, args);
    const immediate = setImmediate(run.fire);
    return run.handle(now(), () => clearImmediate(immediate));
  }

  /**
   * Runs `callback(...args)` after `delayMs` milliseconds, like `loop.call_later` (with seconds → ms).
   *
   * @param delayMs The delay in milliseconds.
   * @param callback The function.
   * @param args Its arguments.
   * @returns A handle to cancel it.
   */
  callLater<A extends unknown[]>(delayMs: number, callback: (...args: A) => void, ...args: A): Handle {
    const run = timed(callback, args);
    const timer = setTimeout(run.fire, Math.max(0, delayMs));
    return run.handle(now() + Math.max(0, delayMs), () => clearTimeout(timer));
  }

  /**
   * Runs `callback(...args)` at loop time `when`, like `loop.call_at`.
   *
   * @param when A loop time in milliseconds (`loop.time() + ms`).
   * @param callback The function.
   * @param args Its arguments.
   * @returns A handle to cancel it.
   */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => void, ...args: A): Handle {
    return this.callLater(when - now(), callback, ...args);
  }

  /**
   * A new pending future, like `loop.create_future()`.
   *
   * @returns The future.
   */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>();
  }

  /**
   * Same as the module-level `createTask`.
   *
   * @param body The task's code.
   * @param options `name`.
   * @returns The task.
   */
  createTask<T>(body: TaskBody<T>, options?: TaskOptions): Task<T> {
    return createTask(body, options);
  }

  /**
   * Sets the factory `createTask()` uses, like `loop.set_task_factory()`: e.g. `eagerTaskFactory`.
   *
   * @param factory `(body, options) => Task`, or `null` for plain tasks.
   * @throws {TypeError} If `factory` is neither a function nor `null`.
   */
  setTaskFactory(factory: TaskFactory | null): void {
    setTaskFactory(factory);
  }

  /**
   * The factory set by `setTaskFactory`, like `loop.get_task_factory()`.
   *
   * @returns The factory, or `null`.
   */
  getTaskFactory(): TaskFactory | null {
    return getTaskFactory();
  }

  /**
   * Runs `fn(...args)` in an executor's worker thread, like `loop.run_in_executor(executor, fn, *args)`.
   *
   * @param executor A `ThreadPoolExecutor`, or `null` for the default one.
   * @param fn A self-contained function, or `{ module, export }`.
   * @param args Structured-cloned arguments.
   * @returns A future of the result.
   */
  runInExecutor<A extends unknown[], R>(
    executor: ThreadPoolExecutor | null,
    fn: WorkerFunction<A, R>,
    ...args: A
  ): Future<Awaited<R>> {
    return (executor ?? getDefaultExecutor()).submit(fn, ...args);
  }

  /**
   * Waits for a future, task, promise or async function, like `loop.run_until_complete` — returning a promise,
   * since a loop cannot be driven synchronously from inside itself (see `runSync` for why).
   *
   * @param aw What to wait for.
   * @returns Its result.
   */
  async runUntilComplete<T>(aw: Awaitable<T>): Promise<T> {
    return await ensureFuture(aw);
  }

  /**
   * Shuts the default executor down (see `shutdownDefaultExecutor`).
   */
  shutdownDefaultExecutor(): Promise<void> {
    return shutdownDefaultExecutor();
  }

  /** `true` while debug mode is on. */
  getDebug(): boolean {
    return getDebug();
  }

  /**
   * Turns debug mode on or off (see `setDebug`).
   *
   * @param on Whether to enable it.
   */
  setDebug(on: boolean): void {
    setDebug(on);
  }

  /** Node's loop is always running. */
  isRunning(): boolean {
    return true;
  }

  /**
   * Sets the exception handler (see the module-level `setExceptionHandler`), like
   * `loop.set_exception_handler`.
   *
   * @param handler `(loop, context) => void`, or `null` for the default.
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    setExceptionHandler(handler);
  }

  /**
   * The handler set by `setExceptionHandler`, like `loop.get_exception_handler()`.
   *
   * @returns The handler, or `null`.
   */
  getExceptionHandler(): ExceptionHandler | null {
    return getExceptionHandler();
  }

  /**
   * Reports a failure to the exception handler, like `loop.call_exception_handler(context)`.
   *
   * @param context What went wrong; `message` is required.
   */
  callExceptionHandler(context: ExceptionContext): void {
    callExceptionHandler(context);
  }

  /**
   * The default handler, like `loop.default_exception_handler(context)`: logs to `console.error`.
   *
   * @param context What went wrong.
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    defaultExceptionHandler(context);
  }
}

function timed<A extends unknown[]>(callback: (...args: A) => void, args: A) {
  let cancelled = false;
  let id = 0;
  let self: Handle | undefined = undefined;
  if (recorders !== null) {
    id = newId();
    const t = now();
    const parent = getCurrent();
    for (const r of recorders)
      r.created?.(id, "timer", callback.name || undefined, parent?.id ?? 0, t, undefined);
  }
  return {
    fire(): void {
      if (cancelled) return;
      if (id !== 0 && recorders !== null) for (const r of recorders) r.started?.(id, now());
      let failed: unknown = undefined;
      try {
        callback(...args);
      } catch (e) {
        failed = e;
        reportCallbackError(e, { handle: self });
      }
      if (id !== 0 && recorders !== null) {
        for (const r of recorders)
          r.finished?.(id, failed === undefined ? "done" : "failed", now(), undefined);
      }
    },
    handle(when: number, clear: () => void): Handle {
      return (self = {
        cancel() {
          if (cancelled) return;
          cancelled = true;
          clear();
          if (id !== 0 && recorders !== null)
            for (const r of recorders) r.finished?.(id, "cancelled", now(), undefined);
        },
        cancelled: () => cancelled,
        when: () => when,
        toString: () => `<Handle ${callback.name || "anonymous callback"} when=${when.toFixed(1)}>`,
      });
    },
  };
}

const loop = new EventLoop();
setHandlerLoop(loop);

/**
 * The event loop facade, like Python's `asyncio.get_running_loop()`. Node always has a running loop, so this
 * never fails.
 *
 * @returns The loop.
 *
 * @example Running blocking code in the default executor (the seed notebook's example)
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * function syncTask() {
 *   console.log("Starting a long sync task...");
 *   Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000); // like time.sleep(5)
 *   console.log("Finished the sync task.");
 * }
 * const loop = asyncio.getRunningLoop();
 * await loop.runInExecutor(null, syncTask);
 * ```
 */
export function getRunningLoop(): EventLoop {
  return loop;
}

/**
 * The same loop as `getRunningLoop()` (Python's `asyncio.get_event_loop()`).
 *
 * @returns The loop.
 *
 * @example Reading the loop clock
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * console.log(asyncio.getEventLoop().time());
 * ```
 */
export function getEventLoop(): EventLoop {
  return loop;
}
