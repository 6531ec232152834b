import { shutdownDefaultExecutor } from "./default-executor";
import { getDebug, setDebug } from "./debug";
import type { EventLoop } from "./event-loop";
import { getRunningLoop } from "./event-loop";
import { gather } from "./gather";
import { allTasks, Task, withRunId } from "./task";
import type { TaskBody } from "./task";
import { activeRuns, nextRunId } from "./run";

/** Options of `Runner`. */
export interface RunnerOptions {
  /** Debug mode while the runner is open (see `setDebug`); restored by `close()`. Default: unchanged. */
  debug?: boolean;
}

/**
 * Runs several coroutines one after another in one context, like Python's `asyncio.Runner`: tasks started by
 * one `run()` may go on into the next, and `close()` cancels and awaits whatever is left, then shuts the
 * default executor down. `run(main)` is `new Runner()`, one `run`, and `close()`.
 *
 * As with `run()`, the methods return promises (Node's loop cannot be driven synchronously from inside itself),
 * and a runner may be used anywhere, also inside a task or a notebook cell.
 *
 * @example Two steps sharing a background task
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const runner = new asyncio.Runner();
 * let ticks = 0;
 * await runner.run(async () => {
 *   asyncio.createTask(async () => {
 *     for (;;) {
 *       ticks++;
 *       await asyncio.sleep(5);
 *     }
 *   });
 * });
 * await runner.run(() => asyncio.sleep(20)); // the ticker runs on meanwhile
 * await runner.close(); // cancels the ticker
 * console.log(ticks > 1); // true
 * ```
 */
export class Runner {
  readonly #runId = nextRunId();
  readonly #debug: boolean | undefined;
  #savedDebug: boolean | undefined = undefined;
  #state: "initialized" | "open" | "closed" = "initialized";

  /** @param options `debug`. */
  constructor(options?: RunnerOptions) {
    this.#debug = options?.debug;
  }

  /**
   * Runs `main` as a task of this runner and returns its result, like `Runner.run(coro)`. Tasks it leaves
   * running keep running until `close()`.
   *
   * @param main The coroutine (preferably a function: `() => main()`).
   * @param options `name` of the main task (default `"main"`).
   * @returns The result of `main`.
   * @throws {Error} If the runner is closed ("Runner is closed", as in Python).
   * @throws Whatever `main` throws.
   */
  async run<T>(main: TaskBody<T>, options?: { name?: string }): Promise<T> {
    this.#open();
    const task = withRunId(this.#runId, () => new Task<T>(main, { name: options?.name ?? "main" }));
    return await task;
  }

  /**
   * The loop the runner runs on (Node has one), like `Runner.get_loop()`.
   *
   * @returns The loop.
   * @throws {Error} If the runner is closed.
   */
  getLoop(): EventLoop {
    this.#open();
    return getRunningLoop();
  }

  /**
   * Cancels the tasks this runner's runs left, waits for them, shuts the default executor down and restores
   * debug mode, like `Runner.close()`. Closing twice is harmless.
   */
  async close(): Promise<void> {
    if (this.#state !== "open") {
      this.#state = "closed";
      return;
    }
    this.#state = "closed";
    const leftovers = [...allTasks()].filter((t) => t.runId === this.#runId);
    for (const t of leftovers) t.cancel();
    if (leftovers.length > 0) await gather(...leftovers, { returnExceptions: true });
    // Inside a run() the outermost one shuts the executor down, as it would without this runner.
    if (activeRuns() === 0) await shutdownDefaultExecutor();
    if (this.#savedDebug !== undefined) setDebug(this.#savedDebug);
  }

  #open(): void {
    if (this.#state === "closed") throw new Error("Runner is closed: create a new Runner to run more code.");
    if (this.#state === "initialized") {
      this.#state = "open";
      if (this.#debug !== undefined) {
        this.#savedDebug = getDebug();
        setDebug(this.#debug);
      }
    }
  }
}
