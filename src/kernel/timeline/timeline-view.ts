/**
 * A finished (or snapshot) timeline: the payload plus the ways to show and export it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  summarize,
  timelineBundle,
  toText,
  toTrace,
  type TimelineBundle,
  type TimelinePayload,
  type TimelineSummary,
  type TraceFile,
} from "../../timeline/index";
import { JUPYTER_DISPLAY } from "../mime-bundle";

/**
 * A recorded timeline. As a cell's last expression it displays as an interactive timeline in JupyterLab
 * (static HTML in nbconvert/GitHub, a text summary in a terminal).
 *
 * @example Save a Perfetto trace of a recorded run
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const rec = asyncio.recordTimeline({ title: "two naps" });
 * await asyncio.gather(asyncio.sleep(20), asyncio.sleep(30));
 * const view = rec.stop();
 * console.log(view.summary().tasks);
 * view.save("naps.trace.json"); // open it in ui.perfetto.dev
 * ```
 */
export class TimelineView {
  /** The timeline v1 payload (`application/vnd.tslab-asyncio.timeline.v1+json`). */
  readonly payload: TimelinePayload;

  constructor(payload: TimelinePayload) {
    this.payload = payload;
  }

  /** The MIME bundle: the timeline payload, static `text/html` and a `text/plain` summary. */
  bundle(): TimelineBundle {
    return timelineBundle(this.payload);
  }

  /** Counts and times: tasks, wall time, summed task time, concurrency factor, failures, slowest tasks. */
  summary(): TimelineSummary {
    return summarize(this.payload);
  }

  /** The Chrome Trace Event Format object Perfetto opens (one track per task, flows parent → child). */
  toTrace(): TraceFile {
    return toTrace(this.payload);
  }

  /**
   * Writes the Perfetto / Chrome trace to `file` (JSON).
   *
   * @param file Where to write, relative to the working directory (the notebook's folder in a kernel).
   * @returns The absolute path written.
   * @throws Error when the file cannot be written; the message names the path.
   */
  save(file: string): string {
    const target = path.resolve(file);
    try {
      fs.writeFileSync(target, JSON.stringify(this.toTrace()));
    } catch (e) {
      throw new Error(`Could not write the trace to ${target}: ${(e as Error).message}`);
    }
    return target;
  }

  /** The text summary. */
  toString(): string {
    return toText(this.payload);
  }

  /** Jupyter display protocol (also used by Deno's kernel): the full MIME bundle. */
  [JUPYTER_DISPLAY](): TimelineBundle {
    return this.bundle();
  }
}
