/**
 * Names and messages from a payload are data: before anyone sees them, control characters (which break
 * lines and tooltips) and bidirectional overrides (U+202E turns "gnp.exe" into "exe.png") become visible
 * escapes such as `\u202E`.
 */
// C0 and C1 controls, DEL, and the bidi embeddings, overrides, isolates and marks (incl. U+061C, U+200E/F).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text with every control and bidi control character replaced by a visible `\uXXXX` escape.
 *
 * @example
 * ```ts
 * import { safeText } from "tslab-asyncio/timeline";
 * console.log(safeText("evil\u202Etxt.exe")); // "evil\\u202Etxt.exe"
 * ```
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/**
 * Shortens `text` to at most `chars` characters by cutting its middle, so that names that differ only at
 * the end (`fetch https://…/users/1`, `…/users/2`) stay distinguishable.
 *
 * @example
 * ```ts
 * import { middleEllipsis } from "tslab-asyncio/timeline";
 * console.log(middleEllipsis("fetch https://example.com/users/1", 16)); // "fetch ht…users/1"
 * ```
 */
export function middleEllipsis(text: string, chars: number): string {
  const chars_ = [...text];
  if (chars_.length <= chars) return text;
  if (chars <= 1) return "…";
  const tail = Math.floor((chars - 1) / 2);
  const head = chars - 1 - tail;
  return `${chars_.slice(0, head).join("")}…${chars_.slice(chars_.length - tail).join("")}`;
}
