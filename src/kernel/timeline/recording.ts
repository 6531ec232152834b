/**
 * Records tasks (through the asyncio library's recorder) and event-loop lag into a timeline.
 */
import { performance } from "node:perf_hooks";
import { TaskLog, type TaskRecord } from "../../asyncio/index";
import { TimelineBuilder } from "../../timeline/index";
import { TimelineView } from "./timeline-view";

/** Options of {@link recordTimeline}. */
export interface RecordTimelineOptions {
  /** Title shown above the timeline. Default `"Timeline"`. */
  title?: string;
  /**
   * Sample event-loop lag every this many ms (a timer that measures how late it fires), drawn under the
   * tasks. `0` turns sampling off. Default 10.
   */
  lagSampleMs?: number;
}

/** Steps of one task closer than this (ms) with nothing else measured between them are drawn as one. */
const MERGE_GAP_MS = 0.005;
/** Steps per storage chunk (3 doubles each: 96 KiB). */
const STEP_CHUNK = 4096;

/**
 * The task log of a timeline: lifecycle from {@link TaskLog}, running time from measured steps
 * (`TaskRecorder.ran`) instead of the library's own suspend/resume events, which miss foreign promises.
 */
class TimelineLog extends TaskLog {
  /** Measured steps as (task id, start, end) triples in fixed-size chunks: never copied as they grow. */
  readonly #chunks: Float64Array[] = [];
  #chunk = new Float64Array(0);
  #at = 0;
  /** Task id → the task whose code it is (TaskGroup bodies). */
  readonly folds = new Map<number, number>();
  /** Flat (waiter id, awaited id, time) triples. */
  readonly awaitEdges: number[] = [];
  #lastId = 0;
  #lastEnd = -Infinity;

  override suspended(): void {}
  override resumed(): void {}

  ran(id: number, start: number, end: number): void {
    if (id === this.#lastId && start - this.#lastEnd < MERGE_GAP_MS && this.#at > 0) {
      this.#chunk[this.#at - 1] = end;
    } else {
      if (this.#at === this.#chunk.length) {
        this.#chunk = new Float64Array(STEP_CHUNK * 3);
        this.#chunks.push(this.#chunk);
        this.#at = 0;
      }
      const c = this.#chunk;
      const at = this.#at;
      c[at] = id;
      c[at + 1] = start;
      c[at + 2] = end;
      this.#at = at + 3;
      this.#lastId = id;
    }
    this.#lastEnd = end;
  }

  /** Calls `fn` with each measured step, in the order they ran. */
  forEachStep(fn: (id: number, start: number, end: number) => void): void {
    const chunks = this.#chunks;
    for (let k = 0; k < chunks.length; k++) {
      const c = chunks[k];
      const n = k === chunks.length - 1 ? this.#at : c.length;
      for (let i = 0; i < n; i += 3) fn(c[i], c[i + 1], c[i + 2]);
    }
  }

  folded(id: number, intoId: number): void {
    this.folds.set(id, intoId);
  }

  awaits(id: number, targetId: number, time: number): void {
    this.awaitEdges.push(id, targetId, time);
  }
}

/**
 * A recording in progress: every task, executor job and timer created while it runs, plus loop lag.
 * `snapshot()` builds the picture so far; `stop()` ends the recording and returns the final picture.
 */
export class TimelineRecording {
  readonly #log = new TimelineLog();
  readonly #title: string;
  readonly #origin = performance.now();
  readonly #lag: [number, number][] = [];
  #sampler: ReturnType<typeof setInterval> | undefined;
  #rootId = 0;
  #rootIsBody = false;
  #stoppedAt: number | undefined;
  #final: TimelineView | undefined;

