/**
 * The compile worker converts tslab's ES module output to CommonJS by splicing text where the shape allows
 * (src/kernel/compiler/commonjs-fast.ts) instead of a second `ts.transpileModule`. Where it answers, its
 * answer must be TypeScript's, byte for byte. The inputs are what tslab's converter really hands that pass
 * (captured in a child process by tests/support/commonjs-corpus.js) for every code cell of the notebooks,
 * cells chosen for the shapes that must be declined, and cells generated at random from statement pieces.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import { fastCommonJs, withFastCommonJs } from "../../../src/kernel/compiler/commonjs-fast";
import { seededRandom } from "../../support/seeded-random";

jest.setTimeout(120_000);

const root = path.resolve(__dirname, "..", "..", "..");
const tslabRoot = path.dirname(require.resolve("tslab/package.json", { paths: [root] }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot] })) as typeof TS;

interface Captured {
  cell: number;
  input: string;
  options: TS.TranspileOptions;
}

/** Every input of the converter's ES-module-to-CommonJS pass for `cells`, converted in order. */
function capture(cells: string[]): Captured[] {
  const out = spawnSync(process.execPath, [path.join(root, "tests", "support", "commonjs-corpus.js"), root], {
    input: JSON.stringify(cells),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`commonjs-corpus.js failed:\n${out.stderr}`);
  const { captured, failed } = JSON.parse(out.stdout) as { captured: Captured[]; failed: number };
  expect(failed).toBe(0);
  return captured;
}

/** How many inputs took the fast path; throws on the first whose answer is not TypeScript's. */
function compare(captured: Captured[]): { fast: number; declined: number } {
  let fast = 0;
  for (const { input, options } of captured) {
    const mine = fastCommonJs(ts, input);
    if (mine === undefined) continue;
    fast += 1;
    expect({ input, output: mine }).toEqual({ input, output: ts.transpileModule(input, options).outputText });
  }
  return { fast, declined: captured.length - fast };
}

function notebookCells(): string[] {
  const dir = path.join(root, "notebooks");
  const cells: string[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb"))) {
    const nb = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as {
      cells: Array<{ cell_type: string; source: string | string[] }>;
    };
    for (const c of nb.cells) {
      const src = ([] as string[]).concat(c.source).join("");
      if (c.cell_type === "code" && !src.trimStart().startsWith("%")) cells.push(src);
    }
  }
  return cells;
}

/** Cells whose output the splice must decline or get exactly right. */
const tricky = [
  "1",
  "let x = 1;\nx = 2;",
  "let n = 0;\nn++;\nn",
  "const a = 1, b = 2;\na + b",
  "const { p, q } = { p: 1, q: 2 };\np",
  "const [first, ...rest] = [1, 2, 3];\nrest",
  "let later;\nlater = 5;",
  "var v1 = 1; var v1 = 2;",
  "let z1 = 1;\n{ let z1 = 2; z1 = 3; }\nz1",
  "// a comment\nconsole.log(1);",
  "const kept = 1; // trailing comment\nkept",
  "/** documented */\nconst doc = 1;",
  "const s = `template ${1 + 1}`;\ns /* trailing */",
  "const o = { p: 1,\n  q: 2 };\no",
  "() => 1",
  "(function named() { return 1; })",
  "class {}",
  "async () => 1",
  "const arrow = async () => 1;\nawait arrow()",
  "function f() { return this; }\nf()",
  "class C {}\nfunction g() { return new C(); }",
  "async function af() { await 1; }\naf()",
  "function* gen() { yield 1; }\n[...gen()]",
  "enum E { A, B }\nE.A",
  "const enum CE { A = 1 }\nCE.A",
  "namespace NS { export const inner = 1; }\nNS.inner",
  "interface I { a: number }\nconst typed: I = { a: 1 };\ntyped.a",
  "type T = string;\nconst tt: T = 'x';\ntt",
  "for (let i = 0; i < 2; i++) console.log(i);",
  "let it = 0;\nfor (it of [1, 2]) {}\nit",
  "let sw = 0;\n[sw] = [3];\nsw",
  "let obj2 = 0;\n({ obj2 } = { obj2: 4 });\nobj2",
  "const m = new Map<string, number>();\nm.set('a', 1); // side note\nm",
  "export function exportedFn() { return 1; }",
  "export class ExportedC {}",
  "export default 5;",
  "export const direct = 1;\ndirect",
  "export const directFn = () => 2;",
  "const b2 = 1, a2 = 2;",
  "import * as fsModule from 'fs';\ntypeof fsModule.readFileSync",
  "const dyn = import('path');\ndyn",
  "label: for (const w of [1]) { break label; }",
  "const re = /export/g;\nre.source",
  "const str = 'import';\nstr",
  "declare const ambient: number;\nconst useAmbient = 1;",
  "let shadow = 1;\nfunction sh() { let shadow = 2; shadow = 3; return shadow; }\nsh() + shadow",
];

/** A cell of 1-6 statements over fresh and earlier names: declarations, writes, comments, blocks, values. */
function randomCell(next: () => number, cell: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const names: string[] = [];
  const fresh = (): string => {
    const n = `v${cell}_${names.length}`;
    names.push(n);
    return n;
  };
  const any = (): string => (names.length > 0 && next() < 0.7 ? pick(names) : "1");
  const expr = (): string =>
    pick([
      () => `${Math.floor(next() * 100)}`,
      () => `${any()} + 1`,
      () => "`t${1}`",
      () => "{ k: 1,\n  j: [2, 3] }",
      () => "(n: number) => n * 2",
      () => "function () { return 1; }",
      () => "await Promise.resolve(7)",
      () => "new Map<string, number>()",
      () => `[${any()}, 2]`,
      () => "'export import'",
    ])();
  const statement = (): string =>
    pick([
      () => `const ${fresh()} = ${expr()};`,
      () => `let ${fresh()}: number = 1;`,
      () => `var ${fresh()} = ${expr()};`,
      () => `let ${fresh()} = 1, ${fresh()} = 2;`,
      () => `${any()} = 3;`,
      () => `${any()}++;`,
      () => `function ${fresh()}(a: number) { return a + 1; }`,
      () => `async function ${fresh()}() { return 1; }`,
      () => `class ${fresh()} { v = 1; }`,
      () => `const { k: ${fresh()} } = { k: 1 };`,
      () => "// a line comment",
      () => `/* block */ const ${fresh()} = 2;`,
      () => `const ${fresh()} = 3; // after`,
      () => `for (const i of [1, 2]) console.log(i);`,
      () => `{ let ${any()} = 2; }`,
      () => `if (${any()}) { console.log(${any()}); }`,
      () => `type ${fresh()}T = number;`,
      () => `enum ${fresh()} { A, B }`,
      () => `console.log(${any()});`,
    ])();
  const lines: string[] = [];
  const count = 1 + Math.floor(next() * 6);
  for (let i = 0; i < count; i++) lines.push(statement());
  if (next() < 0.6) lines.push(next() < 0.5 ? any() : expr());
  return lines.join("\n");
}

const randomCells = (seed: number, count: number): string[] => {
  const next = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => randomCell(next, i + seed * 1000));
};
const groups = {
  notebooks: notebookCells(),
  tricky,
  random: [1, 2].flatMap((seed) => randomCells(seed, 70)),
};
/** The converter's inputs for each group of cells; all groups go through one converter, in order. */
const inputs: Record<keyof typeof groups, Captured[]> = { notebooks: [], tricky: [], random: [] };

