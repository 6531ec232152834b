import { decodeTimeline, type Timeline } from "./decode";
import type { TimelinePayload } from "./schema";

/** Numbers that describe a whole timeline. */
export interface TimelineSummary {
  title: string;
  /** Rows that are tasks, executor jobs or timers (cells, and the body given to `timeline()`, excluded). */
  tasks: number;
  /** First task start to last task end, ms. */
  wallMs: number;
  /** Sum of task lifetimes (cells excluded: they contain everything else), ms. */
  taskMs: number;
  /** Sum of running segments, ms. */
  runningMs: number;
  /** taskMs / wallMs: how many tasks were alive at once on average. */
  concurrency: number;
  failed: number;
  cancelled: number;
  pending: number;
  /** Largest event-loop lag sample, ms (0 without samples). */
  maxLagMs: number;
  slowSteps: number;
  /** Rows of the longest tasks, longest first (at most 5). */
  slowest: number[];
}

/**
 * Computes the summary numbers of a timeline, from its payload or its decoded form.
 *
 * @example
 * ```ts
 * import { TimelineBuilder, summarize } from "tslab-asyncio/timeline";
 *
 * const p = new TimelineBuilder().addTask({ id: 1, start: 0, end: 4 }).addTask({ id: 2, start: 0, end: 4 }).build();
 * console.log(summarize(p).concurrency); // 2
 * ```
 */
export function summarize(input: TimelinePayload | Timeline): TimelineSummary {
  const t = "version" in input ? decodeTimeline(input) : input;
  let lo = Infinity;
  let hi = -Infinity;
  let taskMs = 0;
  let runningMs = 0;
  let tasks = 0;
  const counts = [0, 0, 0, 0];
  const slowest: number[] = [];
  const dur = (r: number) => t.stop[r] - t.start[r];
  for (let i = 0; i < t.count; i++) {
    counts[t.state[i]]++;
    if (t.start[i] < lo) lo = t.start[i];
    if (t.stop[i] > hi) hi = t.stop[i];
    if (t.kindOf(i) === "cell") continue;
    tasks++;
    taskMs += dur(i);
    for (let s = t.segIndex[i]; s < t.segIndex[i + 1]; s++) runningMs += t.segTo[s] - t.segFrom[s];
    // Insertion into a 5-long list keeps this O(n) for 1e5 tasks.
    if (slowest.length < 5 || dur(i) > dur(slowest[slowest.length - 1])) {
      let k = slowest.length;
      while (k > 0 && dur(slowest[k - 1]) < dur(i)) k--;
      slowest.splice(k, 0, i);
      if (slowest.length > 5) slowest.pop();
    }
  }
  const wallMs = t.count > 0 ? hi - lo : 0;
  let maxLagMs = 0;
  for (const v of t.lag.ms) if (v > maxLagMs) maxLagMs = v;
  return {
    title: t.title,
    tasks,
    wallMs,
    taskMs,
    runningMs,
    concurrency: wallMs > 0 ? taskMs / wallMs : 0,
    failed: counts[1],
    cancelled: counts[2],
    pending: counts[3],
    maxLagMs,
    slowSteps: t.slow.t.length,
    slowest,
  };
}

/** Formats milliseconds for people: `0.042 ms`, `12.5 ms`, `1,234 ms`, `42.0 s`, `3.0 min`, `2.5 h`. */
export function formatMs(ms: number): string {
  const a = Math.abs(ms);
  if (a >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  if (a >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (a >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const digits = a === 0 ? 0 : a < 1 ? 3 : a < 10 ? 2 : a < 100 ? 1 : 0;
  return `${ms.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
}

/** Formats a count with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** One line: `"fetch all: 3 tasks, wall 30.0 ms, concurrency ×1.6, 1 failed"`. */
export function summaryLine(s: TimelineSummary): string {
  const parts = [
    `${formatCount(s.tasks)} ${s.tasks === 1 ? "task" : "tasks"}`,
    `wall ${formatMs(s.wallMs)}`,
    `concurrency ×${s.concurrency.toFixed(1)}`,
  ];
  if (s.failed) parts.push(`${formatCount(s.failed)} failed`);
  if (s.cancelled) parts.push(`${formatCount(s.cancelled)} cancelled`);
  if (s.pending) parts.push(`${formatCount(s.pending)} pending`);
  return `${s.title}: ${parts.join(", ")}`;
}

/**
 * The `text/plain` fallback: tasks, wall time, summed task time, concurrency factor, failures and the
 * slowest tasks.
 *
 * @example
 * ```ts
 * import { TimelineBuilder, toText } from "tslab-asyncio/timeline";
 *
 * const p = new TimelineBuilder({ title: "demo" }).addTask({ id: 1, start: 0, end: 5 }).build();
 * console.log(toText(p)); // demo: 1 task, wall 5.00 ms, concurrency ×1.0 ...
 * ```
 */
export function toText(payload: TimelinePayload): string {
  const t = decodeTimeline(payload);
  const s = summarize(t);
  const lines = [
    summaryLine(s),
    `  wall time ${formatMs(s.wallMs)}, summed task time ${formatMs(s.taskMs)} ` +
      `(running ${formatMs(s.runningMs)}), concurrency factor ${s.concurrency.toFixed(2)}`,
  ];
  if (s.maxLagMs > 0 || s.slowSteps > 0) {
    lines.push(`  event loop: max lag ${formatMs(s.maxLagMs)}, ${formatCount(s.slowSteps)} slow steps`);
  }
  if (s.slowest.length > 0) {
    lines.push("  slowest:");
    for (const r of s.slowest) {
      lines.push(`    ${formatMs(t.stop[r] - t.start[r]).padStart(12)}  ${t.name(r)} (${t.stateOf(r)})`);
    }
  }
  const failures: string[] = [];
  for (let i = 0; i < t.count && failures.length < 5; i++) {
    if (t.stateOf(i) === "failed") failures.push(`    ${t.name(i)}: ${t.error(i) ?? "(no error recorded)"}`);
  }
  if (failures.length > 0) {
    lines.push(
      s.failed > failures.length ? `  failures (first ${failures.length}):` : "  failures:",
      ...failures,
    );
  }
  return lines.join("\n");
}
