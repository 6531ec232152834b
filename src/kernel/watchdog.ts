/**
 * Main-thread half of the interrupt watchdog (see `control-worker.ts`). `Runtime.terminateExecution` unwinds
 * JS without running Node's async-hooks bookkeeping, so the async id stack keeps the id of the callback that
 * was stopped. With any async hook enabled (AsyncLocalStorage enables one), Node then aborts on
 * `CHECK_EQ(env_->execution_async_id(), 0)` when the callback scope closes. So the worker first asks this
 * module (through `Runtime.evaluate`, which V8 runs even while the loop spins) to pause the hook counters,
 * terminates, and once the main thread runs again the stale stack is cleared and the counters restored.
 */

interface AsyncWrapBinding {
  async_hook_fields: Uint32Array;
  async_id_fields: Float64Array;
  async_ids_stack: Float64Array;
  execution_async_resources: unknown[];
  constants: Record<string, number>;
  clearAsyncIdStack(): void;
}

const KEY = Symbol.for("tslab-asyncio.watchdog");

/** What the worker calls on the main thread through the inspector. */
export interface WatchdogHooks {
  beforeTerminate(): void;
}

let saved: Array<[number, number]> | undefined;

let cachedBinding: AsyncWrapBinding | undefined;

function binding(): AsyncWrapBinding | undefined {
  if (cachedBinding) return cachedBinding;
  // `process.binding` is the only way to reach the async id stack; Node 20 still allows async_wrap. Its
  // deprecation warning would only clutter the server log.
  const proc = process as unknown as { noDeprecation?: boolean; binding(name: string): AsyncWrapBinding };
  const quiet = proc.noDeprecation;
  proc.noDeprecation = true;
  try {
    cachedBinding = proc.binding("async_wrap");
  } catch {
    cachedBinding = undefined;
  } finally {
    proc.noDeprecation = quiet;
  }
  return cachedBinding;
}

/** Registers the main-thread hooks the watchdog worker calls. */
export function installWatchdogHooks(): void {
  // Resolved now: while the main thread is stuck there must be nothing left to look up.
  const aw = binding();
  const hooks: WatchdogHooks = {
    beforeTerminate() {
      if (!aw || saved) return;
      const c = aw.constants;
      // Termination skips the `emitAfter` of every JS-pushed async context on top of the stack (a timer, an
      // immediate, a promise continuation); the C++ scope below it would then find a foreign id and abort.
      // Pop them now, exactly as Node's JS `popAsyncContext` does; C++-pushed entries leave a hole in
      // `execution_async_resources` and are popped by their own scope.
      const fields = aw.async_hook_fields;
      for (let n = fields[c.kStackLength]; n > 0 && aw.execution_async_resources[n - 1] !== undefined; n--) {
        const offset = n - 1;
        aw.async_id_fields[c.kExecutionAsyncId] = aw.async_ids_stack[2 * offset];
        aw.async_id_fields[c.kTriggerAsyncId] = aw.async_ids_stack[2 * offset + 1];
        aw.execution_async_resources.pop();
        fields[c.kStackLength] = offset;
      }
      const names = ["kInit", "kBefore", "kAfter", "kDestroy", "kPromiseResolve", "kTotals"];
      saved = names.filter((n) => n in c).map((n) => [c[n], aw.async_hook_fields[c[n]]]);
      for (const [i] of saved) aw.async_hook_fields[i] = 0;
    },
  };
  (globalThis as { [KEY]?: WatchdogHooks })[KEY] = hooks;
}

/** Expression the worker evaluates on the main thread before terminating it. */
export const BEFORE_TERMINATE_EXPRESSION = `globalThis[Symbol.for("tslab-asyncio.watchdog")]?.beforeTerminate()`;

/** Repairs the async id stack after a termination and turns the hooks back on. Call from a fresh callback. */
export function afterTerminate(): void {
  const aw = binding();
  if (!aw || !saved) return;
  aw.clearAsyncIdStack();
  for (const [i, v] of saved) aw.async_hook_fields[i] = v;
  saved = undefined;
}
