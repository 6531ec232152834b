/**
 * How a value displays: `text/plain` as Node's REPL would print it, merged with the bundle its
 * `Symbol.for("Jupyter.display")` method returns (the display protocol Deno's kernel uses).
 *
 * "As Node's REPL would print it" needs one correction. On Node 20 and 22, `AsyncLocalStorage` stores each
 * async resource's context in an enumerable symbol property of the resource itself, and with async hooks on,
 * every promise also carries its async ids the same way. `util.inspect` lists enumerable symbol properties,
 * so a promise created in a cell would print the cell context (its code, message ids, session) and a timer
 * would print a context entry. The REPL shows neither. {@link hideRuntimeSymbols} makes those properties
 * non-enumerable before a value is inspected: Node reads them by key, so nothing else changes. Node 24 keeps
 * context in `AsyncContextFrame` instead and has nothing to hide.
 */
import { inspect, types } from "node:util";

/** The method name of the Jupyter display protocol. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** Descriptions of the symbol properties Node's async machinery puts on resources (Node 20/22). */
const RUNTIME_SYMBOLS = new Set(["kResourceStore", "async_id_symbol", "trigger_async_id_symbol"]);

/** At most this many objects are visited per value: bounds the cost for huge graphs (inspect caps too). */
const MAX_VISITED = 10_000;

/** How deep the walk goes: one level beyond what `util.inspect` prints by default (depth 2). */
const MAX_DEPTH = 3;

/** At most this many entries per array, map or set, as `util.inspect` shows (maxArrayLength 100). */
const MAX_ENTRIES = 100;

/**
 * Makes the async-context symbol properties of `value` and of what it contains (as deep as `util.inspect`
 * prints) non-enumerable, so printing it shows what Node's REPL shows. Proxies and accessors are never
 * touched, so no user code runs.
 *
 * @example
 * ```ts
 * const p = Promise.resolve(5);
 * hideRuntimeSymbols(p);
 * util.inspect(p); // "Promise { 5 }"
 * ```
 */
export function hideRuntimeSymbols(value: unknown): void {
  const seen = new Set<object>();
  const visit = (v: unknown, depth: number): void => {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return;
    if (seen.has(v) || seen.size >= MAX_VISITED || types.isProxy(v)) return;
    seen.add(v);
    for (const key of Object.getOwnPropertySymbols(v)) {
      if (!RUNTIME_SYMBOLS.has(key.description ?? "")) continue;
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (d?.enumerable && "value" in d) {
        try {
          Object.defineProperty(v, key, { ...d, enumerable: false });
        } catch {
          // A frozen object keeps it; nothing else to do.
        }
      }
    }
    if (depth >= MAX_DEPTH) return;
    if (v instanceof Map || v instanceof Set) {
      let n = 0;
      for (const entry of v instanceof Map ? v.entries() : v.values()) {
        if (n++ >= MAX_ENTRIES) break;
        if (Array.isArray(entry)) entry.forEach((e: unknown) => visit(e, depth + 1));
        else visit(entry, depth + 1);
      }
    }
    let n = 0;
    for (const key of Object.keys(v)) {
      if (n++ >= MAX_ENTRIES) break;
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (d && "value" in d) visit(d.value, depth + 1);
    }
  };
  visit(value, 0);
}

/**
 * The MIME bundle of a value: `text/plain` through `util.inspect` (so `"42"` and `42` differ), merged with
 * what the value's `Symbol.for("Jupyter.display")` method returns.
 *
 * @example
 * ```ts
 * mimeBundle({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b>hi</b>" }) });
 * ```
 */
export function mimeBundle(value: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const method =
    value !== null && (typeof value === "object" || typeof value === "function")
      ? (value as { [JUPYTER_DISPLAY]?: unknown })[JUPYTER_DISPLAY]
      : undefined;
  if (typeof method === "function") {
    const rich = (method as () => unknown).call(value);
    if (rich && typeof rich === "object") Object.assign(data, rich as Record<string, unknown>);
  }
  if (!("text/plain" in data)) {
    hideRuntimeSymbols(value);
    data["text/plain"] = inspect(value);
  }
  return data;
}
