/**
 * One SIGINT, seen twice. jupyter_client's signal-mode interrupt signals the kernel's whole process group, so
 * each interrupt reaches the main thread directly (its SIGINT listener, or `breakOnSigint` stopping a cell's
 * synchronous code) and a second time through the control worker's relay child (`control-worker.ts`), which
 * exists for the main thread that is stuck and cannot see the signal at all. The two copies arrive in either
 * order, and under load the relay's copy can come hundreds of milliseconds after the main thread's, when the
 * next cell already runs: taken as a new interrupt, it would stop that cell too.
 *
 * {@link SigintPairing} pairs each sighting with its twin from the other route: the first interrupts, the
 * twin is dropped. A sighting whose twin never comes (the relay could not start, two signals merged into one)
 * stops waiting for it after {@link SIGINT_PAIR_WINDOW_MS}.
 */

/** Who saw the signal: the main thread itself, or the control worker's relay. */
export type SigintRoute = "main" | "relay";

/** How long one route's sighting waits for its twin from the other route, in ms. */
export const SIGINT_PAIR_WINDOW_MS = 5_000;

/** Pairs the main thread's and the relay's sightings of each SIGINT. */
export class SigintPairing {
  readonly #unpaired: Record<SigintRoute, number[]> = { main: [], relay: [] };
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(windowMs = SIGINT_PAIR_WINDOW_MS, now: () => number = Date.now) {
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /**
   * Records that `route` saw a SIGINT. True when this is a new interrupt, false when it is the twin of one
   * the other route already reported.
   */
  seen(route: SigintRoute): boolean {
    const t = this.#now();
    const other = this.#unpaired[route === "main" ? "relay" : "main"];
    this.#expire(other, t);
    if (other.length > 0) {
      other.shift();
      return false;
    }
    const mine = this.#unpaired[route];
    this.#expire(mine, t);
    mine.push(t);
    return true;
  }

  #expire(times: number[], t: number): void {
    while (times.length > 0 && t - times[0] > this.#windowMs) times.shift();
  }
}

let mainThreadHandler: (() => void) | undefined;

/**
 * Reports that the main thread saw SIGINT itself: its process listener ran, or `breakOnSigint` stopped a
 * cell's code. The kernel's handler (see {@link onMainThreadSigint}) decides whether it interrupts.
 */
export function mainThreadSawSigint(): void {
  mainThreadHandler?.();
}

/** Sets what runs when the main thread sees SIGINT (the serving kernel sets it once). */
export function onMainThreadSigint(handler: (() => void) | undefined): void {
  mainThreadHandler = handler;
}

/** True for the error `vm.runInThisContext(…, { breakOnSigint: true })` throws when SIGINT stopped the code. */
export function isSigintInterruption(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}
