/**
 * Files every task (through the library's recorder) and every timer (through wrapped globals) under the cell
 * that created it. The creating cell is read from the cell context's `AsyncLocalStorage` at creation, which
 * is exact: timers, promises and tasks inherit the async context of the code that made them.
 */
import { addTaskRecorder, preserveAsyncContext, type TaskEndState, type TaskRecorder } from "../../asyncio";
import { cellStorage, type CellContext } from "../cell-context";
import { CellWork, type TaskEntry } from "./cell-work";

/** Receives the debug-mode warnings and failures the registry sees. */
export interface RegistryListener {
  /** A task, job or loop timer ended; `error` is the library's one-line summary. */
  finished?(entry: TaskEntry, state: TaskEndState, error: string | undefined): void;
  /** Any task, job or loop timer was created. */
  taskCreated?(): void;
  /** Debug mode: a step of a task blocked the loop. */
  slowStep?(entry: TaskEntry | undefined, name: string, durationMs: number): void;
}

/** The per-cell bookkeeping of the integration. */
export class WorkRegistry {
  readonly #byCell = new WeakMap<CellContext, CellWork>();
  /** Work started outside any cell (`detach()`, or before the first cell). */
  readonly detached = new CellWork(undefined);
  /** Every cell that has had work, most recent last; pruned when enumerated. */
  readonly #works = new Set<CellWork>([this.detached]);
  /** Live tasks, jobs and loop timers by recorder id. */
  readonly entries = new Map<number, TaskEntry>();
  #listener: RegistryListener = {};

  /** The work record of `cell` (`undefined`: detached work). */
  workFor(cell: CellContext | undefined): CellWork {
    if (cell === undefined) return this.detached;
    let work = this.#byCell.get(cell);
    if (work === undefined) {
      work = new CellWork(cell);
      this.#byCell.set(cell, work);
      this.#works.add(work);
    }
    return work;
  }

  /** The work record of the code running now. Unlike `currentCell()`, no fallback to the latest cell. */
  current(): CellWork {
    return this.workFor(cellStorage.getStore());
  }

  /** Cells that still have work, oldest first. */
  busyWorks(): CellWork[] {
    const out: CellWork[] = [];
    for (const w of this.#works) {
      if (w.busy()) out.push(w);
      else if (w !== this.detached && w.cell?.finishedAt !== undefined) this.#works.delete(w);
    }
    return out;
  }

  /** Starts recording tasks; returns the recorder for tests. */
  start(listener: RegistryListener): TaskRecorder {
    this.#listener = listener;
    const recorder: TaskRecorder = {
      created: (id, kind, name, parentId, time, site) => {
        const work = this.current();
        const entry: TaskEntry = {
          id,
          kind,
          name,
          parentId,
          createdAt: time,
          site,
          state: "pending",
          abandoned: false,
          work,
        };
        this.entries.set(id, entry);
        work.tasks.set(id, entry);
        this.#listener.taskCreated?.();
      },
      started: (id) => {
        const entry = this.entries.get(id);
        if (entry !== undefined) entry.state = "running";
      },
      suspended: (id) => {
        const entry = this.entries.get(id);
        if (entry !== undefined) entry.state = "suspended";
      },
      resumed: (id) => {
        const entry = this.entries.get(id);
        if (entry !== undefined) entry.state = "running";
      },
      finished: (id, state, _time, error) => {
        const entry = this.entries.get(id);
        if (entry === undefined) return;
        this.entries.delete(id);
        entry.work.tasks.delete(id);
        this.#listener.finished?.(entry, state, error);
        entry.work.notify();
      },
      slowStep: (id, name, durationMs) => {
        this.#listener.slowStep?.(this.entries.get(id), name, durationMs);
      },
    };
    addTaskRecorder(recorder);
    // Each task's code (and everything it creates) must run in the context of the cell that created it, even
    // when tasks of two cells are created in the same turn.
    preserveAsyncContext(true);
    return recorder;
  }
}
