/** Tick marks of a time axis. */
export interface AxisTicks {
  /** Tick positions in ms. */
  values: number[];
  /** Distance between ticks in ms (1, 2 or 5 times a power of ten). */
  step: number;
}

/**
 * Round tick positions covering [from, to] with at most `maxTicks` ticks.
 *
 * @example
 * ```ts
 * import { niceTicks } from "tslab-asyncio/timeline";
 * console.log(niceTicks(0, 100, 6).values); // [0, 20, 40, 60, 80, 100]
 * ```
 */
export function niceTicks(from: number, to: number, maxTicks: number): AxisTicks {
  const span = to - from;
  if (!(span > 0) || !Number.isFinite(span) || maxTicks < 1) return { values: [from], step: 0 };
  const rough = span / maxTicks;
  const pow = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= rough) ?? 10 * pow;
  const values: number[] = [];
  const first = Math.ceil(from / step - 1e-9);
  for (let k = first; k * step <= to + step * 1e-9; k++) values.push(roundTo(k * step, step));
  return { values, step };
}

/** A tick label: as many decimals as the step needs, unit ms. */
export function tickLabel(value: number, step: number): string {
  const decimals = step > 0 && step < 1 ? Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)) : 0;
  return `${value.toFixed(decimals)} ms`;
}

function roundTo(v: number, step: number): number {
  // Removes floating noise such as 0.30000000000000004 without losing the step's precision.
  const decimals = step < 1 ? Math.ceil(-Math.log10(step)) + 1 : 0;
  return Number(v.toFixed(Math.min(12, decimals)));
}
