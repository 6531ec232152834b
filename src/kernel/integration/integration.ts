/**
 * The kernel integration: joins the asyncio library and the cell context so concurrency in a notebook
 * behaves as a person expects. It files background work under its cell (registry, timers), keeps late output
 * in its cell (late-output), reports failures nobody awaited in the cell that caused them, and cancels a
 * cell's work when the cell is interrupted.
 */
import {
  addExecutorJobWatcher,
  addFailureWatcher,
  allTasks,
  callExceptionHandler,
  currentTask,
  setExceptionHandler,
  Task,
  type ExceptionContext,
  type TaskEndState,
} from "../../asyncio";
import { cellEvents, cellStorage, currentCell, type CellContext } from "../cell-context";
import { globalSlot } from "../global-slot";
import { whenServer } from "../patches/server-capture";
import type { CellWork, TaskEntry } from "./cell-work";
import { LateOutput } from "./late-output";
import { noticeDebugMode, startLagSampler } from "./lag";
import { WorkRegistry } from "./registry";
import { failureText, type FailureKind } from "./report";
import { noteListenersBeforeTslab, replaceTslabListeners } from "./process-listeners";
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
  error: unknown;
  work: CellWork;
}

const NEVER_RETRIEVED = "Task exception was never retrieved";

const slot = globalSlot<Integration>("integration");

/** The integration installed in this process, if any. */
export function integration(): Integration | undefined {
  return slot.get();
}

/** The running integration. Created once per process by {@link installIntegration}. */
export class Integration {
  readonly registry = new WorkRegistry();
  readonly late = new LateOutput();
  /** Failed tasks nobody observed yet, by id. */
  readonly #unretrieved = new Map<number, Unretrieved>();
  /** The cell work of tasks whose failure the library handed to us, for the loop exception handler. */
  readonly #failedWork = new WeakMap<Task<unknown>, CellWork>();
  /** The task that just failed: the library calls `unretrieved` right after the recorders' `finished`. */
  #justFailed: TaskEntry | undefined;

  /** Starts recording and routing. */
  start(): void {
    this.registry.start({
      finished: (entry, state) => this.#onFinished(entry, state),
      taskCreated: noticeDebugMode,
      slowStep: (entry, name, ms) => this.#onSlowStep(entry, name, ms),
    });
    installTimers(this.registry, (work, error, api) =>
      this.report(work.cell, { kind: "callback", api }, error),
    );
    this.#subscribeToLibrary();
    cellEvents.on("cell-started", (cell) => this.#onCellStarted(cell));
    cellEvents.on("cell-finished", (cell) => this.#onCellFinished(cell));
    cellEvents.on("interrupt-requested", (cell) => this.#onInterrupt(cell));
    startLagSampler();
    // tslab installs its process listeners when it starts, after this runs; they print into whichever cell
    // started last. Replace them once the server exists.
    const before = noteListenersBeforeTslab();
    void whenServer().then(() => replaceTslabListeners(before, this));
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
    this.#justFailed = state === "failed" && entry.kind === "task" ? entry : undefined;
  }

  /**
   * Subscribes to the library's hooks: failures nobody retrieved (reported in the failing task's cell),
   * executor jobs (so an interrupt can abandon them), and the loop exception handler (where every such
   * report goes, so a handler the notebook sets with `setExceptionHandler` sees them as in Python).
   */
  #subscribeToLibrary(): void {
    addFailureWatcher({
      unretrieved: (future, error) => {
        const entry = this.#justFailed;
        this.#justFailed = undefined;
        if (!(future instanceof Task) || entry === undefined || entry.id !== future.id) return false;
        this.#failedWork.set(future, entry.work);
        this.#unretrieved.set(future.id, { task: future, error, work: entry.work });
        // While its cell runs, the cell's code may still await the task: decide when the cell ends. After
        // that, decide on the next turn of the loop (code resuming in this turn may still await it).
        if (entry.work.cell !== undefined && entry.work.cell.finishedAt === undefined) return true;
        originalTimers.setImmediate(() => this.#reportUnretrieved(entry.work));
        return true;
      },
      retrieved: (future) => void this.#unretrieved.delete((future as Task<unknown>).id),
    });
    addExecutorJobWatcher({
      jobStarted: (job) => {
        const entry = this.registry.entries.get(job.id);
        if (entry !== undefined) entry.cancel = () => job.cancel("Interrupted (KeyboardInterrupt)");
      },
    });
    setExceptionHandler((_loop, context) => this.#onLoopException(context));
  }

  /** Reports the failed tasks of `work` that are still unobserved: asyncio's "never retrieved". */
  #reportUnretrieved(work: CellWork): void {
    for (const [id, u] of this.#unretrieved) {
      if (u.work !== work) continue;
      this.#unretrieved.delete(id);
      callExceptionHandler({ message: NEVER_RETRIEVED, exception: u.error, future: u.task, task: u.task });
    }
  }

  /** The loop exception handler: each report goes to the cell of the failing task, or the current cell. */
  #onLoopException(context: ExceptionContext): void {
    const task = context.task;
    if (context.message === NEVER_RETRIEVED && task !== undefined) {
      const work = this.#failedWork.get(task);
      this.report(work?.cell, { kind: "task", name: task.getName(), id: task.id }, context.exception);
      return;
    }
    const subject = context.futureRepr ?? (context.handle !== undefined ? String(context.handle) : undefined);
    this.report(
      cellStorage.getStore(),
      { kind: "loop", message: context.message, subject },
      context.exception,
    );
  }
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
