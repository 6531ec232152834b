/**
 * Reentrancy: `asyncio.run()` works inside a running cell, nested, and a script using it behaves the same
 * under plain Node and pasted into a cell. `detach()` unbinds code from its cell.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Kernel, mirrorText, streamText, type Msg, type StartInfo } from "../support/kernel";

jest.setTimeout(120_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.startWithAsyncio();
});
afterAll(() => kernel?.close());

/** A cell's text: its own streams, then its late-output display as last updated. */
function cellText(all: readonly Msg[], msgId: string): string {
  const own = all.filter((m) => m.parent_msg_id === msgId);
  const mirror = own.find((m) => m.msg_type === "display_data")?.content.transient?.display_id as
    string | undefined;
  return streamText(own) + (mirror === undefined ? "" : mirrorText(all, mirror));
}

test("run() nested three deep and runUntilComplete() inside a cell", async () => {
  const run = await kernel.execute(
    [
      "async function level(n: number): Promise<string> {",
      "  if (n === 0) { await asyncio.sleep(5); return `bottom in task ${asyncio.currentTask()?.getName()}`; }",
      "  return `${n}(${await asyncio.run(() => level(n - 1))})`;",
      "}",
      "console.log(await asyncio.run(() => level(3)));",
      'console.log(await asyncio.getRunningLoop().runUntilComplete(asyncio.run(() => asyncio.sleep(5, "ruc"))));',
      "console.log(asyncio.allTasks().size);",
    ].join("\n"),
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toBe("3(2(1(bottom in task main)))\nruc\n0\n");
  expect(run.iopub.filter((m) => m.msg_type === "display_data")).toHaveLength(0);
});

test("runSync() works at a cell's top level and inside a synchronous callback", async () => {
  const run = await kernel.execute(
    [
      "const doubled = asyncio.runSync(async (x: number) => x * 2, 21);",
      "const viaCallback = [1, 2].map((n) => asyncio.runSync(async (x: number) => x + 100, n));",
      "console.log(doubled, viaCallback.join(','));",
    ].join("\n"),
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toBe("42 101,102\n");
});

test("a script using run() prints the same under plain Node and pasted into a cell", async () => {
  const file = path.join(__dirname, "..", "notebooks", "fixtures", "integration-run-script.js");
  const node = spawnSync(process.execPath, [file], { encoding: "utf8" });
  expect(node.stderr).toBe("");
  expect(node.stdout).toContain("main end tasks left: 0");

  const body = fs.readFileSync(file, "utf8").split("\n").slice(1).join("\n");
  await kernel.drain(0);
  const cell = await kernel.execute(body);
  expect(cell.reply.content.status).toBe("ok");
  await kernel.execute("await asyncio.drain();");
  const all = await kernel.drain(0.2);
  expect(cellText(all, cell.msg_id)).toBe(node.stdout);
});

test("detached code is not the cell's: no late-output display, drain() does not wait, output goes to the running cell", async () => {
  const a = await kernel.execute(
    [
      "const flag = { on: false };",
      'const detTimer = asyncio.detach(() => setTimeout(() => console.log("never"), 60_000));',
      "const detTick = asyncio.detach(() =>",
      '  setInterval(() => { if (flag.on) { flag.on = false; console.log("from detached"); } }, 10));',
    ].join("\n"),
  );
  expect(a.reply.content.status).toBe("ok");
  expect(a.iopub.filter((m) => m.msg_type === "display_data")).toHaveLength(0);
  // Had drain() waited for the detached one-minute timer, it would have given up and printed false.
  const d = await kernel.execute("console.log(await asyncio.drain({ timeoutMs: 30_000 }));");
  expect(streamText(d.iopub)).toBe("true\n");
  const b = await kernel.execute("flag.on = true;\nawait asyncio.sleep(300);");
  expect(streamText(b.iopub)).toBe("from detached\n");
  await kernel.execute("clearTimeout(detTimer);\nclearInterval(detTick);");
});
