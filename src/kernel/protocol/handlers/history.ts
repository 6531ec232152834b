/**
 * `history_request`: the cells this kernel ran, answered from memory (`tail`, `range` and `search` with
 * IPython's glob patterns, where `*` is any text and `?` one character).
 */
import type { Content } from "../../wire";

/** One history entry: session (always 0, the running one), execution count, source. */
export type HistoryEntry = [session: number, line: number, source: string];

/** The cells run so far, oldest first. */
export class History {
  readonly #entries: HistoryEntry[] = [];

  /** Records the source of the cell with execution count `line`. */
  add(line: number, source: string): void {
    this.#entries.push([0, line, source]);
  }

  /**
   * The `history` field of a `history_reply` for the request content `c`.
   *
   * @example
   * ```ts
   * const h = new History();
   * h.add(1, "let a = 1");
   * h.query({ hist_access_type: "tail", n: 1, output: false }); // [[0, 1, "let a = 1"]]
   * ```
   */
  query(c: Content): unknown[] {
    const entry = (h: HistoryEntry): unknown[] => (c.output === true ? [h[0], h[1], [h[2], null]] : [...h]);
    const all = this.#entries;
    switch (c.hist_access_type) {
      case "tail": {
        const n = typeof c.n === "number" ? c.n : 10;
        return all.slice(Math.max(0, all.length - n)).map(entry);
      }
      case "range": {
        const start = typeof c.start === "number" ? c.start : 0;
        const stop = typeof c.stop === "number" ? c.stop : Infinity;
        return all.filter((h) => h[1] >= start && h[1] < stop).map(entry);
      }
      case "search": {
        const re = globToRegExp(typeof c.pattern === "string" ? c.pattern : "*");
        let hits = all.filter((h) => re.test(h[2]));
        if (c.unique === true) hits = lastOfEach(hits);
        if (typeof c.n === "number" && c.n > 0) hits = hits.slice(Math.max(0, hits.length - c.n));
        return hits.map(entry);
      }
      default:
        return [];
    }
  }
}

/**
 * A whole-string regular expression for an IPython history glob: `*` any text (newlines included), `?` one
 * character, everything else literal.
 *
 * @example
 * ```ts
 * globToRegExp("a?c*").test("abc\nd"); // true
 * ```
 */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else source += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** Keeps only the last occurrence of each source, in order. */
function lastOfEach(hits: HistoryEntry[]): HistoryEntry[] {
  const lastIndex = new Map<string, number>();
  hits.forEach((h, i) => lastIndex.set(h[2], i));
  return hits.filter((h, i) => lastIndex.get(h[2]) === i);
}
