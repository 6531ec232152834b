/**
 * The dependency rule from DESIGN.md: asyncio ← kernel → timeline ← lab.
 * asyncio imports nothing of kernel/lab/timeline or tslab; timeline imports nothing at all;
 * lab imports no Node modules and nothing of kernel/asyncio.
 */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "..", "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every module specifier a file imports, exports from, or requires. */
function importsOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** The area ("asyncio", "kernel", …) a specifier of `file` points into, or the bare package name. */
function target(file: string, spec: string): { area?: string; pkg?: string } {
  if (!spec.startsWith("."))
    return { pkg: spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0] };
  const rel = path.relative(SRC, path.resolve(path.dirname(file), spec));
  return { area: rel.split(path.sep)[0] };
}

const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Violations of the rule for one file of `area`. */
function violations(area: string, file: string, text: string): string[] {
  const out: string[] = [];
  for (const spec of importsOf(text)) {
    const t = target(file, spec);
    const where = `${path.relative(SRC, file)} imports "${spec}"`;
    if (area === "asyncio" && (["kernel", "lab", "timeline"].includes(t.area ?? "") || t.pkg === "tslab"))
      out.push(where);
    if (area === "timeline" && (t.pkg !== undefined || (t.area !== undefined && t.area !== "timeline")))
      out.push(where);
    if (
      area === "lab" &&
      (NODE.has(spec) || ["kernel", "asyncio"].includes(t.area ?? "") || t.pkg === "tslab")
    )
      out.push(where);
  }
  return out;
}

describe.each(["asyncio", "timeline", "lab"])("src/%s", (area) => {
  test("respects the dependency rule", () => {
    const files = sourceFiles(path.join(SRC, area));
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((f) => violations(area, f, fs.readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });
});

test("the checker catches each kind of violation", () => {
  const fake = (area: string) => path.join(SRC, area, "fake.ts");
  expect(violations("asyncio", fake("asyncio"), 'import { apply } from "../kernel/apply";')).toHaveLength(1);
  expect(violations("asyncio", fake("asyncio"), 'const t = require("tslab");')).toHaveLength(1);
  expect(violations("timeline", fake("timeline"), 'import * as fs from "node:fs";')).toHaveLength(1);
  expect(violations("timeline", fake("timeline"), 'export * from "../asyncio";')).toHaveLength(1);
  expect(violations("lab", fake("lab"), 'import { Worker } from "worker_threads";')).toHaveLength(1);
  expect(violations("lab", fake("lab"), 'import { TIMELINE_MIME } from "../timeline/index";')).toHaveLength(
    0,
  );
  expect(violations("asyncio", fake("asyncio"), 'import { x } from "./future";')).toHaveLength(0);
});
