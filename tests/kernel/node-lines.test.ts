/**
 * A kernel started on a Node.js line outside the tested ones says so once, in its own log (the stderr the
 * Jupyter server shows), never in a cell, and keeps working; on a tested line it says nothing. The untested
 * line is simulated by a preload that changes `process.version`, since no such binary is installed here.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Kernel, streamText, installedKernelspec } from "../support/kernel";
import { isRunning as processAlive } from "../support/processes";

jest.setTimeout(120_000);

const NOTE = /is not a tested line \(tested: 20, 22, 24 and 26\)/g;

const installedSpec = (): { argv: string[] } & Record<string, unknown> => installedKernelspec().spec;

/** Runs the real kernelspec with `preload` (if any) and its stderr appended to a file; returns what it logged. */
async function runKernel(
  preload: string | undefined,
  dir: string,
): Promise<{ log: string; outputs: string }> {
  const spec = installedSpec();
  const log = path.join(dir, "kernel.log");
  const [node, ...rest] = spec.argv;
  const name = "tslab-asyncio-lognote";
  fs.mkdirSync(path.join(dir, "kernels", name), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "kernels", name, "kernel.json"),
    JSON.stringify({
      ...spec,
      argv: [
        "/bin/sh",
        "-c",
        `exec "$0" "$@" 2>>'${log}'`,
        node,
        ...(preload ? ["--require", preload] : []),
        ...rest,
      ],
    }),
  );
  const kernel = await Kernel.start(name, { jupyterPath: dir });
  try {
    const first = await kernel.execute("let n = 20;\nconsole.log(n + 1);");
    const second = await kernel.execute("console.log(n + 2);");
    expect(first.reply.content.status).toBe("ok");
    expect(streamText(second.iopub)).toBe("22\n");
    const outputs = [...first.iopub, ...second.iopub].map((m) => JSON.stringify(m.content)).join("\n");
    return { log: fs.readFileSync(log, "utf8"), outputs };
  } finally {
    await kernel.close();
    expect(processAlive(kernel.info.pid)).toBe(false);
  }
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-lines-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("on an untested line the kernel log says so once, naming the tested lines, and cells still run", async () => {
  const preload = path.join(dir, "pretend-v25.js");
  fs.writeFileSync(preload, 'Object.defineProperty(process, "version", { value: "v25.3.0" });\n');
  const { log, outputs } = await runKernel(preload, dir);
  expect(log.match(NOTE)).toHaveLength(1);
  expect(log).toContain("Node.js v25.3.0 is not a tested line");
  expect(outputs).not.toMatch(NOTE);
});

test("on a tested line neither the kernel log nor the cells show the note or any Node.js warning", async () => {
  const { log, outputs } = await runKernel(undefined, dir);
  expect(log).not.toMatch(NOTE);
  // Deprecation and internal-API warnings differ between lines; none may reach the user.
  expect(log).not.toMatch(/Warning:|internal\/test\/binding|DEP0\d+/);
  expect(outputs).not.toMatch(/Warning:|DEP0\d+/);
});
