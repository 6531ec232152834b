/**
 * asyncio.timeline() in a real kernel: a display with a display_id, live updates of the same id while tasks
 * run, a final picture with every task finished, and the body's result returned to the cell. Also in Deno's
 * Jupyter kernel (the `deno` npm package's binary), through `Deno.jupyter.display`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Kernel, streamText, type Msg } from "../support/kernel";

jest.setTimeout(90_000);
const MIME = "application/vnd.tslab-asyncio.timeline.v1+json";

let kernel: Kernel;
beforeAll(async () => {
  kernel = await Kernel.startWithAsyncio();
});
afterAll(() => kernel?.close());

const displays = (msgs: Msg[]) =>
  msgs.filter((m) => m.msg_type === "display_data" || m.msg_type === "update_display_data");

test("shows a live timeline of a gather under one display_id and returns the result", async () => {
  const run = await kernel.execute(
    "const r = await asyncio.timeline(() => asyncio.gather(\n" +
      '  asyncio.createTask(() => asyncio.sleep(400, "slow"), { name: "slow" }),\n' +
      '  asyncio.createTask(() => asyncio.sleep(150, "fast"), { name: "fast" })), { title: "gather demo" });\n' +
      "console.log(JSON.stringify(r));",
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub).trim()).toBe('["slow","fast"]');
  const shown = displays(run.iopub);
  expect(shown[0].msg_type).toBe("display_data");
  expect(shown.length).toBeGreaterThanOrEqual(3); // first picture, at least one live update, final picture
  const ids = new Set(shown.map((m) => m.content.transient?.display_id));
  expect(ids.size).toBe(1);
  expect(shown.slice(1).every((m) => m.msg_type === "update_display_data")).toBe(true);
  const final = shown[shown.length - 1].content.data;
  expect(Object.keys(final).sort()).toEqual([MIME, "text/html", "text/plain"].sort());
  expect(final["text/plain"]).toContain("gather demo: 2 tasks");
  expect(final["text/html"]).not.toMatch(/<script/i);
  // While running, some task was still pending; at the end none is.
  expect(shown[0].content.data["text/plain"]).toMatch(/pending|running/);
  expect(final["text/plain"]).not.toMatch(/\(pending\)/);
});

test("a recorded cell displays as a timeline when it is the last expression and saves a Perfetto trace", async () => {
  const run = await kernel.execute(
    'const rec = asyncio.recordTimeline({ title: "recorded" });\n' +
      "await asyncio.gather(asyncio.sleep(30), asyncio.sleep(10));\n" +
      "const view = rec.stop();\n" +
      'const file = view.save(require("os").tmpdir() + "/tslab-asyncio-test.trace.json");\n' +
      'const trace = JSON.parse(require("fs").readFileSync(file, "utf8"));\n' +
      'console.log(trace.traceEvents.some((e: any) => e.ph === "M" && e.name === "thread_name"));\n' +
      "view",
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toContain("true");
  const result = run.iopub.find((m) => m.msg_type === "execute_result" || m.msg_type === "display_data");
  expect(result?.content.data[MIME]?.version).toBe(1);
});

test("display() returns a handle that updates its display and shows nothing as the cell's value", async () => {
  const run = await kernel.execute(
    'const shown = asyncio.display({ "text/plain": "1" }, { raw: true });\n' +
      'shown.update({ "text/plain": "2" }, { raw: true });\n' +
      "console.log(String(shown));\n" +
      "shown",
  );
  expect(run.reply.content).toMatchObject({ status: "ok" });
  const [first, second] = displays(run.iopub);
  expect(first.msg_type).toBe("display_data");
  expect(second.msg_type).toBe("update_display_data");
  expect(second.content.data).toEqual({ "text/plain": "2" });
  const id = first.content.transient?.display_id;
  expect(second.content.transient?.display_id).toBe(id);
  expect(streamText(run.iopub).trim()).toBe(`<DisplayHandle display_id=${id}>`);
  expect(run.iopub.filter((m) => m.msg_type === "execute_result")).toEqual([]);
});

test("a timeline of tasks awaiting native timers shows them waiting, with arrows to what the body awaited", async () => {
  const run = await kernel.execute(
    "await asyncio.timeline(() => asyncio.gather(\n" +
      '  asyncio.createTask(() => new Promise((r) => setTimeout(r, 200)), { name: "nap a" }),\n' +
      '  asyncio.createTask(() => new Promise((r) => setTimeout(r, 200)), { name: "nap b" })), { title: "naps" });',
  );
  expect(run.reply.content.status).toBe("ok");
  const shown = displays(run.iopub);
  const final = shown[shown.length - 1].content.data;
  expect(final["text/plain"]).toMatch(/^naps: 2 tasks,/);
  const payload = final[MIME];
  // Two naps and the body's frame; the body awaited both naps.
  expect(payload.tasks.id).toHaveLength(3);
  expect(payload.awaits.task).toHaveLength(2);
  const running = (payload.segments.dur as number[]).reduce((a, b) => a + b, 0) * payload.tick;
  expect(running).toBeLessThan(100);
});

describe("in Deno's Jupyter kernel", () => {
  const root = path.resolve(__dirname, "../..");
  let deno: Kernel & { info: { pid: number } };
  let dir: string;

  beforeAll(async () => {
    // The binary the `deno` devDependency installs for this platform, run directly as the kernel.
    const binary = require.resolve(`@deno/${process.platform}-${process.arch}-glibc/deno`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-deno-"));
    const spec = path.join(dir, "kernels", "deno-test");
    fs.mkdirSync(spec, { recursive: true });
    fs.writeFileSync(
      path.join(spec, "kernel.json"),
      JSON.stringify({
        argv: [binary, "jupyter", "--kernel", "--conn", "{connection_file}"],
        display_name: "Deno (test)",
        language: "typescript",
        env: { DENO_DIR: path.join(dir, "deno-dir"), NO_COLOR: "1" },
      }),
    );
    deno = await Kernel.start("deno-test", { jupyterPath: dir, cwd: dir, timeout: 120 });
    const setup = await deno.execute(
      'import { createRequire } from "node:module";\n' +
        `const require = createRequire(${JSON.stringify(path.join(root, "package.json"))});\n` +
        'const asyncio = require("./lib/index.js");',
    );
    expect(setup.reply.content).toMatchObject({ status: "ok" });
  }, 180_000);

  afterAll(async () => {
    const pid = deno?.info.pid;
    await deno?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (pid !== undefined) {
      let alive = true;
      for (let i = 0; i < 50 && alive; i++) {
        try {
          process.kill(pid, 0);
          await new Promise((r) => setTimeout(r, 100));
        } catch {
          alive = false;
        }
      }
      expect(alive).toBe(false);
    }
  });

  test("timeline() shows the full bundle, updates it live by display id and ends with the final picture", async () => {
    const run = await deno.execute(
      "await asyncio.timeline(() => asyncio.gather(\n" +
        '  asyncio.createTask(() => asyncio.sleep(500), { name: "slow" }),\n' +
        '  asyncio.createTask(() => asyncio.sleep(100), { name: "fast" })), { title: "deno timeline" });\n' +
        "void 0;",
    );
    expect(run.reply.content).toMatchObject({ status: "ok" });
    const shown = displays(run.iopub);
    expect(shown[0].msg_type).toBe("display_data");
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(shown.slice(1).every((m) => m.msg_type === "update_display_data")).toBe(true);
    expect(new Set(shown.map((m) => m.content.transient?.display_id)).size).toBe(1);
    const final = shown[shown.length - 1].content.data;
    expect(Object.keys(final).sort()).toEqual([MIME, "text/html", "text/plain"].sort());
    expect(final["text/plain"]).toMatch(/^deno timeline: 2 tasks,/);
    expect(final[MIME].version).toBe(1);
    expect(final["text/plain"]).not.toMatch(/\(pending\)/);
    // Not the text summary printed as a stream, as before.
    expect(streamText(run.iopub)).not.toContain("deno timeline:");
  });
});
