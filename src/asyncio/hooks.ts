import type { Future } from "./future";
import { failureWatchers, jobWatchers, setFailureWatchers, setJobWatchers } from "./internal/hook-state";
import type { TaskEndState } from "./recorder";
import type { ThreadPoolExecutor } from "./thread-pool-executor";

/**
 * Hears about failures nobody retrieved, as they happen rather than when the future is garbage-collected.
 * Integrations (the notebook kernel) use it to report a forgotten task's error in the cell that started it.
 * Both methods are optional.
 *
 * "Retrieved" means someone asked for the outcome: `await`, `then`/`catch`/`finally`, `result()`,
 * `exception()` or `addDoneCallback()` (which `gather`, `wait` and `TaskGroup` use).
 *
 * @example Collecting tasks whose error nobody awaited
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const forgotten = new Set<asyncio.Future<unknown>>();
 * const stop = asyncio.addFailureWatcher({
 *   unretrieved: (future) => void forgotten.add(future),
 *   retrieved: (future) => void forgotten.delete(future),
 * });
 * const task = asyncio.createTask(async () => {
 *   throw new Error("nobody looks");
 * });
 * await asyncio.sleep(10);
 * console.log(forgotten.has(task)); // true
 * task.exception(); // retrieved now
 * console.log(forgotten.has(task)); // false
 * stop();
 * ```
 */
export interface FailureWatcher {
  /**
   * `future` (a `Future` or `Task`) just failed and nobody has retrieved its outcome: called once per future,
   * synchronously as it settles (`future.done()` is already `true`). Return `true` to take over reporting:
   * the library then does not report it when the future is collected, and the watcher should call
   * `callExceptionHandler({ message: "Task exception was never retrieved", exception, future, task })` itself
   * if the failure is still unretrieved when it decides so.
   */
  unretrieved?(future: Future<unknown>, error: unknown): boolean | void;
  /** A future passed to `unretrieved` was retrieved after all; called at most once per future. */
  retrieved?(future: Future<unknown>): void;
}

/**
 * Subscribes a {@link FailureWatcher}. Without one, the library reports each failure nobody retrieved through
 * the loop exception handler when the future is garbage-collected (as Python does in `__del__`).
 *
 * @param watcher The receiver.
 * @returns A function that unsubscribes it (calling it twice is harmless).
 *
 * @example
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const stop = asyncio.addFailureWatcher({ unretrieved: (f, e) => console.log(String(f), e) });
 * stop();
 * ```
 */
export function addFailureWatcher(watcher: FailureWatcher): () => void {
  setFailureWatchers([...(failureWatchers ?? []), watcher]);
  return () => {
    const rest = (failureWatchers ?? []).filter((w) => w !== watcher);
    setFailureWatchers(rest.length > 0 ? rest : null);
  };
}

/**
 * One job of a `ThreadPoolExecutor` (including `toThread` and `runInExecutor`), as {@link ExecutorJobWatcher}s
 * see it.
 */
export interface ExecutorJob {
  /** The job's id, the same one task recorders receive for it (kind `"executor"`). */
  readonly id: number;
  /** The function's name, or `module#export`. */
  readonly name: string;
  /** The id of the task that submitted it, or 0. */
  readonly parentId: number;
  /** The executor running it. */
  readonly executor: ThreadPoolExecutor;
  /** The job's future, as `submit()` returned it. */
  readonly future: Future<unknown>;
  /**
   * Abandons the job: cancels its future and stops its worker.
   *
   * @param msg Why, carried by the future's `CancelledError`.
   * @returns `false` if the job had already ended.
   */
  cancel(msg?: string): boolean;
}

/**
 * Hears about executor jobs. `jobStarted` runs synchronously inside `submit()`, before it returns, so the
 * caller's `AsyncLocalStorage` context is current (the kernel files the job under the running cell);
 * `jobEnded` runs once the job's outcome is known, just before its future settles; for a cancelled job, once
 * its worker has stopped (the future was already cancelled). Both optional.
 *
 * @example Counting jobs that are running
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * let running = 0;
 * const stop = asyncio.addExecutorJobWatcher({
 *   jobStarted: () => void running++,
 *   jobEnded: () => void running--,
 * });
 * const job = asyncio.toThread((n: number) => n + 1, 1);
 * console.log(running); // 1
 * await job;
 * console.log(running); // 0
 * stop();
 * ```
 */
export interface ExecutorJobWatcher {
  /** A job was submitted (queued or running in a worker). */
  jobStarted?(job: ExecutorJob): void;
  /** The job ended: its result or error arrived, or it was cancelled. */
  jobEnded?(job: ExecutorJob, state: TaskEndState): void;
}

/**
 * Subscribes an {@link ExecutorJobWatcher} to every executor job submitted from now on. Without one, `submit()`
 * builds no job object.
 *
 * @param watcher The receiver.
 * @returns A function that unsubscribes it (calling it twice is harmless).
 *
 * @example Cancelling every job a piece of code started
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const jobs: asyncio.ExecutorJob[] = [];
 * const stop = asyncio.addExecutorJobWatcher({ jobStarted: (job) => void jobs.push(job) });
 * const slow = asyncio.toThread(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000));
 * stop();
 * for (const job of jobs) job.cancel("not needed any more");
 * console.log(slow.cancelled()); // true
 * ```
 */
export function addExecutorJobWatcher(watcher: ExecutorJobWatcher): () => void {
  setJobWatchers([...(jobWatchers ?? []), watcher]);
  return () => {
    const rest = (jobWatchers ?? []).filter((w) => w !== watcher);
    setJobWatchers(rest.length > 0 ? rest : null);
  };
}
