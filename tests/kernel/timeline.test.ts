/**
 * asyncio.timeline() in a real kernel: a display with a display_id, live updates of the same id while tasks
 * run, a final picture with every task finished, and the body's result returned to the cell.
 */
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