beforeAll(() => {
  const order = Object.keys(groups) as Array<keyof typeof groups>;
  const groupOf = order.flatMap((g) => groups[g].map(() => g));
  for (const c of capture(order.flatMap((g) => groups[g]))) inputs[groupOf[c.cell]].push(c);
});

test("on every notebook cell the splice writes TypeScript's CommonJS, and it is the path most cells take", () => {
  const { fast, declined } = compare(inputs.notebooks);
  // Most notebook cells have the common shape; if none took the fast path this test would prove nothing.
  expect(fast).toBeGreaterThan(declined);
});

test("cells that assign, destructure, import or export functions are declined or converted exactly", () => {
  const { fast, declined } = compare(inputs.tricky);
  expect(fast).toBeGreaterThan(10);
  expect(declined).toBeGreaterThan(10);
  const declines = (src: string): boolean => {
    const matching = inputs.tricky.filter((c) => c.input.includes(src));
    return matching.length > 0 && matching.every((c) => fastCommonJs(ts, c.input) === undefined);
  };
  expect(declines("x = 2")).toBe(true);
  expect(declines("tsLastExpr = () => 1")).toBe(true);
  expect(declines("import")).toBe(true);
  expect(declines("// trailing comment")).toBe(true);
});

test("random cells get TypeScript's CommonJS wherever the splice answers", () => {
  const { fast, declined } = compare(inputs.random);
  expect(fast).toBeGreaterThan(20);
  expect(declined).toBeGreaterThan(5);
});

test("only tslab's own pass is spliced; every other transpile goes to TypeScript", () => {
  const calls: string[] = [];
  const transpile = withFastCommonJs(ts, (input) => {
    calls.push(input);
    return { outputText: "from TypeScript" };
  });
  const cjs = { module: ts.ModuleKind.CommonJS, esModuleInterop: true };
  const js = "const a = 1;\nexport const tsLastExpr = a;\nexport { a };\n";
  expect(transpile(js, { fileName: "custom.js", compilerOptions: cjs }).outputText).toBe(
    'Object.defineProperty(exports, "__esModule", { value: true });\n' +
      "exports.a = exports.tsLastExpr = void 0;\n" +
      "const a = 1;\nexports.a = a;\nexports.tsLastExpr = a;\n",
  );
  expect(calls).toEqual([]);
  transpile(js, { fileName: "other.ts", compilerOptions: cjs });
  transpile(js, { fileName: "custom.js", compilerOptions: { ...cjs, module: ts.ModuleKind.ES2020 } });
  transpile("import x from 'x';\nexport { x };\n", { fileName: "custom.js", compilerOptions: cjs });
  expect(calls).toHaveLength(3);
});
