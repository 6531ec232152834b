/** JupyterLab 4 mime renderer for the timeline MIME type. */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { TIMELINE_MIME } from "../timeline/index";
import { ensureStyle } from "./style";
import { TimelineWidget } from "./widget";

// JupyterLab loads this module at start-up: the stylesheet also hides empty text outputs (late-output slots)
// in notebooks that show no timeline.
if (typeof document !== "undefined") ensureStyle(document);

/** Renders `application/vnd.tslab-asyncio.timeline.v1+json` outputs; safe because it never runs payload code. */
export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [TIMELINE_MIME],
  // Below the HTML renderer's 50, so our bundle's text/html fallback is only used where we are absent.
  defaultRank: 40,
  createRenderer: () => new TimelineWidget(),
};

const extension: IRenderMime.IExtension = {
  id: "tslab-asyncio:timeline",
  rendererFactory,
  rank: 40,
  dataType: "json",
  fileTypes: [],
  documentWidgetFactoryOptions: [],
};

export default extension;
