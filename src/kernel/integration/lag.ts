/**
 * Event-loop lag sampling for debug mode: while `setDebug(true)` (or `run(main, { debug: true })`) is on,
 * `perf_hooks.monitorEventLoopDelay` measures how late the loop runs (10 ms resolution), and one sample per
 * 100 ms interval is kept for the timeline. Off, it costs one unreferenced timer tick every 250 ms (debug
 * mode has no change event to listen to).
 *
 * The histogram is never reset: a reset also drops the delay it is measuring at that moment, so a blocked
 * stretch that ends next to a sample would vanish. Each sample is the difference of two readings, and the
 * sampler's own lateness covers a block the histogram has not recorded yet.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { getDebug } from "../../asyncio";
import { originalTimers } from "./timers";

/** One lag sample: the loop's delay over the interval ending at `time`. */
export interface LagSample {
  /** `performance.now()` at the end of the interval, in ms (the library's clock). */
  time: number;
  /** Mean delay over the interval, in ms. */
  meanMs: number;
  /** Worst delay over the interval, in ms. */
  maxMs: number;
}

/** Samples kept, oldest dropped first (at 100 ms per sample: about 16 minutes). */
const MAX_SAMPLES = 10_000;
const SAMPLE_MS = 100;
const IDLE_CHECK_MS = 250;

const samples: LagSample[] = [];
let histogram: IntervalHistogram | undefined;
let timer: NodeJS.Timeout | undefined;
/** The previous reading: when, how many delays, their sum and the largest (ns), and when the tick was due. */
let last = { count: 0, sum: 0, max: 0, due: 0 };

function enable(): IntervalHistogram {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  last = { count: 0, sum: 0, max: 0, due: performance.now() + SAMPLE_MS };
  return h;
}

function sample(h: IntervalHistogram): void {
  const now = performance.now();
  const sum = h.count > 0 ? h.mean * h.count : 0;
  const n = h.count - last.count;
  const meanMs = n > 0 ? (sum - last.sum) / n / 1e6 : 0;
  const grew = h.max > last.max ? h.max / 1e6 : 0;
  const maxMs = Math.max(grew, now - last.due, meanMs);
  samples.push({ time: now, meanMs, maxMs });
  if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
  last = { count: h.count, sum, max: Math.max(last.max, h.max), due: now + SAMPLE_MS };
}

function tick(): void {
  if (getDebug()) {
    if (histogram === undefined) histogram = enable();
    else sample(histogram);
  } else if (histogram !== undefined) {
    histogram.disable();
    histogram = undefined;
  }
  timer = originalTimers.setTimeout(tick, histogram ? SAMPLE_MS : IDLE_CHECK_MS) as NodeJS.Timeout;
  timer.unref();
}

/**
 * Starts sampling at once if debug mode was just turned on (called when a task is created: `run(main,
 * { debug: true })` turns debug mode on and creates its main task in the same breath, and there is no event
 * for the change itself).
 */
export function noticeDebugMode(): void {
  if (histogram === undefined && timer !== undefined && getDebug()) {
    histogram = enable();
    originalTimers.clearTimeout(timer);
    timer = originalTimers.setTimeout(tick, SAMPLE_MS) as NodeJS.Timeout;
    timer.unref();
  }
}

/** Starts watching for debug mode (idempotent). */
export function startLagSampler(): void {
  if (timer === undefined) tick();
}

/**
 * The event-loop lag samples taken in debug mode, oldest first.
 *
 * @param since Only samples after this `performance.now()` time (ms).
 * @returns A new array.
 *
 * Outside the kernel it returns an empty array: sampling runs in the kernel only.
 *
 * @example Worst lag while a step blocked the loop
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const start = performance.now();
 * await asyncio.run(async () => {
 *   await asyncio.sleep(300);
 *   const end = Date.now() + 200;
 *   while (Date.now() < end); // blocks the loop
 *   await asyncio.sleep(300);
 * }, { debug: true });
 * console.log(Math.max(0, ...asyncio.eventLoopLag(start).map((s) => s.maxMs))); // about 200
 * ```
 */
export function eventLoopLag(since = -Infinity): LagSample[] {
  return samples.filter((s) => s.time > since);
}
