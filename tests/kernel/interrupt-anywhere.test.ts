/**
 * An interrupt stops a busy loop wherever it runs — the cell itself, after an await, or any callback the
 * event loop calls later — and the kernel answers the next request with its state intact, on every Node.js
 * line (`npm run test:node -- 24` runs this file on another line). Each busy loop first writes a marker
 * file, so the interrupt is sent only once the loop is surely running; the assertions are about outcome and
 * order. The time from interrupt to reply, and the kernel's Node.js version, go to build/interrupt-latency/.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../../scripts/jupyter-env";
import { Kernel, executeContent, streamText } from "../support/kernel";
import { isRunning as processAlive } from "../support/processes";

jest.setTimeout(120_000);

let kernel: Kernel & { info: { pid: number } };
let dir: string;
let seq = 0;
let kernelNode = "unknown";
const latency: Record<string, number> = {};

/** Resolves once `file` exists (the busy loop wrote it), polling; throws after `seconds`. */
async function waitForFile(file: string, seconds = 20): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the busy loop never started (${file} was not written)`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The kernel's value for `kept + 1` after running `cleanup`, i.e. whether it answers with state intact. */
async function probe(): Promise<{ status: string; value: unknown }> {
  const run = await kernel.execute("cleanups.splice(0).forEach((f) => f());\nkept + 1");
  const result = run.iopub.find((m) => m.msg_type === "execute_result");
  return { status: run.reply.content.status as string, value: result?.content.data["text/plain"] };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-interrupt-"));
  kernel = await Kernel.start("tslab-asyncio");
  const setup = await kernel.execute(
    [
      'import * as fs from "node:fs";',
      'import * as net from "node:net";',
      'import { EventEmitter } from "node:events";',
      'import { Worker } from "node:worker_threads";',
      'import { createHook } from "node:async_hooks";',
      "let kept = 41;",
      "const cleanups: Array<() => void> = [];",
      "function spin(marker: string): void {",
      '  fs.writeFileSync(marker, "");',
      "  for (;;) {}",
      "}",
    ].join("\n"),
  );
  expect(setup.reply.content.status).toBe("ok");
  kernelNode = streamText((await kernel.execute("console.log(process.version);")).iopub).trim();
});

afterAll(async () => {
  const pid = kernel?.info.pid;
  await kernel?.close();
  if (pid !== undefined) expect(processAlive(pid)).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
  const out = path.join(ROOT, "build", "interrupt-latency");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, `node-${kernelNode}.json`),
    JSON.stringify({ node: kernelNode, ms: latency }, null, 2) + "\n",
  );
});

test("the kernel reaches Node's async id stack through internalBinding on this line", async () => {
  const run = await kernel.execute(
    'console.log((globalThis as any)[Symbol.for("tslab-asyncio.watchdog")].route);',
  );
  expect(streamText(run.iopub)).toBe("internal-binding\n");
});

describe("a busy loop in the cell itself", () => {
  test.each([
    ["in the cell body", (m: string) => `spin(${m});`],
    ["after an await", (m: string) => `await new Promise((r) => setTimeout(r, 20));\nspin(${m});`],
  ])("%s ends as interrupted and the next cell sees the old state", async (name, code) => {
    const marker = JSON.stringify(path.join(dir, `m${++seq}`));
    const id = await kernel.send("execute_request", executeContent(code(marker)));
    await waitForFile(JSON.parse(marker) as string);
    const t0 = Date.now();
    await kernel.interrupt();
    const reply = await kernel.reply(id, "shell", 20);
    latency[`cell ${name}`] = Date.now() - t0;
    expect(reply.content.status).toBe("error");
    // Synchronous cell code runs under vm's breakOnSigint, so Node itself may stop it first, with its own
    // message; either way the cell ends as interrupted.
    expect(`${reply.content.ename}: ${reply.content.evalue}`).toMatch(
      /^KeyboardInterrupt: |^Error: Script execution was interrupted by `SIGINT`/,
    );
    expect(await probe()).toEqual({ status: "ok", value: "42" });
  });
});

describe("a busy loop in a callback the event loop runs after the cell finished", () => {
  test.each([
    ["a setTimeout callback", (m: string) => `setTimeout(() => spin(${m}), 20);`],
    [
      "a setInterval callback",
      (m: string) =>
        `{\n  const iv = setInterval(() => {\n    clearInterval(iv);\n    spin(${m});\n  }, 20);\n}`,
    ],
    ["a setImmediate callback", (m: string) => `setTimeout(() => setImmediate(() => spin(${m})), 20);`],
    ["a promise callback", (m: string) => `new Promise((r) => setTimeout(r, 20)).then(() => spin(${m}));`],
    [
      "an EventEmitter handler run from process.nextTick",
      (m: string) =>
        `{\n  const em = new EventEmitter();\n  em.on("go", () => spin(${m}));\n` +
        `  setTimeout(() => process.nextTick(() => em.emit("go")), 20);\n}`,
    ],
    ["an fs callback", (m: string) => `setTimeout(() => fs.stat(".", () => spin(${m})), 20);`],
    [
      "a socket data handler",
      (m: string) =>
        `{\n  const server = net.createServer((s) => s.on("data", () => spin(${m})));\n` +
        `  server.listen(0, "127.0.0.1", () => {\n` +
        `    const c = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1", () => c.write("x"));\n` +
        `    cleanups.push(() => { c.destroy(); server.close(); });\n  });\n}`,
    ],
    [
      'a worker.on("message") handler',
      (m: string) =>
        `{\n  const w = new Worker("require('node:worker_threads').parentPort.postMessage(1)", { eval: true });\n` +
        `  w.on("message", () => spin(${m}));\n  cleanups.push(() => void w.terminate());\n}`,
    ],
    [
      "a setTimeout callback while a user async hook is enabled",
      (m: string) =>
        `{\n  const hook = createHook({ before() {}, after() {} }).enable();\n` +
        `  cleanups.push(() => hook.disable());\n  setTimeout(() => spin(${m}), 20);\n}`,
    ],
  ])("in %s is stopped and the kernel answers the next cell with its state", async (name, code) => {
    const marker = JSON.stringify(path.join(dir, `m${++seq}`));
    const setup = await kernel.execute(code(marker));
    expect(setup.reply.content.status).toBe("ok");
    await waitForFile(JSON.parse(marker) as string);
    // Queued behind the busy loop: it can only be answered once the loop has been stopped.
    const id = await kernel.send("execute_request", executeContent("kept + 1"));
    const t0 = Date.now();
    await kernel.interrupt();
    const reply = await kernel.reply(id, "shell", 20);
    latency[name] = Date.now() - t0;
    expect(reply.content.status).toBe("ok");
    expect(await probe()).toEqual({ status: "ok", value: "42" });
  });
});

test("after all those interrupts it is still the same kernel process", async () => {
  expect(processAlive(kernel.info.pid)).toBe(true);
  expect(await kernel.alive()).toBe(true);
  const run = await kernel.execute("kept = kept * 2;\nkept");
  expect(run.iopub.find((m) => m.msg_type === "execute_result")?.content.data["text/plain"]).toBe("82");
});
