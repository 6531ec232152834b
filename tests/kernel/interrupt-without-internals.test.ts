/**
 * A kernelspec written before the kernel needed `--expose-internals` (or edited by hand) must never let an
 * interrupt abort Node. On Node 20 and 22 the deprecated `process.binding` still reaches the async id stack,
 * so busy callbacks are stopped as usual; on Node 24 and later nothing does, so the kernel says so at start,
 * still stops busy cells, and declines to terminate a busy timer callback (saying why) instead of crashing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Kernel, executeContent, streamText, installedKernelspec } from "../support/kernel";

jest.setTimeout(120_000);

let kernel: Kernel & { info: { pid: number } };
let dir: string;
let log: string;
let major = 0;

const installedSpec = (): { argv: string[] } & Record<string, unknown> => installedKernelspec().spec;

async function waitFor(what: string, ok: () => boolean, seconds = 20): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const logText = (): string => (fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "");

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-nointernals-"));
  log = path.join(dir, "kernel.log");
  const spec = installedSpec();
  const [node, ...rest] = spec.argv.filter((a) => a !== "--expose-internals");
  fs.mkdirSync(path.join(dir, "kernels", "tslab-asyncio-old"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "kernels", "tslab-asyncio-old", "kernel.json"),
    JSON.stringify({ ...spec, argv: ["/bin/sh", "-c", `exec "$0" "$@" 2>>'${log}'`, node, ...rest] }),
  );
  kernel = await Kernel.start("tslab-asyncio-old", { jupyterPath: dir });
  const run = await kernel.execute(
    'let kept = 41;\nconsole.log(process.versions.node.split(".")[0]);\n' +
      'console.log((globalThis as any)[Symbol.for("tslab-asyncio.watchdog")].route);',
  );
  const [line, route] = streamText(run.iopub).trim().split("\n");
  major = Number(line);
  expect(route).toBe(major < 24 ? "process-binding" : "none");
});

afterAll(async () => {
  await kernel?.close();
  if (kernel) {
    // The kernel may still be spinning in the callback it declined to stop; closing must end it all the same.
    expect(() => process.kill(kernel.info.pid, 0)).toThrow();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a busy loop in a cell is still stopped and the state kept", async () => {
  const marker = path.join(dir, "cell");
  const id = await kernel.send(
    "execute_request",
    executeContent(`require("node:fs").writeFileSync(${JSON.stringify(marker)}, "");\nfor (;;) {}`),
  );
  await waitFor("the busy cell", () => fs.existsSync(marker));
  await kernel.interrupt();
  expect((await kernel.reply(id, "shell", 20)).content.status).toBe("error");
  const run = await kernel.execute("kept + 1");
  expect(run.iopub.find((m) => m.msg_type === "execute_result")?.content.data["text/plain"]).toBe("42");
});

test("a busy timer callback is stopped where Node allows it, and otherwise left running, never aborting", async () => {
  const marker = path.join(dir, "timer");
  await kernel.execute(
    `setTimeout(() => {\n  require("node:fs").writeFileSync(${JSON.stringify(marker)}, "");\n  for (;;) {}\n}, 20);`,
  );
  await waitFor("the busy timer", () => fs.existsSync(marker));
  const id = await kernel.send("execute_request", executeContent("kept + 1"));
  await kernel.interrupt();
  if (major < 24) {
    expect((await kernel.reply(id, "shell", 20)).content.status).toBe("ok");
    return;
  }
  expect(logText()).toContain("was started without --expose-internals");
  await waitFor("the decline in the kernel log", () => logText().includes("so the code keeps running"));
  expect(await kernel.alive()).toBe(true);
});
