/**
 * tslab's process listeners, replaced by ours. tslab's start-up adds three: `unhandledRejection` and
 * `uncaughtException`, which print into whichever cell started last, and `SIGINT`, which ends the cell before
 * its work can be cancelled. Ours report a failure in the cell it came from (see `integration.ts`).
 *
 * Finding tslab's listeners. They are anonymous closures inside tslab's `startKernel`, reachable only
 * through `process.listeners()`; Node records nothing about who added a listener. When our launcher starts
 * tslab, this module is installed first, so the listeners tslab adds are exactly those that appear between
 * {@link noteListenersBeforeTslab} and the server's initialisation: they are found by identity. In a plain
 * tslab (`apply()`), tslab added them before any of our code existed; identity is then unavailable, and the
 * only property that distinguishes tslab's closure from a listener the notebook added is its source text,
 * fixed by tslab's compiled `dist/main.js` (`console.error("UnhandledPromiseRejection:", …)`). That case, and
 * only that one, matches the source (docs/tslab-notes.md, "What a module inside the kernel can reach").
 */
import { cellStorage, type CellContext } from "../cell-context";
import { mainThreadSawSigint } from "../sigint";
import { kernelState } from "../state";
import type { FailureKind } from "./report";

type Listener = (...args: unknown[]) => void;
type Watched = "unhandledRejection" | "uncaughtException" | "SIGINT";
const WATCHED: readonly Watched[] = ["unhandledRejection", "uncaughtException", "SIGINT"];

/** `process.listeners` for any of the watched events (Node's typings split them by overload). */
function listenersOf(event: Watched): Listener[] {
  return (process as unknown as { listeners(e: string): Listener[] }).listeners(event);
}

/** The listeners present before tslab started, per event. */
export type ListenerSnapshot = Map<Watched, Set<Listener>>;

/** What replacing the listeners needs: where to report. */
export interface FailureReporter {
  report(cell: CellContext | undefined, what: FailureKind, error: unknown): void;
}

/** Notes the current listeners of the events tslab listens to. */
export function noteListenersBeforeTslab(): ListenerSnapshot {
  return new Map(WATCHED.map((e) => [e, new Set(listenersOf(e))]));
}

/** tslab's listeners of `event` in a tslab started before this module (see the file comment). */
function tslabListenersBySource(event: Watched): Listener[] {
  const pattern =
    event === "SIGINT" ? /executor\.interrupt\(\)/ : /Unhandled ?Promise ?Rejection|Uncaught ?Exception/i;
  return listenersOf(event).filter((l) => pattern.test(String(l)));
}

/** Removes tslab's process listeners and adds the kernel's. Called once the tslab server exists. */
export function replaceTslabListeners(before: ListenerSnapshot, reporter: FailureReporter): void {
  const preloaded = kernelState()?.preloaded === true;
  const tslabs = (event: Watched): Listener[] =>
    preloaded ? listenersOf(event).filter((l) => !before.get(event)?.has(l)) : tslabListenersBySource(event);
  for (const l of tslabs("unhandledRejection")) process.off("unhandledRejection", l);
  for (const l of tslabs("uncaughtException")) process.off("uncaughtException", l);
  // tslab's SIGINT listener rejects its own "Interrupted asynchronously" promise and ends the cell before the
  // kernel's interrupt path runs, so the cell's work would never be cancelled. Ours hands the signal to the
  // kernel, which pairs it with the copy the control worker's relay receives (jupyter_client signals the
  // process group; see ../sigint.ts) and interrupts once. A listener must stay in any case, or Node's
  // default action would kill the kernel on SIGINT. In a plain tslab (`apply()`) there is no relay: tslab's
  // listener is all there is, and it stays.
  if (preloaded) {
    for (const l of tslabs("SIGINT")) process.off("SIGINT", l);
    process.on("SIGINT", mainThreadSawSigint);
  }
  process.on("unhandledRejection", (reason) => {
    // Node emits this inside an async context of the failed promise, so the cell context is the store: on
    // Node 20/22 the context the promise was created in, on 24+ (AsyncContextFrame) the context that
    // rejected it; the same cell whenever one cell's code does both (docs/tslab-notes.md, measurements).
    reporter.report(cellStorage.getStore(), { kind: "rejection" }, reason);
  });
  process.on("uncaughtException", (error) => {
    // Node emits this before leaving the failed callback's async context.
    reporter.report(cellStorage.getStore(), { kind: "callback", api: "an event" }, error);
  });
}
