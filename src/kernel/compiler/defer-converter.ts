/**
 * Keeps TypeScript off the kernel's main thread. tslab's `dist/jupyter.js` (which the kernel patches and
 * runs) requires `dist/converter.js` at load time only for `isCompleteCode`, and that module loads
 * TypeScript's 9 MB compiler at once: about 0.2 s and 40 MB the main thread never needs, because the
 * compile worker has its own. Registering a stand-in for `converter.js` in the module cache, before
 * `jupyter.js` is loaded, defers the real module to its first use: any property read loads it and answers
 * from it, so nothing that does use it behaves differently.
 */
import * as nodeModule from "node:module";
import * as path from "node:path";

/**
 * Registers the deferred `dist/converter.js` of the tslab at `tslabRoot`; returns false (and does nothing)
 * when that module is already loaded.
 *
 * @example
 * ```ts
 * deferConverter(path.dirname(require.resolve("tslab/package.json")));
 * require("tslab/dist/jupyter.js"); // TypeScript not loaded yet
 * ```
 */
export function deferConverter(tslabRoot: string): boolean {
  const file = require.resolve(path.join(tslabRoot, "dist", "converter.js"));
  if (require.cache[file]) return false;
  let real: Record<string | symbol, unknown> | undefined;
  const load = (): Record<string | symbol, unknown> => {
    if (!real) {
      delete require.cache[file];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      real = require(file) as Record<string | symbol, unknown>;
    }
    return real;
  };
  const stand = new nodeModule.Module(file, module);
  stand.filename = file;
  stand.loaded = true;
  stand.exports = new Proxy(
    {},
    {
      get: (_t, key) => load()[key],
      has: (_t, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_t, key) => {
        const d = Reflect.getOwnPropertyDescriptor(load(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
  require.cache[file] = stand;
  return true;
}
