/**
 * The version of the TypeScript tslab compiles cells with, read from its package.json: `kernel_info` must
 * say it without loading the compiler on the main thread.
 */
import * as fs from "node:fs";
import * as path from "node:path";

let cached: string | undefined;

/**
 * The version of `@tslab/typescript-for-tslab` as tslab at `tslabRoot` resolves it.
 *
 * @example
 * ```ts
 * typeScriptVersion(path.dirname(require.resolve("tslab/package.json"))); // "5.0.4"
 * ```
 */
export function typeScriptVersion(tslabRoot: string): string {
  if (cached === undefined) {
    const manifest = require.resolve("@tslab/typescript-for-tslab/package.json", {
      paths: [tslabRoot, path.dirname(tslabRoot)],
    });
    cached = String((JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: unknown }).version);
  }
  return cached;
}
