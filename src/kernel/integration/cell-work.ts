/**
 * What a cell left running: its live tasks (and executor jobs), timeouts and intervals. The
 * integration files each piece of work under the cell whose async context created it, so output, errors,
 * interrupts and `drain()` can find the cell again after it finished.
 */
import type { TaskKind } from "../../asyncio";
import type { CellContext } from "../cell-context";

/** A live task, executor job or loop timer as the recorder described it. */
export interface TaskEntry {
  readonly id: number;
  readonly kind: TaskKind;
  /** The name given at creation; `undefined` for the default `Task-<id>`. */
  readonly name: string | undefined;
  readonly parentId: number;
  /** `performance.now()` at creation. */
  readonly createdAt: number;
  /** Creation site (a stack line), captured in debug mode only. */
  readonly site: string | undefined;
  state: "pending" | "running" | "suspended";
  /** Set when an interrupt abandoned this entry (a loop timer whose timer was cleared never finishes). */
  abandoned: boolean;
  /** Cancels an executor job (its future); set for jobs submitted while the integration runs. */
  cancel?: () => boolean;
  readonly work: CellWork;
}

/** The background work of one cell (or of detached code when `cell` is `undefined`). */
export class CellWork {
  readonly tasks = new Map<number, TaskEntry>();
  readonly timeouts = new Set<NodeJS.Timeout>();
  readonly intervals = new Set<NodeJS.Timeout>();
  #waiters: Array<() => void> = [];

  constructor(
    /** The cell, or `undefined` for work started outside any cell (`detach()`, kernel internals). */
    readonly cell: CellContext | undefined,
  ) {}

  /**
   * True when nothing that finishes by itself is left: no task or job, no referenced timeout. Intervals never
   * finish by themselves and unreferenced timers (`unref()`) are not the cell's work.
   */
  idle(): boolean {
    for (const t of this.tasks.values()) if (!t.abandoned) return false;
    return !hasRef(this.timeouts);
  }

  /** True when the cell still has anything that may run later, intervals included. */
  busy(): boolean {
    return !this.idle() || hasRef(this.intervals);
  }

  /** Resolves once {@link idle} is true. */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Called after every piece of work ends. */
  notify(): void {
    if (this.#waiters.length > 0 && this.idle()) for (const w of this.#waiters.splice(0)) w();
  }
}

function hasRef(handles: ReadonlySet<NodeJS.Timeout>): boolean {
  for (const h of handles) if (h.hasRef()) return true;
  return false;
}
