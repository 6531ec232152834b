/** Styles of the renderer, injected once; JupyterLab theme variables make them follow light and dark. */
const CSS = `
.jp-TslabAsyncioTimeline {
  position: relative;
  padding: 4px 0;
  font-family: var(--jp-ui-font-family);
  font-size: var(--jp-ui-font-size1);
  color: var(--jp-ui-font-color1);
}
.jp-TslabAsyncioTimeline-header {
  display: flex;
  flex-wrap: wrap;
  align-items: baseline;
  gap: 4px 10px;
  margin-bottom: 4px;
}
.jp-TslabAsyncioTimeline-title {
  font-weight: 600;
}
.jp-TslabAsyncioTimeline-summary {
  color: var(--jp-ui-font-color2);
}
.jp-TslabAsyncioTimeline-hint {
  color: var(--jp-ui-font-color3);
  font-size: var(--jp-ui-font-size0);
}
.jp-TslabAsyncioTimeline-toolbar {
  display: flex;
  gap: 4px;
  margin-left: auto;
}
.jp-TslabAsyncioTimeline-toolbar button {
  padding: 1px 8px;
  border: var(--jp-border-width) solid var(--jp-border-color1);
  border-radius: var(--jp-border-radius);
  background: var(--jp-layout-color1);
  color: var(--jp-ui-font-color1);
  font: inherit;
  font-size: var(--jp-ui-font-size0);
  cursor: pointer;
}
.jp-TslabAsyncioTimeline-toolbar button:hover {
  background: var(--jp-layout-color2);
}
.jp-TslabAsyncioTimeline-plot {
  position: relative;
}
.jp-TslabAsyncioTimeline-plot canvas {
  display: block;
  width: 100%;
  cursor: grab;
  outline: none;
  touch-action: none;
}
.jp-TslabAsyncioTimeline-plot canvas:focus-visible {
  box-shadow: 0 0 0 1px var(--jp-brand-color1);
}
.jp-TslabAsyncioTimeline-plot canvas.jp-mod-dragging {
  cursor: grabbing;
}
.jp-TslabAsyncioTimeline-tooltip {
  position: absolute;
  z-index: 10;
  max-width: 380px;
  padding: 4px 8px;
  border: var(--jp-border-width) solid var(--jp-border-color1);
  background: var(--jp-layout-color0);
  box-shadow: var(--jp-elevation-z4);
  color: var(--jp-ui-font-color1);
  font-size: var(--jp-ui-font-size0);
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  pointer-events: none;
}
.jp-TslabAsyncioTimeline-tooltip[hidden] {
  display: none;
}
.jp-TslabAsyncioTimeline-tooltip strong {
  display: block;
}
.jp-TslabAsyncioTimeline-plot canvas.jp-mod-resizing {
  cursor: col-resize;
}
.jp-TslabAsyncioTimeline-legend {
  display: flex;
  flex-wrap: wrap;
  gap: 2px 14px;
  margin-top: 2px;
  color: var(--jp-ui-font-color2);
  font-size: var(--jp-ui-font-size0);
}
.jp-TslabAsyncioTimeline-legend[hidden],
.jp-TslabAsyncioTimeline-hint[hidden],
.jp-TslabAsyncioTimeline-toolbar[hidden] {
  display: none;
}
.jp-TslabAsyncioTimeline-swatch {
  display: inline-block;
  width: 10px;
  height: 10px;
  margin-right: 4px;
  vertical-align: -1px;
  border-radius: 1px;
}
.jp-TslabAsyncioTimeline-swatch[data-key="await"] {
  width: 14px;
  height: 2px;
  vertical-align: 3px;
}
/*
 * An output showing only empty text (a cell's late-output slot that nothing was written to) takes no room,
 * and neither does the output area of a cell that has nothing else (its prompt overlay comes last).
 */
.jp-OutputArea-child:has(> .jp-OutputArea-output[data-mime-type="text/plain"] > pre:empty),
.jp-Cell-outputWrapper:has(
    > .jp-OutputArea
      > .jp-OutputArea-child:first-child:nth-last-child(2)
      > .jp-OutputArea-output[data-mime-type="text/plain"]
      > pre:empty
  ) {
  display: none;
}
.jp-TslabAsyncioTimeline-error {
  padding: 6px 10px;
  border: var(--jp-border-width) solid var(--jp-error-color1);
  /* JupyterLab's own error output colours: readable in light and dark themes alike. */
  background: var(--jp-rendermime-error-background, var(--jp-layout-color2));
  color: var(--jp-content-font-color1, var(--jp-ui-font-color1));
  font-family: var(--jp-code-font-family);
  font-size: var(--jp-code-font-size);
  white-space: pre-wrap;
}
`;

const STYLE_ID = "tslab-asyncio-timeline-style";

/** Adds the renderer's stylesheet to the document once. */
export function ensureStyle(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
