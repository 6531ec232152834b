/**
 * Main-thread half of the interrupt watchdog (see `control-worker.ts`), and the only place the kernel touches
 * Node internals.
 *
 * `Runtime.terminateExecution` unwinds JS without running Node's async-hooks bookkeeping. Every async context
 * that JS pushed on the way in (a timer, an immediate, a `nextTick`, a promise continuation while hooks are
 * on) stays on the async id stack, and the C++ callback scope underneath then finds a foreign id when it
 * closes and aborts the process ("async hook stack has become corrupted"). Node checks that on every line,
 * whether or not an async hook is enabled. So the worker first asks this module (through `Runtime.evaluate`,
 * which V8 runs even while the loop spins) to pop those entries and pause the hook counters, terminates, and
 * once the main thread runs again the stack is cleared and the counters restored.
 *
 * The stack lives in Node's `async_wrap` binding, which no public API exposes. Routes, in order:
 * 1. `internalBinding("async_wrap")` through `internal/test/binding`, which exists on Node 20 through 26 and
 *    needs Node started with `--expose-internals` (our kernelspec does; see {@link NODE_FLAGS}).
 * 2. `process.binding("async_wrap")`, deprecated, removed on Node 24: for kernelspecs written before the flag.
 * 3. Neither: the watchdog terminates only when no JS-pushed context is on top (`executionAsyncId()` is 0),
 *    which is harmless, and otherwise declines and says why in the kernel log; a second interrupt while the
 *    code still runs terminates anyway.
 */
import { executionAsyncId } from "node:async_hooks";
import { globalSlot } from "./global-slot";

interface AsyncWrapBinding {
  async_hook_fields: Uint32Array;
  async_id_fields: Float64Array;
  async_ids_stack: Float64Array;
  execution_async_resources: unknown[];
  constants: Record<string, number>;
  clearAsyncIdStack(): void;
}

/** Node options the kernelspec passes so that route 1 above is available. */
export const NODE_FLAGS: readonly string[] = ["--expose-internals"];

/** How this process reaches the async id stack; `none` means only harmless terminations are done. */
export type WatchdogRoute = "internal-binding" | "process-binding" | "none";

/** Where the worker finds the hooks: its expression below reads this slot by its registered symbol. */
const hooksSlot = globalSlot<WatchdogHooks>("watchdog");

/** What the worker calls on the main thread through the inspector. */
export interface WatchdogHooks {
  /** How this kernel reaches the async id stack. */
  readonly route: WatchdogRoute;
  /**
   * Prepares the stack for termination of the code that did not handle interrupt `seq`. `"not-stuck"`: the
   * main thread has handled it after all; `"declined"`: terminating now would abort Node (with `force`,
   * never).
   */
  beforeTerminate(force: boolean, seq: number): "terminate" | "declined" | "not-stuck";
}

let saved: Array<[number, number]> | undefined;

/** The newest interrupt the main thread has handled (see {@link noteInterruptHandled}). */
let handled = 0;

/**
 * Records that the main thread has handled interrupt `seq`. The worker may not have received the ack yet
 * (under load its grace timer can fire first); a main thread that handled the interrupt is not stuck, and
 * terminating it then would stop whatever JS runs next, such as the next cell.
 */
export function noteInterruptHandled(seq: number): void {
  handled = Math.max(handled, seq);
}

let resolved: { route: WatchdogRoute; binding?: AsyncWrapBinding } | undefined;

function isBinding(b: unknown): b is AsyncWrapBinding {
  const x = b as Partial<AsyncWrapBinding> | undefined;
  return (
    x?.async_hook_fields instanceof Uint32Array &&
    x.async_ids_stack instanceof Float64Array &&
    typeof x.clearAsyncIdStack === "function" &&
    typeof x.constants?.kStackLength === "number"
  );
}

