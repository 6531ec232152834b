/**
 * Introspection and debugging in a notebook: `tasks()` / `pstree()` bundles, a Task or Future as a cell's
 * last expression, slow-step warnings in the cell that started the slow task, event-loop lag samples.
 */
import { Kernel, streamText, type Msg, type StartInfo } from "../support/kernel";

jest.setTimeout(120_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.startWithAsyncio();
});
afterAll(() => kernel?.close());

async function result(code: string): Promise<Record<string, string>> {
  const run = await kernel.execute(code);
  expect(run.reply.content.status).toBe("ok");
  const msg = run.iopub.find((m) => m.msg_type === "execute_result");
  expect(msg).toBeDefined();
  return msg!.content.data as Record<string, string>;
}

test("tasks() and pstree() show running tasks with state, cell and parent as HTML and text", async () => {
  const start = await kernel.execute(
    [
      "const parent = asyncio.createTask(async () => {",
      '  asyncio.createTask(() => asyncio.sleep(60_000), { name: "child" });',
      "  await asyncio.sleep(60_000);",
      '}, { name: "parent" });',
      "await asyncio.sleep(10);",
    ].join("\n"),
  );
  const n = start.reply.content.execution_count as number;

  const table = await result("asyncio.tasks()");
  expect(table["text/html"]).toMatch(/^<table class="tslab-asyncio-tasks">/);
  const rows = table["text/plain"].split("\n");
  expect(rows[0]).toMatch(/^id\s+name\s+kind\s+state\s+age\s+cell\s+parent/);
  const parentRow = rows.find((r) => /\bparent\b.*\btask\b/.test(r) && !r.startsWith("id"))!;
  const childRow = rows.find((r) => / child /.test(r))!;
  expect(parentRow).toMatch(new RegExp(`suspended\\s+\\S+ (ms|s)\\s+\\[${n}\\]`));
  expect(childRow).toMatch(
    new RegExp(`suspended\\s+\\S+ (ms|s)\\s+\\[${n}\\]\\s+${parentRow.split(/\s+/)[0]}`),
  );
  // What each awaits, where the library knows it.
  expect(rows[0]).toMatch(/\bparent\s+awaits\b/);
  expect(childRow).toContain("sleep(60000 ms)");

  const tree = await result("asyncio.pstree()");
  const lines = tree["text/plain"].split("\n");
  const at = lines.indexOf(`cell [${n}]`);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(lines[at + 1]).toMatch(/^└── parent \(task \d+\) suspended/);
  expect(lines[at + 2]).toMatch(/^ {4}└── child \(task \d+\) suspended on sleep\(60000 ms\)/);
  expect(tree["text/html"]).toContain('<pre class="tslab-asyncio-pstree">');

  await kernel.execute("parent.cancel(); asyncio.cancelAll();");
});

test("a Task or Future as the last expression shows state, name and result or error", async () => {
  const done = await result(
    'const answer = asyncio.createTask(async () => 42, { name: "answer" });\nawait asyncio.sleep(0);\nanswer',
  );
  expect(done["text/plain"]).toBe("<Task finished name='answer' result=42>");
  expect(done["text/html"]).toContain('<th style="text-align:left">result</th><td><code>42</code>');

  const failed = await result(
    'const bad = asyncio.createTask(async () => { throw new TypeError("nope"); }, { name: "bad" });\nawait bad.then(undefined, () => undefined);\nbad',
  );
  expect(failed["text/plain"]).toBe("<Task failed name='bad' exception=TypeError: nope>");

  const fut = await result("new asyncio.Future<string>()");
  expect(fut["text/plain"]).toBe("<Future pending>");
});

test("debug mode: a slow step is reported in the cell that started the task, and loop lag is sampled", async () => {
  await kernel.drain(0);
  const a = await kernel.execute(
    [
      "asyncio.setDebug(true);",
      "asyncio.createTask(async () => {",
      "  await asyncio.sleep(300);",
      "  const end = Date.now() + 250;",
      "  while (Date.now() < end);",
      '}, { name: "hog" });',
    ].join("\n"),
  );
  const b = await kernel.execute("await asyncio.sleep(800);\nasyncio.setDebug(false);");
  await kernel.execute("await asyncio.drain();");
  const all = await kernel.drain(0.2);
  // Cell a's text: its own streams, then its late-output display as last updated.
  const mirror = all.find((m) => m.parent_msg_id === a.msg_id && m.msg_type === "display_data");
  const updates = all.filter(
    (m: Msg) => mirror && m.content.transient?.display_id === mirror.content.transient.display_id,
  );
  const inA =
    streamText(
      all.filter((m) => m.parent_msg_id === a.msg_id),
      "stderr",
    ) + (updates.length > 0 ? String(updates[updates.length - 1].content.data["text/plain"]) : "");
  expect(inA.match(/Executing <Task name='hog'> took 0\.\d{3} seconds/g)).toHaveLength(1);
  expect(
    streamText(
      all.filter((m) => m.parent_msg_id === b.msg_id),
      "stderr",
    ),
  ).toBe("");

  const lag = await kernel.execute(
    [
      "const samples = asyncio.eventLoopLag();",
      "console.log(samples.length > 0, Math.max(...samples.map((s) => s.maxMs)) >= 100);",
    ].join("\n"),
  );
  expect(streamText(lag.iopub)).toBe("true true\n");
});
