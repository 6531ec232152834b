/**
 * The compile worker runs at a lower scheduling priority than the kernel's event loop.
 *
 * On a machine whose cores are all busy (other kernels of a classroom, a CI runner, the notebook's own
 * worker threads), a compiling worker thread and the kernel's main thread compete for a core: the main
 * thread, woken by a timer or a socket, can wait for the compile's time slice to end, and every timer,
 * server and live display of the notebook stalls with it. Linux schedules threads, not processes, and a
 * thread may always lower its own priority, so the compile worker gives itself the `nice` value of
 * background work: when the two compete, the event loop runs first; when a core is free the compile runs
 * exactly as fast as before.
 */
import * as fs from "node:fs";
import * as os from "node:os";

/**
 * How many nice steps the compile worker goes below the priority it started with (the kernel's: a thread
 * inherits its creator's). Nice values run from -20 to 19, the lowest priority; 0 is the default.
 */
export const COMPILE_WORKER_NICENESS = 10;

/**
 * Lowers the scheduling priority of the calling thread only, by `steps` nice values (at most to 19, the
 * lowest), and returns the thread's id; on a system without per-thread priorities (anything but Linux) or
 * if the system refuses, changes nothing and returns `undefined`. Never throws.
 *
 * @example
 * ```ts
 * // In a worker thread started by a thread at nice 0: the starting thread keeps its priority.
 * const tid = lowerThreadPriority(10);
 * if (tid !== undefined) console.log(os.getPriority(tid)); // 10
 * ```
 */
export function lowerThreadPriority(steps: number): number | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    // "/proc/thread-self" names the calling thread: "<pid>/task/<tid>". setpriority(2) on a thread id
    // applies to that thread alone.
    const tid = Number(lastSegment(fs.readlinkSync("/proc/thread-self")));
    if (!Number.isInteger(tid) || tid <= 0) return undefined;
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + Math.max(0, steps)));
    return tid;
  } catch {
    return undefined;
  }
}

function lastSegment(link: string): string {
  return link.slice(link.lastIndexOf("/") + 1);
}
