/**
 * Process-wide values shared by every copy of this package loaded into one kernel (the launcher's own and a
 * notebook's `node_modules` copy): each lives on `globalThis` under a registered symbol, so both copies find
 * the same cell storage, integration and kernel state.
 */

/** One process-wide value. */
export interface GlobalSlot<T> {
  /** The value, or `undefined` when nothing set it yet. */
  get(): T | undefined;
  /** Stores `value` and returns it. */
  set(value: T): T;
  /** The value, created with `make` (and stored) when there is none yet. */
  getOrCreate(make: () => T): T;
}

/**
 * The slot named `tslab-asyncio.<name>` on `globalThis`.
 *
 * @example
 * ```ts
 * const counter = globalSlot<{ n: number }>("example-counter");
 * counter.getOrCreate(() => ({ n: 0 })).n++;
 * ```
 */
export function globalSlot<T>(name: string): GlobalSlot<T> {
  const key = Symbol.for(`tslab-asyncio.${name}`);
  const g = globalThis as Record<symbol, unknown>;
  return {
    get: () => g[key] as T | undefined,
    set: (value) => {
      g[key] = value;
      return value;
    },
    getOrCreate: (make) => (g[key] ??= make()) as T,
  };
}
