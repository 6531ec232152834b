import { Piscina } from "piscina";
import { cpuCount } from "./internal/cpus";
import { recorders, getCurrent, now } from "./internal/context";
import { newId } from "./internal/debug-state";
import { jobWatchers } from "./internal/hook-state";
import type { ExecutorJob } from "./hooks";
import { fromRemote, poolWorkerFilename, toSpec } from "./internal/worker-source";
import type { WorkerReply } from "./internal/worker-source";
import { DONE, FAILED, Future, settleFuture } from "./future";

/**
 * A function a worker can run: self-contained (sent as source) or named by module and export.
 *
 * @example Both forms
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const double: asyncio.WorkerFunction<[number], number> = (x) => x * 2;
 * const join: asyncio.WorkerFunction<[string, string], string> = { module: "node:path", export: "join" };
 * console.log(await asyncio.toThread(double, 21), await asyncio.toThread(join, "a", "b"));
 * ```
 */
export type WorkerFunction<A extends unknown[], R> =
  ((...args: A) => R) | { module: string; export?: string };

/** Options of `ThreadPoolExecutor`. */
export interface ThreadPoolExecutorOptions {
  /** The most worker threads. Default `min(32, cpus + 4)`, as in Python. */
  maxWorkers?: number;
  /** Milliseconds an idle worker above one is kept. Default 30,000. */
  idleTimeout?: number;
}

/**
 * A pool of worker threads for CPU-heavy or blocking code, like Python's
 * `concurrent.futures.ThreadPoolExecutor` (built on piscina). Functions run in another thread, so they must be
 * self-contained (they are sent as source text: use only parameters, globals and `require()` inside) or named
 * by `{ module, export }`; arguments and results are structured-cloned. A remote error keeps its name, message
 * and stack; a worker that crashes fails its job with a clear error and is replaced. Cancelling a job's future
 * settles it at once and stops its worker.
 *
 * @example Hashing in a worker
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const pool = new asyncio.ThreadPoolExecutor({ maxWorkers: 2 });
 * const digest = await pool.submit((text: string) => require("node:crypto").createHash("sha256").update(text).digest("hex"), "hi");
 * console.log(digest);
 * await pool.shutdown();
 * ```
 */
export class ThreadPoolExecutor {
  readonly maxWorkers: number;
  readonly #idleTimeout: number;
  #pool: Piscina | null = null;
  #jobs = new Map<AbortController, Future<unknown>>();
  #shutdown = false;

  /**
   * @param options `maxWorkers`, `idleTimeout`.
   * @throws {RangeError} If `maxWorkers` is not a positive integer.
   */
  constructor(options?: ThreadPoolExecutorOptions) {
    const maxWorkers = options?.maxWorkers ?? Math.min(32, cpuCount() + 4);
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw new RangeError(`maxWorkers must be an integer >= 1, but received ${String(maxWorkers)}.`);
    }
    this.maxWorkers = maxWorkers;
    this.#idleTimeout = options?.idleTimeout ?? 30_000;
  }

  /** How many jobs are queued or running. */
  get pending(): number {
    return this.#jobs.size;
  }

  /**
   * Runs `fn(...args)` in a worker.
   *
   * @param fn A self-contained function, or `{ module, export }`.
   * @param args Structured-cloned arguments.
   * @returns A future of the result (awaitable; `cancel()` abandons the job).
   * @throws {Error} If the executor was shut down ("cannot schedule new futures after shutdown").
   * @throws {TypeError} If `fn` cannot be sent to a worker.
   */
  submit<A extends unknown[], R>(fn: WorkerFunction<A, R>, ...args: A): Future<Awaited<R>> {
    if (this.#shutdown) throw new Error("Cannot schedule new futures after shutdown: create a new executor.");
    const spec = toSpec(fn, "submit()");
    const name =
      typeof fn === "function" ? fn.name || "the function" : `${fn.module}#${fn.export ?? "default"}`;
    const future = new Future<Awaited<R>>();
    const controller = new AbortController();
    this.#jobs.set(controller, future as Future<unknown>);
    const id = newId();
    const parentId = recorders !== null || jobWatchers !== null ? (getCurrent()?.id ?? 0) : 0;
    if (recorders !== null) {
      const t = now();
      for (const r of recorders) {
        r.created?.(id, "executor", name, parentId, t, undefined);
        r.started?.(id, t);
      }
    }
    // Built only with a watcher subscribed; the watchers of the job's start also hear its end.
    let job: ExecutorJob | null = null;
    const watchers = jobWatchers;
    if (watchers !== null) {
      job = {
        id,
        name,
        parentId,
        executor: this,
        future: future as Future<unknown>,
        cancel: (msg?: string) => future.cancel(msg),
      };
      for (const w of watchers) w.jobStarted?.(job);
    }
    const finish = (ok: boolean, value: unknown): void => {
      this.#jobs.delete(controller);
      const state = future.cancelled() ? "cancelled" : ok ? "done" : "failed";
      if (recorders !== null) {
        for (const r of recorders)
          r.finished?.(id, state, now(), ok ? undefined : String((value as Error)?.message));
      }
      if (job !== null) for (const w of watchers!) w.jobEnded?.(job, state);
      if (!future.done()) settleFuture(future, ok ? DONE : FAILED, value);
    };
    future.addDoneCallback(() => {
      if (future.cancelled()) controller.abort();
    });
    this.#getPool()
      .run({ spec, args }, { signal: controller.signal, name: "default" })
      .then(
        (reply: WorkerReply) =>
          reply.ok ? finish(true, reply.value) : finish(false, fromRemote(reply.error, name)),
        (error: unknown) => finish(false, describePoolError(error, name)),
      );
    return future;
  }

  /**
   * Abandons every queued and running job: their futures are cancelled and busy workers are stopped.
   *
   * @returns How many jobs were abandoned.
   */
  cancelAll(): number {
    const jobs = [...this.#jobs.values()];
    for (const future of jobs) future.cancel("The executor abandoned its jobs (cancelAll).");
    return jobs.length;
  }

  /**
   * Stops accepting jobs and closes the pool.
   *
   * @param options `wait` (default `true`): let running jobs finish first; `cancelFutures` (default `false`):
   *   abandon jobs instead.
   */
  async shutdown(options?: { wait?: boolean; cancelFutures?: boolean }): Promise<void> {
    this.#shutdown = true;
    if (options?.cancelFutures === true) this.cancelAll();
    const pool = this.#pool;
    this.#pool = null;
    if (pool === null) return;
    if (options?.wait === false) await pool.destroy();
    else await pool.close();
  }

  #getPool(): Piscina {
    this.#pool ??= new Piscina({
      filename: poolWorkerFilename(),
      minThreads: 1,
      maxThreads: this.maxWorkers,
      idleTimeout: this.#idleTimeout,
    });
    return this.#pool;
  }
}

function describePoolError(error: unknown, name: string): Error {
  if (error instanceof Error && error.name === "AbortError") {
    return new Error(`The job running ${name} was abandoned.`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Error(
    `The worker running ${name === "the function" ? "a job" : name} crashed (${message}); the pool replaced it. ` +
      "Avoid process.exit() and uncaught errors in worker code.",
    { cause: error },
  );
}
