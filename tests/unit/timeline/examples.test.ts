import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import * as timeline from "../../../src/timeline";

const DIR = join(__dirname, "../../../src/timeline");

/** Every ```ts block inside a JSDoc `@example` of src/timeline, with its file. */
function examples(): [string, string][] {
  const out: [string, string][] = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(DIR, file), "utf8");
    for (const [, block] of text.matchAll(/@example[^\n]*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)) {
      out.push([file, block.replace(/^\s*\* ?/gm, "")]);
    }
  }
  return out;
}

describe("JSDoc examples of src/timeline", () => {
  it("exist for the public entry points", () => {
    expect(examples().length).toBeGreaterThanOrEqual(9);
  });

  it.each(examples())("%s: runs when pasted and prints what its comments say", (_, code) => {
    // `console.log(x); // 2` asserts that x prints as 2; prose comments are not checked.
    const checked = code.replace(
      /console\.log\((.*)\);\s*\/\/\s*(.*)$/gm,
      (_m, args: string, comment: string) => `__check([${args}], ${JSON.stringify(comment)});`,
    );
    const js = ts.transpileModule(checked, {
      compilerOptions: { module: ts.ModuleKind.CommonJS },
    }).outputText;
    const fakeRequire = (name: string) => {
      if (name === "tslab-asyncio/timeline") return timeline;
      if (name === "node:fs") return { writeFileSync: () => undefined };
      throw new Error(`example imports ${name}`);
    };
    const squash = (s: string) => s.replace(/,\s+/g, ",");
    const mismatches: string[] = [];
    const check = (values: unknown[], comment: string) => {
      if (!/^(["[\d-]|true|false)/.test(comment)) return;
      const printed = values.map((v) => JSON.stringify(v)).join(" ");
      if (squash(printed) !== squash(comment)) mismatches.push(`printed ${printed}, comment says ${comment}`);
    };
    new Function("require", "exports", "console", "__check", js)(
      fakeRequire,
      {},
      { log: () => undefined },
      check,
    );
    expect(mismatches).toEqual([]);
  });
});
