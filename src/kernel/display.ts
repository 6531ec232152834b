/**
 * Rich display for notebooks: full MIME bundles with metadata and display ids, and `clearOutput()`.
 * Output goes to the cell the calling code belongs to (see `cell-context.ts`).
 */
import { randomBytes } from "node:crypto";
import { currentCell } from "./cell-context";
import { mimeBundle } from "./mime-bundle";

/** Options of {@link display}. */
export interface DisplayOptions {
  /** Display metadata, e.g. `{ "image/png": { width: 200 } }`. */
  metadata?: Record<string, unknown>;
  /** Display id to create (or update with `update: true`). */
  displayId?: string;
  /** Replace the output with this `displayId` instead of adding a new one. */
  update?: boolean;
  /** Treat `value` as a ready MIME bundle (`{ "text/html": "…" }`) instead of rendering it. */
  raw?: boolean;
}

function cellOrThrow(what: string): NonNullable<ReturnType<typeof currentCell>> {
  const cell = currentCell();
  if (!cell) throw new Error(`${what} works only in the tslab-asyncio kernel, after a cell has started.`);
  return cell;
}

/**
 * Displays a value as a MIME bundle: `text/plain` via `util.inspect`, plus whatever the value's
 * `Symbol.for("Jupyter.display")` method returns. Returns the display id (new one if none was given).
 *
 * @example
 * ```ts
 * import { display } from "tslab-asyncio";
 * const id = display({ "text/html": "<b>50%</b>", "text/plain": "50%" }, { raw: true });
 * display({ "text/html": "<b>100%</b>", "text/plain": "100%" }, { raw: true, displayId: id, update: true });
 * ```
 */
export function display(value: unknown, options: DisplayOptions = {}): string {
  const cell = cellOrThrow("display()");
  const data = options.raw ? (value as Record<string, unknown>) : mimeBundle(value);
  const displayId = options.displayId ?? randomBytes(8).toString("hex");
  cell.writeDisplay(
    { data, metadata: options.metadata ?? {}, transient: { display_id: displayId } },
    options.update === true,
  );
  return displayId;
}

/**
 * Clears the output of the current cell, like IPython's `clear_output`.
 *
 * @param wait When true, the front-end clears only when new output arrives (no flicker).
 * @example
 * ```ts
 * import { clearOutput } from "tslab-asyncio";
 * for (let i = 0; i <= 3; i++) { clearOutput(true); console.log(`step ${i}`); }
 * ```
 */
export function clearOutput(wait = false): void {
  cellOrThrow("clearOutput()").clearOutput(wait);
}
