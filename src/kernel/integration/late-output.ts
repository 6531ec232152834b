/**
 * Output that a cell's background work writes after the cell finished.
 *
 * Such output still carries the cell's own parent header, but front-ends differ in what they do with it:
 * JupyterLab keeps listening to a finished cell, nbclient (nbconvert, papermill) drops every message whose
 * parent is not the cell it is running. Both route `update_display_data` by `display_id` to whatever output
 * holds that id. So when a cell ends with work still pending, it gets an empty display (its *mirror*) while
 * it is still running; afterwards its output goes into that display:
 *
 * - at once, as `update_display_data` with the cell's own parent (JupyterLab, any live front-end);
 * - again when `drain()` runs, with the parent of the cell calling it, because that is the only parent
 *   nbclient listens to at that moment. Only then does a message about one cell carry another's parent.
 *
 * Late text is never also sent as a plain `stream`: JupyterLab would show it twice.
 */
import type { CellContext } from "../cell-context";
import { originalTimers } from "./timers";

/** The most characters one mirror keeps; older text is dropped with a note, like a terminal's scrollback. */
export const MIRROR_MAX_CHARS = 200_000;

/** How many finished mirrors are kept for `drain()` at most. */
export const MAX_MIRRORS = 100;

/** How long updates are coalesced, in ms. */
const UPDATE_MS = 30;

class Mirror {
  readonly id: string;
  text = "";
  omitted = 0;
  /** Changed since the last copy sent through a running cell (what nbclient sees). */
  unseenByRunning = false;
  timer: NodeJS.Timeout | undefined;

  constructor(readonly cell: CellContext) {
    this.id = `tslab-asyncio-late-${cell.msgId}`;
  }

  append(text: string): void {
    this.text += text;
    if (this.text.length > MIRROR_MAX_CHARS) {
      const cut = this.text.length - MIRROR_MAX_CHARS;
      this.omitted += cut;
      this.text = this.text.slice(cut);
    }
    this.unseenByRunning = true;
  }

  content(): {
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
    transient: { display_id: string };
  } {
    const head = this.omitted > 0 ? `[… ${this.omitted} earlier characters of late output omitted]\n` : "";
    const empty = this.text === "" && this.omitted === 0;
    return {
      data: { "text/plain": head + this.text },
      // An empty slot is the smallest display the protocol allows (JupyterLab with our extension hides it).
      metadata: empty
        ? {}
        : { "tslab-asyncio": { lateOutput: true, executionCount: this.cell.executionCount } },
      transient: { display_id: this.id },
    };
  }
}

/** Keeps the mirrors of finished cells and sends their updates. */
export class LateOutput {
  readonly #mirrors = new Map<CellContext, Mirror>();

  /**
   * Gives `cell` its (empty) mirror display. Must be called while the cell still counts as running for the
   * front-end (before its `idle`), so nbclient records the display in the cell.
   */
  open(cell: CellContext): void {
    if (this.#mirrors.has(cell)) return;
    const mirror = new Mirror(cell);
    this.#mirrors.set(cell, mirror);
    cell.writeDisplay(mirror.content(), false);
  }

  /** Adds late text to the cell's mirror; returns false when the cell has none. */
  write(cell: CellContext, text: string): boolean {
    const mirror = this.#mirrors.get(cell);
    if (mirror === undefined) return false;
    mirror.append(text);
    if (mirror.timer === undefined) {
      mirror.timer = originalTimers.setTimeout(() => this.#send(mirror), UPDATE_MS) as NodeJS.Timeout;
      mirror.timer.unref();
    }
    return true;
  }

  /** Sends pending updates now, with each cell's own parent. */
  flush(): void {
    for (const m of this.#mirrors.values()) if (m.timer !== undefined) this.#send(m);
  }

  /**
   * Sends every mirror changed since the last call through `via` (a running cell), so a front-end that only
   * listens to the running cell (nbclient) updates the original cells too.
   */
  showThrough(via: CellContext): void {
    this.flush();
    for (const m of this.#mirrors.values()) {
      if (!m.unseenByRunning || m.cell === via) continue;
      m.unseenByRunning = false;
      via.writeDisplay(m.content(), true);
    }
  }

  /**
   * Forgets mirrors of cells whose work is over and whose text `drain()` already showed; beyond
   * {@link MAX_MIRRORS} idle mirrors, the oldest go even if unshown (a long interactive session without drain).
   */
  prune(isBusy: (cell: CellContext) => boolean): void {
    let extra = this.#mirrors.size - MAX_MIRRORS;
    for (const [cell, m] of this.#mirrors) {
      if (m.timer !== undefined || isBusy(cell)) continue;
      if (!m.unseenByRunning || extra > 0) {
        this.#mirrors.delete(cell);
        extra--;
      }
    }
  }

  #send(mirror: Mirror): void {
    if (mirror.timer !== undefined) originalTimers.clearTimeout(mirror.timer);
    mirror.timer = undefined;
    mirror.cell.writeDisplay(mirror.content(), true);
  }
}
