/**
 * Turns what a cell threw into the protocol's `ename`/`evalue`/`traceback`: frames of tslab, Node internals
 * and this kernel module are dropped, and cell frames point at the cell's own lines (tslab runs generated
 * JavaScript whose lines do not match the TypeScript the user wrote).
 */
import { inspect } from "node:util";

/** The protocol's description of an error. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** How a cell's generated code relates to its source. */
export interface CellSource {
  /** The file name cell frames carry in stack traces, e.g. `<cell 3>`. */
  fileName: string;
  /** The TypeScript the user wrote. */
  code: string;
  /** The JavaScript tslab ran (wrapped), when known. */
  js?: string;
}

const INTERNAL = [
  /[\\/]tslab[\\/]dist[\\/]/,
  /\(node:/,
  /^\s*at node:/,
  /[\\/]lib[\\/]kernel[\\/]/,
  /<anonymous>\)?$/,
];

function normalize(line: string): string {
  // TS's CommonJS emit calls exported functions as `(0, exports.f)(…)` and reads them as `exports.f`.
  return (
    line
      .replace(/\(0,\s*exports\.([\w$]+)\)/g, "$1")
      .replace(/\bexports\./g, "")
      // tslab assigns the last expression to a generated variable.
      .replace(/^\s*(?:(?:const|let|var)\s+)?tsLastExpr\w*\s*=\s*/, "")
      .replace(/\s+/g, "")
      .replace(/;+$/, "")
  );
}

/**
 * Maps a 1-based line of the generated JavaScript to a 1-based line of the cell, by finding the source line
 * with the same text (types and `exports.` removed by tslab are ignored). Returns `undefined` if unsure.
 *
 * @example
 * ```ts
 * mapLine({ fileName: "<cell 1>", code: "let a: number = 1;\nthrow new Error('x');", js: "..." }, 4);
 * ```
 */
export function mapLine(src: CellSource, jsLine: number): number | undefined {
  if (!src.js) return undefined;
  const js = src.js.split("\n");
  let text = js[jsLine - 1];
  if (text === undefined) return undefined;
  if (jsLine === 1) text = text.replace(/^\((async )?function\(exports, require\) \{ /, "");
  const want = normalize(text);
  if (want.length === 0) return undefined;
  const lines = src.code.split("\n").map(normalize);
  let best: number | undefined;
  lines.forEach((l, i) => {
    if (l === want && (best === undefined || Math.abs(i + 1 - jsLine) < Math.abs(best - jsLine)))
      best = i + 1;
  });
  if (best !== undefined) return best;
  // Type annotations make the source line longer than the emitted one: match on a common prefix.
  const head = want.slice(0, Math.min(want.length, 12));
  lines.forEach((l, i) => {
    if (head.length >= 6 && l.startsWith(head) && best === undefined) best = i + 1;
  });
  return best;
}

/**
 * The protocol error (`ename`, `evalue`, `traceback`) for a thrown value.
 *
 * @example
 * ```ts
 * const { ename, evalue, traceback } = errorContent(new TypeError("bad"), { fileName: "<cell 1>", code: "" });
 * ```
 */
export function errorContent(value: unknown, src: CellSource): ErrorContent {
  if (!(value instanceof Error)) {
    const evalue = inspect(value);
    return { ename: "Uncaught", evalue, traceback: [`Uncaught ${evalue}`] };
  }
  const ename = value.name || value.constructor?.name || "Error";
  const evalue = value.message;
  const stack = typeof value.stack === "string" ? value.stack.split("\n") : [];
  const frames: string[] = [];
  const cellFrame = new RegExp(`${escapeRegExp(src.fileName)}:(\\d+):(\\d+)`);
  for (const line of stack) {
    if (!/^\s+at /.test(line)) continue;
    const m = cellFrame.exec(line);
    if (m) {
      // The last generated line is tslab's `})(__tslab__.exports, …)` wrapper call: not user code.
      if (src.js && Number(m[1]) === src.js.split("\n").length) continue;
      const mapped = mapLine(src, Number(m[1]));
      const where = mapped === undefined ? `${src.fileName}` : `${src.fileName}:${mapped}`;
      frames.push(line.replace(cellFrame, where).replace(/\bexports\./, ""));
      continue;
    }
    if (INTERNAL.some((re) => re.test(line))) continue;
    frames.push(line);
  }
  return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...frames] };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const INTERRUPTED = "Interrupted by the front-end";

/**
 * The error an interrupted cell's signal is aborted with, named like Python's.
 *
 * @example
 * ```ts
 * cell.controller.abort(keyboardInterrupt());
 * ```
 */
export function keyboardInterrupt(): Error {
  const e = new Error(INTERRUPTED);
  e.name = "KeyboardInterrupt";
  return e;
}

/** The protocol error of an interrupted cell. */
export function interruptContent(): ErrorContent {
  return {
    ename: "KeyboardInterrupt",
    evalue: INTERRUPTED,
    traceback: [`KeyboardInterrupt: ${INTERRUPTED}`],
  };
}
