/**
 * Finds the tslab modules of the *running* kernel. The launcher starts tslab from this package's own
 * dependency, so a plain `require` finds it; `apply()` in a plain tslab kernel may run from another copy, so
 * the live modules are looked up in `require.cache` first (docs/tslab-notes.md).
 */
import * as path from "node:path";

/** The subset of tslab's `dist/jupyter.js` module that the kernel module patches. */
export interface TslabJupyterModule {
  ZmqServer: { prototype: Record<string, unknown> };
  JupyterHandlerImpl: { prototype: Record<string, unknown> };
  lastWriteDisplayData: unknown;
}

/** The tslab installation hosting this process. */
export interface TslabHost {
  /** Absolute path of tslab's package directory. */
  readonly root: string;
  /** tslab's version from its package.json. */
  readonly version: string;
  /** The live `dist/jupyter.js` module. */
  readonly jupyter: TslabJupyterModule;
  /** Loads another module of the same tslab copy, e.g. `"dist/util"`. */
  require(relative: string): unknown;
}

const JUPYTER_SUFFIX = `${path.sep}tslab${path.sep}dist${path.sep}jupyter.js`;

function hostAt(root: string): TslabHost {
  // tslab is located at run time (a path, not a package name), so this cannot be a static import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (relative: string): unknown => require(path.join(root, relative));
  const pkg = load("package.json") as { version: string };
  return {
    root,
    version: pkg.version,
    jupyter: load("dist/jupyter.js") as TslabJupyterModule,
    require: load,
  };
}

/** The tslab copy already loaded in this process, or `undefined` when tslab is not running here. */
export function findLiveHost(): TslabHost | undefined {
  const key = Object.keys(require.cache).find((k) => k.endsWith(JUPYTER_SUFFIX));
  return key === undefined ? undefined : hostAt(path.dirname(path.dirname(key)));
}

/** The tslab copy this package depends on (what the launcher starts). */
export function ownHost(): TslabHost {
  return hostAt(path.dirname(require.resolve("tslab/package.json")));
}
