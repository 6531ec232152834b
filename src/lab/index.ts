/** JupyterLab 4 mime renderer for the timeline MIME type. */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { TIMELINE_MIME } from "../timeline/index";

class TimelineWidget extends Widget implements IRenderMime.IRenderer {
  constructor() {
    super();
    this.addClass("jp-TslabAsyncioTimeline");
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const pre = document.createElement("pre");
    pre.textContent = JSON.stringify(model.data[TIMELINE_MIME]).slice(0, 2000);
    this.node.replaceChildren(pre);
    return Promise.resolve();
  }
}

const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [TIMELINE_MIME],
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
