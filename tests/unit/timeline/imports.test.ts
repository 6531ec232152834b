import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = join(__dirname, "../../../src/timeline");
const SPECIFIER = /\bfrom\s+["']([^"']+)["']|^import\s+["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']/;

describe("src/timeline", () => {
  it("imports nothing but its own files", () => {
    const foreign: string[] = [];
    for (const file of readdirSync(DIR).filter((f) => f.endsWith(".ts"))) {
      for (const line of readFileSync(join(DIR, file), "utf8").split("\n")) {
        // JSDoc examples import from the package itself: comment lines are not code.
        if (/^\s*(\*|\/\/|\/\*)/.test(line)) continue;
        const m = SPECIFIER.exec(line);
        const spec = m && (m[1] ?? m[2] ?? m[3]);
        if (spec && !spec.startsWith("./")) foreign.push(`${file}: ${spec}`);
      }
    }
    expect(foreign).toEqual([]);
  });
});
