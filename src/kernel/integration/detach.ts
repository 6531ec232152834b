import { cellStorage } from "../cell-context";

/**
 * Runs `fn` outside any cell: the tasks and timers it starts are not the calling cell's. Interrupting the
 * cell does not cancel them, `drain()` does not wait for them, and what they print goes to whichever cell
 * runs at that moment (tslab's own behaviour). Use it for services meant to outlive the cell, such as a
 * server or a poller started once per notebook. `cancelAll()` still stops them.
 *
 * Outside the kernel it just calls `fn`.
 *
 * @param fn The code to run; called at once, synchronously.
 * @returns What `fn` returns.
 *
 * @example A heartbeat that survives interrupting this cell
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const beat = asyncio.detach(() => setInterval(() => console.log("tick"), 60_000));
 * // later: clearInterval(beat);
 * ```
 */
export function detach<T>(fn: () => T): T {
  return cellStorage.exit(fn);
}

const NEVER = new AbortController().signal;

/**
 * The `AbortSignal` of the cell whose code is running (also inside its tasks and timers, after the cell
 * finished). It is aborted when that cell is interrupted, with an `Error` named `KeyboardInterrupt`: pass it
 * to `fetch`, streams, or child processes so an interrupt stops them too.
 *
 * Outside the kernel, or in detached code, it returns a signal that never aborts.
 *
 * @returns The signal.
 *
 * @example A download that stops when the cell is interrupted
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const res = await fetch("https://example.com", { signal: asyncio.cellSignal() });
 * console.log(res.status);
 * ```
 */
export function cellSignal(): AbortSignal {
  return cellStorage.getStore()?.controller.signal ?? NEVER;
}
