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

/**
 * A recording in progress: every task, executor job and timer created while it runs, plus loop lag.
 * `snapshot()` builds the picture so far; `stop()` ends the recording and returns the final picture.
 */
export class TimelineRecording {
  readonly #log = new TaskLog();
  readonly #title: string;
  readonly #origin = performance.now();
  readonly #lag: [number, number][] = [];
  #sampler: ReturnType<typeof setInterval> | undefined;
  #rootId = 0;
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
    for (const r of this.#records()) {
      builder.addTask({
        id: r.id,
        name: r.name,
        parent: r.parentId || null,
        kind: r.kind,
        start: r.startedAt ?? r.createdAt,
        end: r.finishedAt ?? null,
        state: r.state === "running" ? "pending" : r.state,
        error: r.error,
        segments: r.segments,
      });
    }
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
