/**
 * Notebook-facing protocol features: `input()` over the stdin channel,
 * `clearOutput()`, `display()` bundles, and what nbclient/nbconvert save.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Kernel, streamText } from "../support/kernel";
import { jupyterEnv, venvBin } from "../../scripts/jupyter-env";

jest.setTimeout(120_000);

describe("in a kernel", () => {
  let kernel: Kernel;
  beforeAll(async () => {
    kernel = await Kernel.start("tslab-asyncio");
    await kernel.execute('import { input, clearOutput, display } from "tslab-asyncio";');
  });
  afterAll(() => kernel?.close());

  test("await input() asks the front-end over stdin when allow_stdin is set", async () => {
    const run = await kernel.execute('const name = await input("name? ");\nconsole.log(`hello ${name}`);', {
      allow_stdin: true,
      stdin: ["Ada"],
    });
    expect(run.reply.content.status).toBe("ok");
    const log = await kernel.log();
    const request = log.find((m) => m.msg_type === "input_request" && m.parent_msg_id === run.msg_id);
    expect(request?.content).toEqual({ prompt: "name? ", password: false });
    expect(streamText(run.iopub)).toBe("hello Ada\n");
  });

  test("input() without allow_stdin fails with a clear error", async () => {
    const run = await kernel.execute('await input("name? ");', { allow_stdin: false });
    expect(run.reply.content.status).toBe("error");
    expect(run.reply.content.ename).toBe("StdinNotImplementedError");
    expect(String(run.reply.content.evalue)).toContain("allow_stdin");
  });

  test("clearOutput() sends clear_output after earlier output of the cell", async () => {
    const run = await kernel.execute('console.log("before");\nclearOutput(true);\nconsole.log("after");');
    const seq = run.iopub.filter((m) => m.msg_type === "stream" || m.msg_type === "clear_output");
    expect(seq.map((m) => m.msg_type)).toEqual(["stream", "clear_output", "stream"]);
    expect(seq[1].content).toEqual({ wait: true });
  });

  test("display() sends one bundle with metadata and can update it by id", async () => {
    const run = await kernel.execute(
      'const id = display({ "text/html": "<b>1</b>", "text/plain": "1" }, { raw: true, metadata: { isolated: true } });\n' +
        'display({ "text/html": "<b>2</b>", "text/plain": "2" }, { raw: true, displayId: id, update: true });',
    );
    const [shown, updated] = run.iopub.filter((m) => m.msg_type.endsWith("display_data"));
    expect(shown.msg_type).toBe("display_data");
    expect(shown.content.data).toEqual({ "text/html": "<b>1</b>", "text/plain": "1" });
    expect(shown.content.metadata).toEqual({ isolated: true });
    expect(updated.msg_type).toBe("update_display_data");
    expect(updated.content.transient.display_id).toBe(shown.content.transient.display_id);
  });
});

test("nbconvert --execute --allow-errors runs every cell after a failing one and saves execution counts", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-nb-"));
  try {
    const cell = (source: string) => ({
      cell_type: "code",
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    });
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: "tslab-asyncio", display_name: "tslab-asyncio", language: "typescript" },
      },
      cells: [
        cell("const x = 20;\nx + 1"),
        cell('throw new Error("in the middle");'),
        cell("x * 2"),
        cell('console.log("last");'),
      ],
    };
    const file = path.join(dir, "run.ipynb");
    fs.writeFileSync(file, JSON.stringify(nb));
    execFileSync(
      venvBin("jupyter"),
      ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", "--inplace", file],
      {
        env: jupyterEnv(),
        stdio: "pipe",
        timeout: 90_000,
      },
    );
    const out = JSON.parse(fs.readFileSync(file, "utf8")) as {
      cells: Array<{ execution_count: number | null; outputs: Array<Record<string, unknown>> }>;
    };
    expect(out.cells.map((c) => c.execution_count)).toEqual([1, 2, 3, 4]);
    // nbformat stores multi-line strings as arrays of lines.
    const joined = (v: unknown): unknown => (Array.isArray(v) ? v.join("") : v);
    const first = (i: number): Record<string, unknown> => {
      const o = out.cells[i].outputs[0];
      const data = o.data as Record<string, unknown> | undefined;
      return { ...o, text: joined(o.text), plain: data && joined(data["text/plain"]) };
    };
    expect(first(0)).toMatchObject({ output_type: "execute_result", plain: "21" });
    expect(first(1)).toMatchObject({ output_type: "error", ename: "Error", evalue: "in the middle" });
    expect(first(2)).toMatchObject({ output_type: "execute_result", plain: "40" });
    expect(first(3)).toMatchObject({ output_type: "stream", text: "last\n" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
