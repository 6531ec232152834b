/** Tick marks of a time axis. */
export interface AxisTicks {
  /** Tick positions in ms. */
  values: number[];
  /** Distance between ticks in ms: 1, 2 or 5 times a power of ten, or a whole number of s, min or h. */
  step: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Steps people read on a clock once ticks are a second or more apart (ms). */
const CLOCK_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/**
 * Round tick positions covering [from, to] with at most `maxTicks` ticks. Below a second apart the step is
 * 1, 2 or 5 times a power of ten ms; above, a clock step (15 s, 5 min, 6 h …).
 *
 * @example
 * ```ts
 * import { niceTicks } from "tslab-asyncio/timeline";
 * console.log(niceTicks(0, 100, 6).values); // [0, 20, 40, 60, 80, 100]
 * console.log(niceTicks(0, 180_000, 4).step); // 60000
 * ```
 */
export function niceTicks(from: number, to: number, maxTicks: number): AxisTicks {
  const span = to - from;
  if (!(span > 0) || !Number.isFinite(span) || maxTicks < 1) return { values: [from], step: 0 };
  const rough = span / maxTicks;
  let step: number;
  if (rough > SECOND && rough <= 24 * HOUR) step = CLOCK_STEPS.find((s) => s >= rough) ?? 24 * HOUR;
  else {
    const unit = rough > 24 * HOUR ? 24 * HOUR : 1;
    const pow = 10 ** Math.floor(Math.log10(rough / unit));
    step = unit * ([1, 2, 5, 10].map((m) => m * pow).find((s) => s * unit >= rough) ?? 10 * pow);
  }
  const values: number[] = [];
  const first = Math.ceil(from / step - 1e-9);
  for (let k = first; k * step <= to + step * 1e-9; k++) values.push(roundTo(k * step, step));
  return { values, step };
}

/** The unit a time axis with ticks `step` ms apart is labelled in, and its size in ms. */
export function axisUnit(step: number): { unit: "µs" | "ms" | "s" | "min" | "h"; ms: number } {
  if (step >= HOUR) return { unit: "h", ms: HOUR };
  if (step >= MINUTE) return { unit: "min", ms: MINUTE };
  if (step >= SECOND) return { unit: "s", ms: SECOND };
  // A tenth of a millisecond still reads well as "0.3 ms"; finer steps read better in µs.
  if (step >= 0.1 || step <= 0) return { unit: "ms", ms: 1 };
  return { unit: "µs", ms: 0.001 };
}

/**
 * A tick label in the unit the step calls for (µs, ms, s, min or h), with as many decimals as it needs.
 *
 * @example
 * ```ts
 * import { tickLabel } from "tslab-asyncio/timeline";
 * console.log([tickLabel(0.04, 0.02), tickLabel(20, 20), tickLabel(180_000, 60_000)]); // ["40 µs", "20 ms", "3 min"]
 * ```
 */
export function tickLabel(value: number, step: number): string {
  const { unit, ms } = axisUnit(step);
  const scaled = step / ms;
  const decimals = scaled > 0 && scaled < 1 ? Math.min(6, Math.ceil(-Math.log10(scaled) - 1e-9)) : 0;
  const v = value / ms;
  // Clock steps (15 s, 90 s as min …) need a decimal the power-of-ten rule does not see.
  const shown = Number(v.toFixed(decimals)) === v ? v.toFixed(decimals) : String(Number(v.toFixed(3)));
  return `${shown} ${unit}`;
}

function roundTo(v: number, step: number): number {
  // Removes floating noise such as 0.30000000000000004 without losing the step's precision.
  const decimals = step < 1 ? Math.ceil(-Math.log10(step)) + 1 : 0;
  return Number(v.toFixed(Math.min(12, decimals)));
}
