/**
 * The kernel integration: joins the asyncio library and the cell context so concurrency in a notebook
 * behaves as a person expects. It files background work under its cell (registry, timers), keeps late output
 * in its cell (late-output), reports failures nobody awaited in the cell that caused them, and cancels a
 * cell's work when the cell is interrupted.
 */
import { allTasks, currentTask, Future, Task, ThreadPoolExecutor, type TaskEndState } from "../../asyncio";
import { cellEvents, cellStorage, currentCell, type CellContext } from "../cell-context";
import { globalSlot } from "../global-slot";
import { kernelState } from "../state";
import { whenServer } from "../patches/server-capture";
import type { CellWork, TaskEntry } from "./cell-work";
import { LateOutput } from "./late-output";
import { noticeDebugMode, startLagSampler } from "./lag";
import { WorkRegistry } from "./registry";
import { failureText, type FailureKind } from "./report";
import { clearWorkTimers, installTimers, originalTimers } from "./timers";

/** What an interrupt or `cancelAll()` stopped. */
export interface CancelSummary {
  /** Tasks asked to cancel (their `finally` blocks run before they count as cancelled). */
  tasks: number;
  /** Executor jobs abandoned (their futures cancelled, their workers stopped). */
  jobs: number;
  /** Timeouts cleared before they ran. */
  timers: number;
  /** Intervals cleared. */
  intervals: number;
}

/** A task that failed with nobody observing it; reported unless someone does soon. */
interface Unretrieved {
  task: Task<unknown>;
  work: CellWork;
}

const slot = globalSlot<Integration>("integration");

/** The integration installed in this process, if any. */
export function integration(): Integration | undefined {
  return slot.get();
}

/** The running integration. Created once per process by {@link installIntegration}. */
export class Integration {
  readonly registry = new WorkRegistry();
  readonly late = new LateOutput();
  /** Ids of pending tasks whose outcome someone asked for. */
  readonly #observed = new Set<number>();
  /** Failed tasks nobody observed yet, by id. */
  readonly #unretrieved = new Map<number, Unretrieved>();
  #lastJob: TaskEntry | undefined;

