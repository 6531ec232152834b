/**
 * The tslab-asyncio kernelspec starts tslab with our kernel module already inside the process.
 */
import { Kernel, streamText, type StartInfo } from "../support/kernel";

jest.setTimeout(90_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.start("tslab-asyncio");
});
afterAll(() => kernel?.close());

test("the kernelspec runs TypeScript cells and prints their output", async () => {
  const run = await kernel.execute(
    'const greeting: string = "hello from " + "tslab-asyncio";\nconsole.log(greeting);',
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toContain("hello from tslab-asyncio");
});

test("the kernel module was preloaded by the launcher before the first message", async () => {
  const run = await kernel.execute(
    'const st = (globalThis as any)[Symbol.for("tslab-asyncio.kernel")];\n' +
      "console.log(JSON.stringify({ preloaded: st?.preloaded, patches: st?.patches, pid: process.pid }));",
  );
  const state = JSON.parse(streamText(run.iopub).trim()) as {
    preloaded: boolean;
    patches: string[];
    pid: number;
  };
  expect(state.preloaded).toBe(true);
  expect(state.patches.length).toBeGreaterThan(0);
  expect(state.pid).toBe(kernel.info.pid);
});

test('notebook code imports "tslab-asyncio" and apply() reports it is already active', async () => {
  const run = await kernel.execute(
    'import * as asyncio from "tslab-asyncio";\nconsole.log(asyncio.apply());',
  );
  expect(run.reply.content.status).toBe("ok");
  const out = streamText(run.iopub);
  expect(out).toContain("already active");
  expect(out.trim().endsWith("true")).toBe(true);
});

test("state persists across cells, including top-level await", async () => {
  await kernel.execute("let counter = 40;");
  const run = await kernel.execute(
    "await new Promise((r) => setTimeout(r, 10));\ncounter += 2;\nconsole.log(counter);",
  );
  expect(streamText(run.iopub).trim()).toBe("42");
});

test("the package's subpaths resolve in a cell for tslab's type checker and for Node", async () => {
  const run = await kernel.execute(
    'import { TimelineBuilder, TIMELINE_MIME } from "tslab-asyncio/timeline";\n' +
      'import { kernelState, cellEvents } from "tslab-asyncio/kernel";\n' +
      "console.log(TIMELINE_MIME, typeof TimelineBuilder, kernelState()?.preloaded, typeof cellEvents.on);",
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub).trim()).toBe(
    "application/vnd.tslab-asyncio.timeline.v1+json function true function",
  );
});
