/**
 * Loss-free output: every byte and display reaches IOPub in order, every request gets its
 * idle, no send error reaches user code, and output lands in the cell that started the code writing it.
 */
import { Kernel, streamText, type Msg } from "../support/kernel";

jest.setTimeout(120_000);

let kernel: Kernel;
beforeAll(async () => {
  kernel = await Kernel.start("tslab-asyncio");
});
afterAll(() => kernel?.close());

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.length > 0);
}

test("a 100,000-line console.log loop arrives whole, in order, coalesced into few messages", async () => {
  const run = await kernel.execute("for (let i = 0; i < 100000; i++) console.log(i);", { timeout: 60 });
  expect(run.reply.content.status).toBe("ok");
  expect(run.idle).toBe(true);
  const out = lines(streamText(run.iopub));
  expect(out.length).toBe(100000);
  expect(out.every((l, i) => l === String(i))).toBe(true);
  expect(run.iopub.filter((m) => m.msg_type === "stream").length).toBeLessThan(50);
});

test("process.stdout.write and display never throw into user code, and every write arrives", async () => {
  const run = await kernel.execute(
    [
      'const tslab = require("tslab");',
      "let thrown = 0;",
      "for (let i = 0; i < 5000; i++) { try { process.stdout.write(`w${i}\\n`); } catch { thrown++; } }",
      "for (let i = 0; i < 2000; i++) { try { tslab.display.text(`d${i}`); } catch { thrown++; } }",
      "process.stderr.write(`thrown=${thrown}\\n`);",
    ].join("\n"),
    { timeout: 60 },
  );
  expect(run.reply.content.status).toBe("ok");
  expect(run.idle).toBe(true);
  expect(lines(streamText(run.iopub))).toEqual(Array.from({ length: 5000 }, (_, i) => `w${i}`));
  const displays = run.iopub.filter((m) => m.msg_type === "display_data");
  expect(displays.map((m) => m.content.data["text/plain"])).toEqual(
    Array.from({ length: 2000 }, (_, i) => `d${i}`),
  );
  expect(streamText(run.iopub, "stderr")).toBe("thrown=0\n");
});

test("streams and displays keep their relative order", async () => {
  const run = await kernel.execute(
    'console.log("a"); require("tslab").display.html("<b>b</b>"); console.log("c"); console.error("d"); console.log("e");',
  );
  const seq = run.iopub
    .filter((m) => m.msg_type === "stream" || m.msg_type === "display_data")
    .map((m) => (m.msg_type === "stream" ? m.content.text : m.content.data["text/html"]) as string);
  expect(seq.join("")).toBe("a\n<b>b</b>c\nd\ne\n");
});

test("every one of 200 consecutive cells gets its idle (tslab lost one after ~500 sends)", async () => {
  let missing = 0;
  for (let i = 0; i < 200; i++) {
    const run = await kernel.execute(`${i} + 0`);
    if (!run.idle || run.reply.content.status !== "ok") missing++;
  }
  expect(missing).toBe(0);
});

test("output of a timer started in cell A lands in cell A, even while cell B runs", async () => {
  const a = await kernel.execute('setTimeout(() => console.log("late from A"), 300); console.log("A done");');
  const b = await kernel.execute('await new Promise((r) => setTimeout(r, 800)); console.log("B done");');
  const all: Msg[] = await kernel.log();
  // Delivered as a stream, or mirrored into the cell's late-output display: either way with A as parent.
  const late = all.filter((m) => JSON.stringify(m.content).includes("late from A"));
  expect(late.length).toBeGreaterThanOrEqual(1);
  expect(new Set(late.map((m) => m.parent_msg_id))).toEqual(new Set([a.msg_id]));
  expect(streamText(b.iopub)).toBe("B done\n");
});

test("child_process output with stdio inherit is captured into the cell", async () => {
  const run = await kernel.execute(
    [
      'import * as cp from "child_process";',
      'cp.spawnSync("sh", ["-c", "echo sync-child"], { stdio: "inherit" });',
      'await new Promise<void>((r) => cp.spawn("sh", ["-c", "echo async-child; echo err-child >&2"], { stdio: "inherit" }).on("close", () => r()));',
    ].join("\n"),
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toBe("sync-child\nasync-child\n");
  expect(streamText(run.iopub, "stderr")).toBe("err-child\n");
});
