/**
 * The dependency rule (docs/architecture.md): asyncio ← kernel → timeline ← lab. asyncio imports only itself, Node
 * built-ins and its worker pool (never kernel, lab, timeline or tslab); timeline imports nothing at all; lab
 * imports only itself, the timeline contract, and the JupyterLab/Lumino packages the host shares (no Node
 * modules). Imports are read with TypeScript's own pre-processor, so JSDoc examples do not count.
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

/** Which package imports each area may have besides its own files (relative imports are checked by area). */
const PACKAGES: Record<string, (pkg: string) => boolean> = {
  asyncio: (pkg) => NODE.has(pkg) || pkg === "piscina",
  timeline: () => false,
  lab: (pkg) => pkg === "@jupyterlab/rendermime-interfaces" || pkg === "@lumino/widgets",
};
/** Which other areas of src/ each area may import. */
const AREAS: Record<string, readonly string[]> = { asyncio: [], timeline: [], lab: ["timeline"] };

/** Violations of the rule for one file of `area`. */
function violations(area: string, file: string, text: string): string[] {
  const out: string[] = [];
  for (const spec of importsOf(text)) {
    const t = target(file, spec);
    const allowed =
      t.pkg !== undefined
        ? PACKAGES[area](NODE.has(spec) ? spec : t.pkg)
        : t.area === area || AREAS[area].includes(t.area ?? "");
    if (!allowed) out.push(`${path.relative(SRC, file)} imports "${spec}"`);
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
  expect(
    violations("asyncio", fake("asyncio"), 'import { Worker } from "node:worker_threads";'),
  ).toHaveLength(0);
  expect(violations("asyncio", fake("asyncio"), 'import pLimit from "p-limit";')).toHaveLength(1);
  expect(violations("lab", fake("lab"), 'import { Widget } from "@lumino/widgets";')).toHaveLength(0);
  expect(violations("lab", fake("lab"), 'import { debounce } from "lodash";')).toHaveLength(1);
  expect(
    violations("timeline", fake("timeline"), "/** @example import * as fs from 'node:fs'; */"),
  ).toHaveLength(0);
});