/** Runs `f` with Node's process warnings (the internal-API and deprecation notices) kept out of the log. */
function quietly<T>(f: () => T): T {
  const proc = process as unknown as { noDeprecation?: boolean; emitWarning: typeof process.emitWarning };
  const emit = proc.emitWarning;
  const quiet = proc.noDeprecation;
  proc.emitWarning = () => undefined;
  proc.noDeprecation = true;
  try {
    return f();
  } finally {
    proc.emitWarning = emit;
    proc.noDeprecation = quiet;
  }
}

function resolve(): { route: WatchdogRoute; binding?: AsyncWrapBinding } {
  if (resolved) return resolved;
  const internal = quietly(() => {
    try {
      // Only resolvable when Node was started with --expose-internals.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const t = require("internal/test/binding") as { internalBinding(name: string): unknown };
      return t.internalBinding("async_wrap");
    } catch {
      return undefined;
    }
  });
  if (isBinding(internal)) return (resolved = { route: "internal-binding", binding: internal });
  const legacy = quietly(() => {
    try {
      return (process as unknown as { binding(name: string): unknown }).binding("async_wrap");
    } catch {
      return undefined;
    }
  });
  if (isBinding(legacy)) return (resolved = { route: "process-binding", binding: legacy });
  return (resolved = { route: "none" });
}

/** Which route this process uses (resolving it on first call). */
export function watchdogRoute(): WatchdogRoute {
  return resolve().route;
}

/**
 * Registers the main-thread hooks the watchdog worker calls; returns a sentence for the kernel log when
 * interrupts of synchronous code inside callbacks are unavailable, else `undefined`.
 */
export function installWatchdogHooks(): string | undefined {
  // Resolved now: while the main thread is stuck there must be nothing left to look up.
  const { route, binding: aw } = resolve();
  const hooks: WatchdogHooks = {
    route,
    beforeTerminate(force, seq) {
      if (handled >= seq) return "not-stuck";
      if (!aw) return force || executionAsyncId() === 0 ? "terminate" : "declined";
      if (saved) return "terminate";
      const c = aw.constants;
      // Pop the JS-pushed contexts exactly as Node's JS `popAsyncContext` does; C++-pushed entries leave a
      // hole in `execution_async_resources` and are popped by their own scope.
      const fields = aw.async_hook_fields;
      for (let n = fields[c.kStackLength]; n > 0 && aw.execution_async_resources[n - 1] !== undefined; n--) {
        const offset = n - 1;
        aw.async_id_fields[c.kExecutionAsyncId] = aw.async_ids_stack[2 * offset];
        aw.async_id_fields[c.kTriggerAsyncId] = aw.async_ids_stack[2 * offset + 1];
        aw.execution_async_resources.pop();
        fields[c.kStackLength] = offset;
      }
      // With the counters at zero the scopes that close next skip the checks that compare against the ids
      // of callbacks that never got their `after`.
      const names = ["kInit", "kBefore", "kAfter", "kDestroy", "kPromiseResolve", "kTotals"];
      saved = names.filter((n) => n in c).map((n) => [c[n], aw.async_hook_fields[c[n]]]);
      for (const [i] of saved) aw.async_hook_fields[i] = 0;
      return "terminate";
    },
  };
  hooksSlot.set(hooks);
  if (route !== "none") return undefined;
  return (
    `tslab-asyncio: this Node.js (${process.version}) was started without ${NODE_FLAGS.join(" ")}, so an ` +
    "interrupt cannot stop synchronous code inside a timer or nextTick callback; it still stops cells. " +
    "Re-run `tslab-asyncio install` to write a kernelspec that passes it.\n"
  );
}

/** Expression the worker evaluates on the main thread before terminating it; yields what to do. */
export function beforeTerminateExpression(force: boolean, seq: number): string {
  return `globalThis[Symbol.for("tslab-asyncio.watchdog")]?.beforeTerminate(${force}, ${seq}) ?? "terminate"`;
}

/** Repairs the async id stack after a termination and turns the hooks back on. Call from a fresh callback. */
export function afterTerminate(): void {
  const aw = resolve().binding;
  if (!aw || !saved) return;
  aw.clearAsyncIdStack();
  for (const [i, v] of saved) aw.async_hook_fields[i] = v;
  saved = undefined;
}
