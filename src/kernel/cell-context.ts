/**
 * The cell context: one per `execute_request`, held in an `AsyncLocalStorage` while the cell runs. Timers,
 * promises and tasks started by a cell inherit its async context, so their output lands in *that* cell even
 * after it finished (tslab sends it to whichever cell started last; see docs/tslab-notes.md).
 *
 * This is the seam later features build on (late-output mirroring, task cancellation on interrupt): they
 * read {@link currentCell} and subscribe to {@link cellEvents}.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { EventEmitter } from "node:events";
import { globalSlot } from "./global-slot";

/** A display message's content (`display_data` / `update_display_data`). */
export interface DisplayContent {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string; [key: string]: unknown };
}

/** One execution of a cell. */
export interface CellContext {
  /** Sequence number of this context in the kernel's life (1, 2, …), also for silent executions. */
  readonly id: number;
  /** `msg_id` of the execute_request. */
  readonly msgId: string;
  /** The execution count shown as `In [n]`; `null` for silent executions that do not store history. */
  readonly executionCount: number | null;
  /** The request's header; every message this cell sends carries it as its parent. */
  readonly parentHeader: Readonly<Record<string, unknown>>;
  /** The request's `content.code`. */
  readonly code: string;
  /** True when the request allows `input_request` on the stdin channel. */
  readonly allowStdin: boolean;
  /** Aborted when the cell is interrupted (reason: an `Error` named `KeyboardInterrupt`). */
  readonly controller: AbortController;
  /** `Date.now()` when the cell started running. */
  readonly startedAt: number;
  /** `Date.now()` when the cell's reply was sent; `undefined` while it runs. */
  finishedAt: number | undefined;
  /** Writes text to this cell's stdout/stderr (coalesced, loss-free, in order with displays). */
  writeStream(name: "stdout" | "stderr", text: string): void;
  /** Sends `display_data` (or `update_display_data` when `update`) with this cell as parent. */
  writeDisplay(content: DisplayContent, update: boolean): void;
  /** Sends `clear_output` with this cell as parent. */
  clearOutput(wait: boolean): void;
  /** Sends buffered stream text now. */
  flush(): void;
}

/** Events of the kernel module's cell life cycle. */
export interface CellEvents {
  /** A cell started running (after `execute_input`). */
  "cell-started": [cell: CellContext];
  /** A cell's reply was sent (`finishedAt` is set). */
  "cell-finished": [cell: CellContext, status: "ok" | "error" | "aborted"];
  /** An interrupt arrived (signal or `interrupt_request`); `cell` is the running cell, if any. */
  "interrupt-requested": [cell: CellContext | undefined];
}

/** A typed event emitter for {@link CellEvents}. */
export interface CellEventEmitter {
  on<K extends keyof CellEvents>(event: K, listener: (...args: CellEvents[K]) => void): this;
  off<K extends keyof CellEvents>(event: K, listener: (...args: CellEvents[K]) => void): this;
  once<K extends keyof CellEvents>(event: K, listener: (...args: CellEvents[K]) => void): this;
  emit<K extends keyof CellEvents>(event: K, ...args: CellEvents[K]): boolean;
}

interface Shared {
  storage: AsyncLocalStorage<CellContext>;
  events: CellEventEmitter;
  latest: CellContext | undefined;
}

// Shared by every copy of this package in the kernel, so all of them see the same cells.
const shared = globalSlot<Shared>("cell-context").getOrCreate(() => ({
  storage: new AsyncLocalStorage<CellContext>(),
  events: new EventEmitter() as CellEventEmitter,
  latest: undefined,
}));

/** The storage the execute handler runs each cell in. */
export const cellStorage: AsyncLocalStorage<CellContext> = shared.storage;

/**
 * Cell life-cycle events.
 *
 * @example
 * ```ts
 * import { cellEvents } from "tslab-asyncio/kernel";
 * cellEvents.on("cell-finished", (cell, status) => console.error(cell.executionCount, status));
 * ```
 */
export const cellEvents: CellEventEmitter = shared.events;

/**
 * The cell whose code is running now (through async context), or else the most recently started cell;
 * `undefined` before the first execution.
 *
 * @example
 * ```ts
 * setTimeout(() => currentCell()?.writeStream("stdout", "late, but in the right cell\n"), 1000);
 * ```
 */
export function currentCell(): CellContext | undefined {
  return shared.storage.getStore() ?? shared.latest;
}

/** Runs `fn` as the code of `cell` and records it as the most recently started cell. */
export function runInCell<T>(cell: CellContext, fn: () => T): T {
  shared.latest = cell;
  return shared.storage.run(cell, fn);
}

/**
 * The file name the cell's code carries in stack traces: `<cell N>` with its execution count, or
 * `<cell sK>` (its sequence number) for a silent execution.
 *
 * @example
 * ```ts
 * cellFileName(cell); // "<cell 3>"
 * ```
 */
export function cellFileName(cell: CellContext): string {
  return `<cell ${cell.executionCount ?? `s${cell.id}`}>`;
}
