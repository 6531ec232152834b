import { cellStorage } from "../cell-context";
import { integration } from "./integration";
import { originalTimers } from "./timers";

/** Options of {@link drain}. */
export interface DrainOptions {
  /** Give up after this many milliseconds (default: wait as long as it takes). */
  timeoutMs?: number;
}

const turn = (): Promise<void> => new Promise((resolve) => originalTimers.setImmediate(resolve));

/**
 * Waits until the background work that earlier cells left running has finished: their tasks, executor jobs,
 * and timeouts (intervals never finish by themselves and are not waited for; stop them with
 * `clearInterval` or `cancelAll()`). Then their late output is shown, also through this cell, so a headless
 * run (nbclient, nbconvert, papermill) saves every line in the cell that produced it. Put
 * `await asyncio.drain()` in the last cell of a notebook that leaves work running.
 *
 * Outside the kernel (a plain Node script) it resolves at once: there are no cells.
 *
 * @param options `timeoutMs`.
 * @returns `true` when everything finished, `false` when `timeoutMs` passed first.
 *
 * @example The last cell of a notebook whose earlier cells started background tasks
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * await asyncio.drain();
 * ```
 */
export async function drain(options: DrainOptions = {}): Promise<boolean> {
  const it = integration();
  if (it === undefined) return true;
  const mine = it.registry.current();
  const deadline = options.timeoutMs === undefined ? Infinity : performance.now() + options.timeoutMs;
  let finished = true;
  for (;;) {
    const busy = it.registry.busyWorks().filter((w) => w !== mine && w !== it.registry.detached && !w.idle());
    if (busy.length === 0) {
      // Promise chains resumed by the last timer may still be running: give them a turn, then look again.
      await turn();
      if (it.registry.busyWorks().every((w) => w === mine || w === it.registry.detached || w.idle())) break;
      continue;
    }
    const left = deadline - performance.now();
    if (left <= 0) {
      finished = false;
      break;
    }
    let timer: NodeJS.Timeout | undefined;
    const waits: Promise<unknown>[] = busy.map((w) => w.whenIdle());
    if (left !== Infinity)
      waits.push(new Promise((r) => (timer = originalTimers.setTimeout(r, left) as NodeJS.Timeout)));
    await Promise.race(waits);
    if (timer !== undefined) originalTimers.clearTimeout(timer);
  }
  const cell = cellStorage.getStore();
  if (cell !== undefined) it.late.showThrough(cell);
  else it.late.flush();
  return finished;
}
