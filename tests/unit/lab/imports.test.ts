import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const DIR = join(__dirname, "../../../src/lab");
const SPECIFIER = /\bfrom\s+["']([^"']+)["']|^import\s+["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']/;

describe("src/lab", () => {
  it("imports only JupyterLab, Lumino, the timeline contract and its own files (no Node modules)", () => {
    const foreign: string[] = [];
    for (const file of readdirSync(DIR).filter((f) => f.endsWith(".ts"))) {
      for (const line of readFileSync(join(DIR, file), "utf8").split("\n")) {
        if (/^\s*(\*|\/\/|\/\*)/.test(line)) continue;
        const m = SPECIFIER.exec(line);
        const spec = m && (m[1] ?? m[2] ?? m[3]);
        if (spec && !/^(\.\/|\.\.\/timeline\/|@jupyterlab\/rendermime-interfaces$|@lumino\/)/.test(spec)) {
          foreign.push(`${file}: ${spec}`);
        }
      }
    }
    expect(foreign).toEqual([]);
  });
});
