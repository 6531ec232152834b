/**
 * The compile worker gives tslab's converter plain programs instead of TypeScript's incremental builder
 * (src/kernel/compiler/direct-programs.ts). The converter must answer exactly as it does with the builder:
 * the same emitted code, declarations, diagnostics, local files it emits beside a cell, completions and
 * hover text. Both answer the same requests here, each in its own process (tests/support/converter-probe.js).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createDirectBuilder } from "../../src/kernel/compiler/direct-programs";

jest.setTimeout(120_000);

const root = path.resolve(__dirname, "..", "..");
const probe = path.join(root, "tests", "support", "converter-probe.js");

type Request =
  | { op: "write"; file: string; src: string }
  | { op: "module"; name: string; src: string }
  | { op: "convert"; src: string }
  | { op: "complete" | "inspect"; src: string; position: number };

interface Converted {
  output?: string;
  declOutput?: string;
  diagnostics: Array<[number, number, string, string | null]>;
  sideOutputs: Array<{ path: string; data: string }>;
  lastExpressionVar: string | null;
}

const requests: Request[] = [
  { op: "write", file: "util.ts", src: "export const twice = (n: number): number => n * 2;\n" },
  {
    op: "write",
    file: "deep.ts",
    src: 'import { twice } from "./util";\nexport const four: number = twice(2);\n',
  },
  { op: "write", file: "jsmod.js", src: "export const k = 3;\n" },
  { op: "write", file: "broken.ts", src: 'export const z: number = "not a number";\n' },
  { op: "write", file: "ref.ts", src: "const refValue = 5;\n" },
  { op: "convert", src: "const base: number = 40;\nbase + 2" },
  { op: "convert", src: "interface P { x: number }\nconst p: P = { x: base };\np.x" },
  { op: "convert", src: "const bad: string = base;" },
  { op: "convert", src: 'import { four } from "./deep";\nfour + base' },
  { op: "convert", src: 'import { k } from "./jsmod";\nk * 2' },
  { op: "module", name: "shapes", src: "export const sides = (n: number): number => n;" },
  { op: "convert", src: 'import { sides } from "./shapes";\nsides(3) + 1' },
  { op: "convert", src: 'import * as fs from "fs";\nfs.existsSync(".")' },
  { op: "convert", src: 'import { z } from "./broken";\nz' },
  { op: "convert", src: '/// <reference path="./ref.ts" />\nrefValue' },
  { op: "convert", src: "const later = await Promise.resolve(base);\nlater" },
  { op: "convert", src: "function area(w: number, h = 2) { return w * h; }\nclass Box { size = area(3); }" },
  { op: "complete", src: "p.", position: 2 },
  { op: "inspect", src: "area", position: 1 },
  { op: "inspect", src: "new Box().size", position: 11 },
];

function run(mode: "builder" | "direct", cwd: string): { used: boolean; answers: unknown[] } {
  const out = spawnSync(process.execPath, [probe, mode, root, cwd], {
    input: JSON.stringify(requests),
    encoding: "utf8",
    timeout: 110_000,
  });
  if (out.status !== 0) throw new Error(`converter-probe.js ${mode} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").pop() as string) as { used: boolean; answers: unknown[] };
}

let builder: { used: boolean; answers: unknown[] };
let direct: { used: boolean; answers: unknown[] };
let dirs: string[];

beforeAll(() => {
  // Two folders with the same name pattern would still differ in side-output paths: the answers are
  // compared with the folder replaced by a placeholder.
  dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-direct-")));
  builder = run("builder", dirs[0]);
  direct = run("direct", dirs[1]);
});
afterAll(() => {
  for (const d of dirs ?? []) fs.rmSync(d, { recursive: true, force: true });
});

const placeholder = (answers: unknown[], dir: string): string =>
  JSON.stringify(answers).split(dir).join("<dir>");

test("direct programs are used with tslab's TypeScript", () => {
  expect(builder.used).toBe(false);
  expect(direct.used).toBe(true);
});

test("every answer is the one TypeScript's own builder gives", () => {
  const a = JSON.parse(placeholder(builder.answers, dirs[0])) as unknown[];
  const b = JSON.parse(placeholder(direct.answers, dirs[1])) as unknown[];
  requests.forEach((r, i) => expect({ request: r, answer: b[i] }).toEqual({ request: r, answer: a[i] }));
});

test("the comparison covers what direct programs change: imported files, errors in them, declarations", () => {
  const at = (src: string): Converted =>
    direct.answers[requests.findIndex((r) => r.op === "convert" && r.src === src)] as Converted;
  const imported = at('import { four } from "./deep";\nfour + base');
  expect(imported.sideOutputs.map((o) => path.basename(o.path)).sort()).toEqual(["deep.js", "util.js"]);
  expect(at('import { k } from "./jsmod";\nk * 2').sideOutputs.map((o) => path.basename(o.path))).toEqual([
    "jsmod.js",
  ]);
  expect(at('import { sides } from "./shapes";\nsides(3) + 1').sideOutputs).toHaveLength(1);
  const broken = at('import { z } from "./broken";\nz');
  expect(broken.diagnostics).toEqual([
    [0, 13, "Type 'string' is not assignable to type 'number'.", expect.stringContaining("broken.ts")],
  ]);
  expect(at("const bad: string = base;").diagnostics[0][2]).toBe(
    "Type 'number' is not assignable to type 'string'.",
  );
  expect(at("interface P { x: number }\nconst p: P = { x: base };\np.x").declOutput).toContain("interface P");
});

test("a direct program binds its root files for tslab and leaves the type checker until it is needed", () => {
  const files = new Map([
    ["/cell.ts", { fileName: "/cell.ts" }],
    ["/decls.d.ts", { fileName: "/decls.d.ts" }],
    ["/lib.d.ts", { fileName: "/lib.d.ts" }],
  ]);
  const bound: string[] = [];
  let checkers = 0;
  const program = {
    getSourceFile: (name: string) => files.get(name),
    getSourceFiles: () => [...files.values()],
    getCompilerOptions: () => ({}),
    getCurrentDirectory: () => "/",
    getTypeChecker: () => (checkers += 1),
    getSemanticDiagnostics: () => {
      program.getTypeChecker();
      return [];
    },
  } as unknown as ReturnType<Parameters<typeof createDirectBuilder>[0]["createProgram"]>;
  const ts = {
    version: "5.0.4",
    createProgram: () => program,
    createWatchCompilerHost: () => undefined,
    bindSourceFile: (file: { fileName: string }) => bound.push(file.fileName),
  };
  const builder = createDirectBuilder(ts, ["/cell.ts", "/decls.d.ts"], {}, undefined, undefined);
  expect(bound).toEqual(["/cell.ts", "/decls.d.ts"]);
  expect(checkers).toBe(0);
  builder.getSemanticDiagnostics();
  expect(checkers).toBe(1);
  // Without the binder (another TypeScript build), the checker binds every file at once, as before.
  createDirectBuilder({ ...ts, bindSourceFile: undefined }, ["/cell.ts"], {}, undefined, undefined);
  expect(checkers).toBe(2);
});