  constructor(options: RecordTimelineOptions = {}) {
    this.#title = options.title ?? "Timeline";
    const every = options.lagSampleMs ?? 10;
    if (!(every >= 0) || !Number.isFinite(every)) {
      throw new RangeError(`lagSampleMs must be a number of milliseconds >= 0, received ${every}`);
    }
    this.#log.start();
    if (every > 0) {
      let expected = performance.now() + every;
      this.#sampler = setInterval(() => {
        const now = performance.now();
        this.#lag.push([now, Math.max(0, now - expected)]);
        expected = now + every;
      }, every);
      this.#sampler.unref();
    }
  }

  /** Only this task and its descendants are drawn (0: every task recorded). */
  set rootId(id: number) {
    this.#rootId = id;
  }

  /**
   * @internal Marks the root task as the body of `timeline()`: drawn as the picture's frame (kind `cell`)
   * and not counted among the tasks.
   */
  set rootIsBody(yes: boolean) {
    this.#rootIsBody = yes;
  }

  /** True once {@link stop} was called. */
  get stopped(): boolean {
    return this.#stoppedAt !== undefined;
  }

  /** The picture so far (tasks still running reach the current time). */
  snapshot(): TimelineView {
    return this.#final ?? new TimelineView(this.#build(performance.now()));
  }

  /** Ends the recording and returns the final picture; later calls return the same picture. */
  stop(): TimelineView {
    if (this.#final) return this.#final;
    this.#stoppedAt = performance.now();
    this.#log.stop();
    if (this.#sampler) clearInterval(this.#sampler);
    this.#final = new TimelineView(this.#build(this.#stoppedAt));
    return this.#final;
  }

  #records(): TaskRecord[] {
    const all = this.#log.records();
    if (this.#rootId === 0) return all;
    const keep = new Set([this.#rootId]);
    // Records are in creation order, so a parent is always seen before its children.
    return all.filter((r) => (keep.has(r.id) || keep.has(r.parentId) ? (keep.add(r.id), true) : false));
  }

  #build(end: number) {
    const builder = new TimelineBuilder({ title: this.#title, origin: this.#origin });
    const log = this.#log;
    const folds = log.folds;
    const owner = (id: number): number => {
      for (let hops = 0; folds.has(id) && hops < 64; hops++) id = folds.get(id)!;
      return id;
    };
    const steps = new Map<number, [number, number][]>();
    log.forEachStep((stepId, from, to) => {
      const id = owner(stepId);
      let list = steps.get(id);
      if (list === undefined) steps.set(id, (list = []));
      list.push([from, to]);
    });
    for (const r of this.#records()) {
      if (folds.has(r.id)) continue;
      const begin = r.startedAt ?? r.createdAt;
      const stop = r.finishedAt ?? end;
      // Tasks run on this thread: their measured steps. Executor jobs and timer callbacks: their own span.
      const segments =
        r.kind === "task"
          ? (steps.get(r.id) ?? [])
              .filter(([a, b]) => b > begin && a < stop)
              .map(([a, b]): [number, number] => [Math.max(a, begin), Math.min(b, stop)])
          : r.segments;
      builder.addTask({
        id: r.id,
        name: r.name,
        parent: owner(r.parentId) || null,
        // The code given to timeline() is the frame of the picture, not a task the user created.
        kind: r.id === this.#rootId && this.#rootIsBody ? "cell" : r.kind,
        start: begin,
        end: r.finishedAt ?? null,
        state: r.state === "running" ? "pending" : r.state,
        error: r.error,
        segments,
      });
    }
    const edges = log.awaitEdges;
    for (let i = 0; i < edges.length; i += 3)
      builder.addAwait(owner(edges[i]), owner(edges[i + 1]), edges[i + 2]);
    for (const [t, ms] of this.#lag) builder.addLag(t, ms);
    return builder.build({ end });
  }
}

/**
 * Starts recording every task, executor job and timer, and event-loop lag, until `stop()`.
 *
 * @param options Title and lag sampling.
 * @returns The recording; call `stop()` for the {@link TimelineView}.
 *
 * @example Record everything a cell does
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const rec = asyncio.recordTimeline({ title: "this cell" });
 * await asyncio.gather(asyncio.sleep(50), asyncio.sleep(20));
 * rec.stop(); // as the cell's last expression: displays the timeline
 * ```
 */
export function recordTimeline(options: RecordTimelineOptions = {}): TimelineRecording {
  return new TimelineRecording(options);
}
