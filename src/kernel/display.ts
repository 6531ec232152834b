/**
 * Rich display for notebooks: full MIME bundles with metadata and display ids, and `clearOutput()`.
 * Output goes to the cell the calling code belongs to (see `cell-context.ts`).
 */
import { randomBytes } from "node:crypto";
import { currentCell } from "./cell-context";
import { JUPYTER_DISPLAY, mimeBundle } from "./mime-bundle";

/** Marks values that show nothing as a cell's last expression (the kernel sends no `execute_result`). */
export const DISPLAYS_NOTHING = Symbol.for("tslab-asyncio.displays-nothing");

/** Options of {@link display}. */
export interface DisplayOptions {
  /** Display metadata, e.g. `{ "image/png": { width: 200 } }`. */
  metadata?: Record<string, unknown>;
  /** Display id to create (or update with `update: true`): a string or the handle an earlier call returned. */
  displayId?: string | DisplayHandle;
  /** Replace the output with this `displayId` instead of adding a new one. */
  update?: boolean;
  /** Treat `value` as a ready MIME bundle (`{ "text/html": "…" }`) instead of rendering it. */
  raw?: boolean;
}

/** Options of {@link DisplayHandle.update} and {@link DisplayHandle.display}. */
export type DisplayHandleOptions = Pick<DisplayOptions, "metadata" | "raw">;

function cellOrThrow(what: string): NonNullable<ReturnType<typeof currentCell>> {
  const cell = currentCell();
  if (!cell) throw new Error(`${what} works only in the tslab-asyncio kernel, after a cell has started.`);
  return cell;
}

/**
 * What {@link display} returns, like IPython's `DisplayHandle`: the display's id and the means to replace
 * what it shows. As a cell's last expression it displays nothing (no `Out` line).
 *
 * @example A progress line updated in place
 * ```ts
 * import { display } from "tslab-asyncio";
 *
 * const progress = display({ "text/plain": "0%" }, { raw: true });
 * for (const p of [50, 100]) progress.update({ "text/plain": `${p}%` }, { raw: true });
 * progress; // shows nothing: the display above is the output
 * ```
 */
export class DisplayHandle {
  /** The `display_id` every update of this display carries. */
  readonly displayId: string;

  constructor(displayId: string) {
    this.displayId = displayId;
  }

  /**
   * Replaces what this display shows (an `update_display_data` message), in every cell showing it.
   *
   * @param value The new value, or a ready MIME bundle with `raw: true`.
   * @param options Metadata and `raw`.
   */
  update(value: unknown, options: DisplayHandleOptions = {}): void {
    display(value, { ...options, displayId: this.displayId, update: true });
  }

  /**
   * Shows `value` as another output with this display id (later updates change both).
   *
   * @param value The value, or a ready MIME bundle with `raw: true`.
   * @param options Metadata and `raw`.
   */
  display(value: unknown, options: DisplayHandleOptions = {}): void {
    display(value, { ...options, displayId: this.displayId });
  }

  /** `<DisplayHandle display_id=…>`, as IPython writes it. */
  toString(): string {
    return `<DisplayHandle display_id=${this.displayId}>`;
  }

  /** Shows nothing as a cell's last expression. */
  get [DISPLAYS_NOTHING](): true {
    return true;
  }

  /** Deno's display protocol: an empty bundle. */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return {};
  }
}

/**
 * Displays a value as a MIME bundle: `text/plain` via `util.inspect`, plus whatever the value's
 * `Symbol.for("Jupyter.display")` method returns.
 *
 * @param value What to show, or a ready MIME bundle with `raw: true`.
 * @param options Metadata, display id, update, raw.
 * @returns A {@link DisplayHandle} for updating the display; as a cell's last expression it shows nothing.
 * @throws Error outside the tslab-asyncio kernel.
 *
 * @example
 * ```ts
 * import { display } from "tslab-asyncio";
 * const shown = display({ "text/html": "<b>50%</b>", "text/plain": "50%" }, { raw: true });
 * shown.update({ "text/html": "<b>100%</b>", "text/plain": "100%" }, { raw: true });
 * ```
 */
export function display(value: unknown, options: DisplayOptions = {}): DisplayHandle {
  const cell = cellOrThrow("display()");
  const data = options.raw ? (value as Record<string, unknown>) : mimeBundle(value);
  const given = options.displayId;
  const displayId =
    given === undefined
      ? randomBytes(8).toString("hex")
      : given instanceof DisplayHandle
        ? given.displayId
        : String(given);
  cell.writeDisplay(
    { data, metadata: options.metadata ?? {}, transient: { display_id: displayId } },
    options.update === true,
  );
  return given instanceof DisplayHandle ? given : new DisplayHandle(displayId);
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
