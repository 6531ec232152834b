import { toHtml } from "./html";
import { TIMELINE_MIME, type TimelinePayload } from "./schema";
import { toText } from "./summary";

/** What a timeline displays as: our MIME type plus static fallbacks. Never `application/javascript`. */
export interface TimelineBundle {
  [TIMELINE_MIME]: TimelinePayload;
  "text/html": string;
  "text/plain": string;
}

/**
 * The MIME bundle for a timeline: JupyterLab with our extension draws the payload; nbconvert and GitHub
 * show the static HTML; terminals the text summary.
 *
 * @example Display from a notebook cell (tslab-asyncio kernel)
 * ```ts
 * import { TimelineBuilder, timelineBundle } from "tslab-asyncio/timeline";
 *
 * const p = new TimelineBuilder().addTask({ id: 1, name: "job", start: 0, end: 3 }).build();
 * // As a cell's last expression, an object with this method displays as the whole bundle.
 * ({ [Symbol.for("Jupyter.display")]: () => timelineBundle(p) });
 * ```
 */
export function timelineBundle(payload: TimelinePayload): TimelineBundle {
  return { [TIMELINE_MIME]: payload, "text/html": toHtml(payload), "text/plain": toText(payload) };
}