  /** Starts recording and routing. */
  start(): void {
    this.registry.start({
      finished: (entry, state) => this.#onFinished(entry, state),
      jobCreated: (entry) => (this.#lastJob = entry),
      taskCreated: noticeDebugMode,
      slowStep: (entry, name, ms) => this.#onSlowStep(entry, name, ms),
    });
    installTimers(this.registry, (work, error, api) =>
      this.report(work.cell, { kind: "callback", api }, error),
    );
    this.#watchRetrieval();
    this.#trackJobs();
    cellEvents.on("cell-started", (cell) => this.#onCellStarted(cell));
    cellEvents.on("cell-finished", (cell) => this.#onCellFinished(cell));
    cellEvents.on("interrupt-requested", (cell) => this.#onInterrupt(cell));
    startLagSampler();
    // tslab installs its process handlers when it starts, after this runs; they print into whichever cell
    // started last. Replace them once the server exists.
    void whenServer().then(() => this.#installProcessHandlers());
  }

  /** Writes a failure report once, in `cell` (or in the latest cell for detached code). */
  report(cell: CellContext | undefined, what: FailureKind, error: unknown): void {
    const target = cell ?? currentCell();
    const text = failureText(target, what, error);
    if (target) target.writeStream("stderr", text);
    else process.stderr.write(text);
  }

  /**
   * Cancels the work of `works`: tasks are cancelled, executor jobs abandoned, timers and intervals cleared.
   * The task running the caller (if any) is spared.
   */
  cancel(works: readonly CellWork[], message: string): CancelSummary {
    const summary: CancelSummary = { tasks: 0, jobs: 0, timers: 0, intervals: 0 };
    const self = currentTask();
    const ids = new Set<number>();
    for (const w of works) for (const id of w.tasks.keys()) ids.add(id);
    // In creation order, so cleanup code runs in the order the tasks were started.
    for (const task of [...allTasks()].sort((a, b) => a.id - b.id)) {
      if (task !== self && ids.has(task.id) && task.cancel(message)) summary.tasks++;
    }
    for (const w of works) {
      for (const entry of [...w.tasks.values()]) {
        if (entry.kind === "executor" && entry.cancel?.() === true) summary.jobs++;
        // A loop timer whose setTimeout is cleared below never reports its end.
        else if (entry.kind !== "task") entry.abandoned = true;
      }
      const cleared = clearWorkTimers(w);
      summary.timers += cleared.timeouts;
      summary.intervals += cleared.intervals;
      w.notify();
    }
    return summary;
  }

  #onCellStarted(cell: CellContext): void {
    const original = cell.writeStream;
    // After the cell finished, its text goes to its late-output display (if it has one).
    cell.writeStream = (name, text) => {
      if (cell.finishedAt === undefined || !this.late.write(cell, text)) original(name, text);
    };
  }

  #onCellFinished(cell: CellContext): void {
    // Still before the cell's `idle`: what is sent now is recorded in the cell by every front-end.
    this.#reportUnretrieved(this.registry.workFor(cell));
    cell.flush();
    if (this.registry.workFor(cell).busy()) this.late.open(cell);
    this.late.prune((c) => this.registry.workFor(c).busy());
    this.registry.busyWorks(); // forgets finished cells with nothing left
  }

  #onInterrupt(cell: CellContext | undefined): void {
    if (cell === undefined) return;
    const s = this.cancel([this.registry.workFor(cell)], "Interrupted (KeyboardInterrupt)");
    const parts = [
      [s.tasks, "task"],
      [s.jobs, "executor job"],
      [s.timers, "timer"],
      [s.intervals, "interval"],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, what]) => `${n as number} ${what as string}${n === 1 ? "" : "s"}`);
    if (parts.length > 0)
      cell.writeStream("stderr", `Interrupted: cancelled ${parts.join(", ")} of this cell.\n`);
  }

