/**
 * The compile service and the executor built on it, driven directly (the built lib/, as the kernel loads
 * it), without a Jupyter kernel around them. These are also the JSDoc examples of the compiler area.
 */
import * as path from "node:path";

// The built package: the worker thread runs lib/kernel/compiler/compile-worker.js.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiler = require("../../lib/kernel/compiler") as typeof import("../../src/kernel/compiler");

jest.setTimeout(120_000);

const tslabRoot = path.dirname(require.resolve("tslab/package.json"));
const service = new compiler.CompileService({ tslabRoot });
afterAll(() => service.close());

test("compile answers with CommonJS, declarations and the last expression's export", async () => {
  const compiled = await service.request("compile", { prevDecl: "", src: "const x: number = 1; x" });
  expect(compiled.kind).toBe("cell");
  if (compiled.kind !== "cell") return;
  expect(compiled.diagnostics).toEqual([]);
  expect(compiled.declOutput).toBe("declare const x: number;\n");
  expect(compiled.lastExpressionVar).toBe("tsLastExpr");
  expect(compiled.output).toContain("exports.tsLastExpr = x;");
});

test("compile reports type errors with cell positions and no output", async () => {
  const compiled = await service.request("compile", { prevDecl: "", src: "\nconst s: string = 1;" });
  expect(compiled).toEqual({
    kind: "cell",
    diagnostics: [
      expect.objectContaining({
        start: { offset: 7, line: 1, character: 6 },
        messageText: "Type 'number' is not assignable to type 'string'.",
        code: 2322,
      }),
    ],
    hasToplevelAwait: false,
    output: undefined,
    declOutput: undefined,
    sideOutputs: undefined,
    lastExpressionVar: undefined,
  });
});

test("the executor runs cells in order, carrying declarations, and prints values and type errors", async () => {
  const printed: unknown[][] = [];
  const errors: unknown[][] = [];
  const executor = compiler.createWorkerExecutor({
    service,
    rootDir: process.cwd(),
    tslabRoot,
    console: { log: (...a) => printed.push(a), error: (...a) => errors.push(a) },
  });
  expect(compiler.isWorkerExecutor(executor)).toBe(true);
  expect(compiler.isWorkerExecutor({ execute: () => undefined })).toBe(false);
  expect(await executor.execute("const x: number = 41;")).toBe(true);
  expect(await executor.execute("x + 1")).toBe(true);
  expect(printed).toEqual([[42]]);
  expect(await executor.execute("const y: string = x;")).toBe(false);
  expect(errors).toEqual([["%s%d:%d - %s", "", 1, 7, "Type 'number' is not assignable to type 'string'."]]);
  expect(executor.locals.x).toBe(41);
  expect(await executor.complete("x.toFix", 7)).toEqual({ start: 2, end: 7, candidates: ["toFixed"] });
  expect(await executor.inspect("x", 0)).toEqual({ found: true, text: "const x: number" });
  executor.reset();
  expect(executor.locals.x).toBeUndefined();
});

test("a cell interrupted while it compiles never runs", async () => {
  const printed: unknown[][] = [];
  const executor = compiler.createWorkerExecutor({
    service,
    rootDir: process.cwd(),
    tslabRoot,
    console: { log: (...a) => printed.push(a), error: () => undefined },
  });
  const running = executor.execute('const ranFlag = 1;\n"ran"');
  executor.interrupt();
  expect(await running).toBe(false);
  expect(executor.locals.ranFlag).toBeUndefined();
  expect(printed).toEqual([]);
  // The same cell runs when nothing interrupts it.
  expect(await executor.execute('const ranFlag = 1;\n"ran"')).toBe(true);
  expect(executor.locals.ranFlag).toBe(1);
  expect(printed).toEqual([["ran"]]);
});

test("requests after close fail with a message saying what to do", async () => {
  const closed = new compiler.CompileService({ tslabRoot });
  await closed.close();
  await expect(closed.request("is-complete", { src: "1" })).rejects.toThrow(
    "The compile service was closed; restart the kernel.",
  );
});

test("the TypeScript version is read without loading the compiler", () => {
  expect(compiler.typeScriptVersion(tslabRoot)).toMatch(/^5\.0\.\d+$/);
});
