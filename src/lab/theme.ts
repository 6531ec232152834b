import { blend, parseColor, type Rgba } from "./colors";
import { DEFAULT_THEME, type Theme } from "./draw";

/**
 * Reads JupyterLab's theme variables as seen from `node`, so the timeline follows light and dark themes.
 * Variables may hold any CSS colour (`white`, `hsl(...)`): the canvas normalises them for parsing.
 */
export function readTheme(node: HTMLElement, probe: CanvasRenderingContext2D): Theme {
  const style = getComputedStyle(node);
  const color = (name: string, fallback: Rgba): Rgba => {
    const value = style.getPropertyValue(name).trim();
    if (!value) return fallback;
    const direct = parseColor(value);
    if (direct) return direct;
    probe.fillStyle = "#010203";
    probe.fillStyle = value;
    const normalised = String(probe.fillStyle);
    return normalised === "#010203" ? fallback : (parseColor(normalised) ?? fallback);
  };
  const d = DEFAULT_THEME;
  let background = color("--jp-layout-color0", d.background);
  // A translucent background would let the page show through putImageData's opaque pixels inconsistently.
  if (background[3] < 255) background = blend(background, [255, 255, 255, 255], 1);
  return {
    background,
    text: color("--jp-ui-font-color1", d.text),
    muted: color("--jp-ui-font-color2", d.muted),
    grid: color("--jp-border-color2", d.grid),
    states: [
      color("--jp-brand-color1", d.states[0]),
      color("--jp-error-color1", d.states[1]),
      color("--jp-warn-color1", d.states[2]),
      color("--jp-success-color1", d.states[3]),
    ],
    lag: color("--jp-warn-color1", d.lag),
    slow: color("--jp-error-color1", d.slow),
    font: style.getPropertyValue("--jp-ui-font-family").trim() || d.font,
  };
}