  #onSlowStep(entry: TaskEntry | undefined, name: string, ms: number): void {
    const text = `Executing <Task name='${name}'> took ${(ms / 1000).toFixed(3)} seconds (a slow step: it blocked the event loop).\n`;
    const cell = entry ? entry.work.cell : currentCell();
    if (cell) cell.writeStream("stderr", text);
  }

  #onFinished(entry: TaskEntry, state: TaskEndState): void {
    if (entry.kind === "executor" && this.#lastJob === entry) this.#lastJob = undefined;
    const observed = this.#observed.delete(entry.id);
    if (state !== "failed" || entry.kind !== "task" || observed) return;
    // Recorders are called just before the task settles, with the task running (when its code failed).
    const task = currentTask();
    if (task === undefined || task.id !== entry.id) return;
    // The library logs failures nobody retrieved when the task is garbage-collected, in no particular cell.
    // The integration takes the report over (this call counts as retrieval for the library) to make it
    // deterministic and put it in the task's own cell.
    try {
      callOriginal("exception", task);
    } catch {
      // Still pending (InvalidStateError): expected, the task settles right after this call.
    }
    this.#unretrieved.set(entry.id, { task, work: entry.work });
    // While its cell runs, the cell's code may still await the task: decide when the cell ends. After that,
    // decide on the next turn of the loop (code resuming in this turn may still await it).
    if (entry.work.cell?.finishedAt === undefined && entry.work.cell !== undefined) return;
    originalTimers.setImmediate(() => this.#reportUnretrieved(entry.work));
  }

  /** Reports the failed tasks of `work` that are still unobserved: asyncio's "never retrieved". */
  #reportUnretrieved(work: CellWork): void {
    for (const [id, u] of this.#unretrieved) {
      if (u.work !== work || !u.task.done()) continue;
      this.#unretrieved.delete(id);
      this.report(work.cell, { kind: "task", name: u.task.getName(), id }, callOriginal("exception", u.task));
    }
  }

  /**
   * Notes tasks whose outcome someone asked for: awaiting, `then`, `result()`, `exception()`, a done
   * callback. Only tasks nobody observed are reported when collected.
   */
  #watchRetrieval(): void {
    const proto = Future.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ["then", "finally", "result", "exception", "addDoneCallback"]) {
      const original = proto[method];
      const observe = this.#observe;
      proto[method] = function (this: Future<unknown>, ...args: unknown[]) {
        if (this instanceof Task) observe(this);
        return original.apply(this, args);
      };
      originals.set(method, original);
    }
  }

  readonly #observe = (task: Task<unknown>): void => {
    if (this.#unretrieved.delete(task.id)) return;
    if (!task.done()) this.#observed.add(task.id);
  };

  /** Ties each executor job to its future, so an interrupt can abandon the job. */
  #trackJobs(): void {
    const proto = ThreadPoolExecutor.prototype as unknown as {
      submit: (...args: unknown[]) => Future<unknown>;
    };
    const submit = proto.submit;
    const resetLast = (): void => void (this.#lastJob = undefined);
    const last = (): TaskEntry | undefined => this.#lastJob;
    proto.submit = function (this: ThreadPoolExecutor, ...args: unknown[]) {
      resetLast();
      const future = submit.apply(this, args);
      const job = last();
      if (job !== undefined) job.cancel = () => future.cancel("Interrupted (KeyboardInterrupt)");
      return future;
    };
  }

  #installProcessHandlers(): void {
    // tslab's own: `console.error("UnhandledPromiseRejection:", …)` / `("UncaughtException:", …)`.
    const isTslab = (l: unknown): boolean =>
      /Unhandled ?Promise ?Rejection|Uncaught ?Exception/i.test(String(l));
    for (const l of process.listeners("unhandledRejection"))
      if (isTslab(l)) process.off("unhandledRejection", l);
    for (const l of process.listeners("uncaughtException"))
      if (isTslab(l)) process.off("uncaughtException", l);
    // tslab's SIGINT listener rejects its own "Interrupted asynchronously" promise and ends the cell before
    // the kernel's interrupt path runs, so the cell's work would never be cancelled. The control worker's
    // relay receives the same signal (jupyter_client signals the process group) and interrupts properly.
    // A listener must stay, or Node's default action would kill the kernel on SIGINT. In a plain tslab
    // (`apply()`) there is no relay: tslab's listener is all there is, and it stays.
    if (kernelState()?.preloaded === true) {
      for (const l of process.listeners("SIGINT")) {
        if (/executor\.interrupt\(\)/.test(String(l))) process.off("SIGINT", l);
      }
      if (process.listenerCount("SIGINT") === 0) process.on("SIGINT", () => undefined);
    }
    const storeKey = (cellStorage as unknown as { kResourceStore?: symbol }).kResourceStore;
    process.on("unhandledRejection", (reason, promise) => {
      // The promise carries the async context it was created in (Node's AsyncLocalStorage keeps it on the
      // resource); the handler itself runs outside it.
      const origin =
        storeKey !== undefined
          ? (promise as unknown as Record<symbol, CellContext | undefined>)[storeKey]
          : undefined;
      this.report(origin ?? cellStorage.getStore(), { kind: "rejection" }, reason);
    });
    process.on("uncaughtException", (error) => {
      // Node emits this before leaving the failed callback's async context.
      this.report(cellStorage.getStore(), { kind: "callback", api: "an event" }, error);
    });
  }
}

const originals = new Map<string, (...args: unknown[]) => unknown>();

/** Calls a `Future` method as the library defines it, without counting as an observation here. */
function callOriginal(method: "exception", future: Future<unknown>): unknown {
  const fn = originals.get(method) ?? (Future.prototype[method] as (...a: unknown[]) => unknown);
  return fn.call(future);
}

/**
 * Installs the integration once per process. Called by `installKernelModule` after the patches.
 *
 * @returns The integration (the existing one when already installed).
 */
export function installIntegration(): Integration {
  const existing = slot.get();
  if (existing !== undefined) return existing;
  const created = slot.set(new Integration());
  created.start();
  return created;
}
