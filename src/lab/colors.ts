/** An RGBA colour, channels 0..255 (alpha too). */
export type Rgba = [r: number, g: number, b: number, a: number];

/**
 * Parses the colour forms a canvas reports back from `fillStyle` and CSS variables commonly hold:
 * `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(r, g, b)` and `rgba(r, g, b, a)`.
 */
export function parseColor(css: string): Rgba | undefined {
  const s = css.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,8})$/.exec(s);
  if (m) {
    const h = m[1];
    if (h.length === 3 || h.length === 4) {
      const c = [...h].map((d) => parseInt(d + d, 16));
      return [c[0], c[1], c[2], h.length === 4 ? c[3] : 255];
    }
    if (h.length === 6 || h.length === 8) {
      const c = [0, 2, 4, 6].map((i) => parseInt(h.slice(i, i + 2) || "ff", 16));
      return [c[0], c[1], c[2], c[3]];
    }
    return undefined;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    const alpha = m[4] === undefined ? 1 : m[4].endsWith("%") ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [+m[1], +m[2], +m[3], Math.round(Math.min(1, Math.max(0, alpha)) * 255)].map((v) =>
      Math.round(Math.min(255, Math.max(0, v))),
    ) as Rgba;
  }
  return undefined;
}

/** `color` drawn with opacity `alpha` (times its own) over an opaque `background`. */
export function blend(color: Rgba, background: Rgba, alpha: number): Rgba {
  const a = (alpha * color[3]) / 255;
  return [0, 1, 2].map((i) => Math.round(color[i] * a + background[i] * (1 - a))).concat(255) as Rgba;
}

/** Packs a colour for a `Uint32Array` view of `ImageData` (little-endian: ABGR). */
export function packColor(c: Rgba): number {
  return ((c[3] << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;
}

/** CSS `rgba()` text of a colour. */
export function cssColor(c: Rgba, alpha = 1): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${((c[3] / 255) * alpha).toFixed(3)})`;
}
