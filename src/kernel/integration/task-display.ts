/**
 * Rich display of a `Task` or `Future` as a cell's last expression: its state, name, and result or error,
 * as HTML plus Python's repr as text.
 */
import { inspect } from "node:util";
import { Task, type Future } from "../../asyncio";

/** Escapes text for HTML (names and values are data, never markup). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function outcome(future: Future<unknown>): { state: string; label: string; value: string } {
  if (!future.done()) return { state: "pending", label: "", value: "" };
  if (future.cancelled()) return { state: "cancelled", label: "", value: "" };
  // `exception()` on a done future never throws unless cancelled (handled above).
  const error = future.exception();
  if (error !== undefined) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : inspect(error);
    return { state: "failed", label: "error", value: text };
  }
  return {
    state: "finished",
    label: "result",
    value: inspect(future.result(), { depth: 2, breakLength: 100 }),
  };
}

/**
 * The MIME bundle of a task or future.
 *
 * @example
 * ```ts
 * taskDisplay(asyncio.createTask(async () => 42, { name: "answer" }))["text/plain"]; // "<Task pending name='answer'>"
 * ```
 */
export function taskDisplay(future: Future<unknown>): Record<string, string> {
  const { state, label, value } = outcome(future);
  const kind = future instanceof Task ? "Task" : "Future";
  const name = future instanceof Task ? future.getName() : undefined;
  let text = `<${kind} ${state}${name !== undefined ? ` name='${name}'` : ""}`;
  if (label) text += ` ${label === "error" ? "exception" : "result"}=${value}`;
  text += ">";
  const rows: [string, string][] = [["state", state]];
  if (name !== undefined) rows.unshift(["name", name]);
  if (label) rows.push([label, value]);
  const html =
    `<table class="tslab-asyncio-${kind.toLowerCase()}"><caption style="text-align:left">${kind}</caption>` +
    rows
      .map(([k, v]) => `<tr><th style="text-align:left">${k}</th><td><code>${escapeHtml(v)}</code></td></tr>`)
      .join("") +
    "</table>";
  return { "text/plain": text, "text/html": html };
}
