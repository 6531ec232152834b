// Every ```ts block of a JSDoc `@example` in src/asyncio, and every block of the "Where JavaScript differs"
// section of docs/python-typescript.md, runs here as pasted into a notebook cell (top-level await included),
// so the documentation cannot drift into forms that do not work. `console.log(x); // 2` also asserts that x
// prints as 2; prose comments are not checked.
import * as asyncHooks from "node:async_hooks";
import { readdirSync, readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { join, relative } from "node:path";
import * as ts from "typescript";
import * as asyncio from "../../../src/asyncio";

const ROOT = join(__dirname, "../../..");
const SRC = join(ROOT, "src/asyncio");
const DOC = join(ROOT, "docs/python-typescript.md");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

/** [where, code] for every example. */
function examples(): [string, string][] {
  const out: [string, string][] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/@example([^\n]*)\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)) {
      const line = text.slice(0, m.index).split("\n").length;
      out.push([`${relative(ROOT, file)}:${line}${m[1]}`, m[2].replace(/^\s*\* ?/gm, "")]);
    }
  }
  const doc = readFileSync(DOC, "utf8");
  const section = doc.slice(doc.indexOf("## Where JavaScript differs"));
  for (const m of section.matchAll(/```ts\n([\s\S]*?)\n```/g)) {
    const line = doc.slice(0, doc.indexOf(m[0])).split("\n").length;
    out.push([`docs/python-typescript.md:${line}`, m[1]]);
  }
  return out;
}

const all = examples();

// The seed notebook's examples fetch example.com and example.org: a local server stands in for them. It runs
// in a worker thread, so it still answers while runSync() blocks this thread.
const SERVER = `
const { createServer } = require("node:http");
const { parentPort } = require("node:worker_threads");
const server = createServer((req, res) => res.end("<html>" + req.url + "</html>"));
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
parentPort.on("message", () => server.close(() => process.exit(0)));
`;
let server: Worker;
let base = "";
beforeAll(async () => {
  server = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => server.once("message", resolve));
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await asyncio.shutdownDefaultExecutor();
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.postMessage("stop");
  await exited;
});

/** JSON, except that `undefined` prints as in a console (`[undefined, undefined]`). */
function show(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value, (_k, v: unknown) => (v === undefined ? "\u0000undefined" : v));
  if (text === undefined) return String(value);
  return text.replace(/"\\u0000undefined"/g, "undefined");
}

/** Whether `comment` says `printed`: exactly, or followed by prose after ":", " (" or " unless". */
function says(comment: string, printed: string): boolean {
  const squash = (s: string) => s.replace(/,\s+/g, ",");
  const c = squash(comment);
  const p = squash(printed);
  if (c === p) return true;
  return c.startsWith(p) && /^(:| \(| unless )/.test(c.slice(p.length));
}

describe("JSDoc examples of src/asyncio and the documented differences", () => {
  it("exist for the public entry points", () => {
    expect(all.filter(([where]) => where.startsWith("src/")).length).toBeGreaterThanOrEqual(60);
    expect(all.filter(([where]) => where.startsWith("docs/")).length).toBeGreaterThanOrEqual(5);
  });

  it("type-check with tslab's own TypeScript 5.0 (what a notebook cell is checked with)", () => {
    // tslab's bundled compiler, found the way tslab itself loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tslabTs = require(
      require.resolve("@tslab/typescript-for-tslab", { paths: [require.resolve("tslab")] }),
    ) as typeof ts;
    expect(tslabTs.version).toMatch(/^5\.0\./);
    const files = new Map<string, readonly [string, string]>(
      all.map(([where, code], i) => [`/examples/example-${i}.ts`, [where, `${code}\nexport {};\n`]]),
    );
    const options: ts.CompilerOptions = {
      target: tslabTs.ScriptTarget.ES2022,
      module: tslabTs.ModuleKind.ES2022,
      moduleResolution: tslabTs.ModuleResolutionKind.NodeJs,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(ROOT, "node_modules/@types")],
      baseUrl: ROOT,
      paths: { "tslab-asyncio": ["src/asyncio/index.ts"] },
    };
    const host = tslabTs.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    host.getSourceFile = (name, version, ...rest) => {
      const example = files.get(name);
      return example !== undefined
        ? tslabTs.createSourceFile(name, example[1], version)
        : getSourceFile(name, version, ...rest);
    };
    host.fileExists = (name) => files.has(name) || fileExists(name);
    host.readFile = (name) => files.get(name)?.[1] ?? readFile(name);
    const program = tslabTs.createProgram([...files.keys()], options, host);
    const problems = tslabTs.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file !== undefined ? (files.get(d.file.fileName)?.[0] ?? d.file.fileName) : "";
      return `${where}: ${tslabTs.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it.each(all)(
    "%s runs when pasted and prints what its comments say",
    async (_, code) => {
      const local = code.replace(/https?:\/\/example\.(com|org)/g, (_m, tld: string) => `${base}/${tld}`);
      const checked = local.replace(
        /console\.log\((.*)\);\s*\/\/\s*(.*)$/gm,
        (_m, args: string, comment: string) => `__check([${args}], ${JSON.stringify(comment)});`,
      );
      const js = ts.transpileModule(checked, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const fakeRequire = (name: string): unknown => {
        if (name === "tslab-asyncio") return asyncio;
        if (name === "node:async_hooks") return asyncHooks;
        throw new Error(`example imports ${name}`);
      };
      const mismatches: string[] = [];
      const check = (values: unknown[], comment: string) => {
        if (!/^(["[\d-]|true|false|undefined)/.test(comment)) return;
        const printed = values.map(show).join(" ");
        if (!says(comment, printed)) mismatches.push(`printed ${printed}, comment says ${comment}`);
      };
      const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };
      const run = new Function(
        "require",
        "exports",
        "console",
        "__check",
        `return (async () => {\n${js}\n})();`,
      ) as (...args: unknown[]) => Promise<void>;
      await run(fakeRequire, {}, quiet, check);
      expect(mismatches).toEqual([]);
      // An example must leave nothing running behind it (a forgotten task would leak into the next one).
      for (const task of asyncio.allTasks()) task.cancel();
      asyncio.setExceptionHandler(null);
      asyncio.getRunningLoop().setTaskFactory(null);
    },
    30_000,
  );
});
