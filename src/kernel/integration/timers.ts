/**
 * Wraps the global `setTimeout` and `setInterval` (and their `clear*`) so each timer is filed under the cell
 * that set it: an interrupt clears the cell's timers, `drain()` waits for them, and a callback that throws is
 * reported in its own cell instead of crashing into whichever cell runs now (docs/tslab-notes.md).
 * Callbacks already run in their creator's async context, so output needs nothing.
 *
 * `setImmediate` is left alone: an immediate runs on the next loop iteration, so it is never background
 * work worth waiting for or cancelling (Node's streams and fetch leave some pending at the end of a cell),
 * and one that throws is reported in its cell by the `uncaughtException` handler, which still sees the
 * callback's async context.
 */
import type { CellWork } from "./cell-work";
import type { WorkRegistry } from "./registry";

/** Reports an exception thrown by a timer callback. */
export type TimerErrorSink = (work: CellWork, error: unknown, what: "setTimeout" | "setInterval") => void;

type AnyFn = (...args: unknown[]) => unknown;

interface TimerGlobals {
  setTimeout: AnyFn;
  setInterval: AnyFn;
  setImmediate: AnyFn;
  clearTimeout: AnyFn;
  clearInterval: AnyFn;
  clearImmediate: AnyFn;
}

const NAMES = [
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "clearImmediate",
] as const;

/** The original timer functions, captured before wrapping (the integration itself uses these). */
export const originalTimers: TimerGlobals = Object.fromEntries(
  NAMES.map((n) => [n, (globalThis as unknown as TimerGlobals)[n]]),
) as unknown as TimerGlobals;

/**
 * Replaces the global `setTimeout`, `setInterval`, `clearTimeout` and `clearInterval`; returns a function
 * that restores them.
 */
export function installTimers(registry: WorkRegistry, onError: TimerErrorSink): () => void {
  const g = globalThis as unknown as TimerGlobals;
  const saved: TimerGlobals = { ...g };
  const owner = new WeakMap<object, CellWork>();

  const forget = (handle: unknown): void => {
    let work = typeof handle === "object" && handle !== null ? owner.get(handle) : undefined;
    let found = handle as NodeJS.Timeout;
    if (work === undefined && (typeof handle === "number" || typeof handle === "string")) {
      // clearTimeout(+timer): find the timer by its numeric id (rare).
      for (const w of registry.busyWorks()) {
        for (const set of [w.timeouts, w.intervals]) {
          for (const t of set) if (String(+t) === String(handle)) [work, found] = [w, t];
        }
      }
    }
    if (work === undefined) return;
    work.timeouts.delete(found);
    work.intervals.delete(found);
    work.notify();
  };

  function wrapSet(kind: "setTimeout" | "setInterval"): AnyFn {
    const original = saved[kind];
    const once = kind === "setTimeout";
    const wrapper = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
      if (typeof callback !== "function") return original.call(this, callback, ...rest);
      const work = registry.current();
      const set = once ? work.timeouts : work.intervals;
      const run = function (this: unknown, ...args: unknown[]): unknown {
        if (once) set.delete(handle);
        try {
          return (callback as AnyFn).apply(this, args);
        } catch (e) {
          // Python's loop logs a failing callback and keeps running; Node would crash the process.
          onError(work, e, kind);
          return undefined;
        } finally {
          if (once) work.notify();
        }
      };
      const handle = original.call(this, run, ...rest) as NodeJS.Timeout;
      set.add(handle);
      owner.set(handle, work);
      return handle;
    };
    // Keep util.promisify.custom and friends.
    for (const key of Reflect.ownKeys(original)) {
      if (key === "length" || key === "name" || key === "prototype") continue;
      Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key)!);
    }
    Object.defineProperty(wrapper, "name", { value: kind });
    return wrapper;
  }

  function wrapClear(kind: "clearTimeout" | "clearInterval"): AnyFn {
    const original = saved[kind];
    const wrapper = function (this: unknown, handle: unknown): unknown {
      const result = original.call(this, handle);
      forget(handle);
      return result;
    };
    Object.defineProperty(wrapper, "name", { value: kind });
    return wrapper;
  }

  g.setTimeout = wrapSet("setTimeout");
  g.setInterval = wrapSet("setInterval");
  g.clearTimeout = wrapClear("clearTimeout");
  g.clearInterval = wrapClear("clearInterval");
  return () => Object.assign(g, saved);
}

/** Clears the cell's timeouts that keep the process alive, and its intervals. */
export function clearWorkTimers(work: CellWork): { timeouts: number; intervals: number } {
  const counts = { timeouts: 0, intervals: 0 };
  for (const t of work.timeouts) {
    // Unreferenced timers are housekeeping (output flushing), not the cell's work.
    if (!t.hasRef()) continue;
    originalTimers.clearTimeout(t);
    work.timeouts.delete(t);
    counts.timeouts++;
  }
  for (const t of work.intervals) {
    originalTimers.clearInterval(t);
    work.intervals.delete(t);
    counts.intervals++;
  }
  work.notify();
  return counts;
}
