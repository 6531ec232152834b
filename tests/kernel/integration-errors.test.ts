/**
 * Failures nobody awaited — a task's exception never retrieved, an unhandled rejection, a timer callback
 * that throws — are reported once, in the cell that started the failing code, never in another cell.
 */
import { Kernel, mirrorText, streamText, type StartInfo } from "../support/kernel";

jest.setTimeout(120_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.startWithAsyncio();
});
afterAll(() => kernel?.close());

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

test("late failures of a finished cell are reported there once, not in the cell running at that moment", async () => {
  await kernel.drain(0.1);
  const a = await kernel.execute(
    [
      'asyncio.createTask(async () => { await asyncio.sleep(300); throw new Error("bad-task"); }, { name: "doomed" });',
      'setTimeout(() => { throw new Error("bad-timer"); }, 300);',
      '(async () => { await asyncio.sleep(300); throw new Error("bad-rejection"); })();',
      'console.log("a ended");',
    ].join("\n"),
  );
  expect(a.reply.content.status).toBe("ok");
  const mirror = a.iopub.find((m) => m.msg_type === "display_data")?.content.transient.display_id as string;
  expect(mirror).toBeDefined();
  const b = await kernel.execute('await asyncio.sleep(800);\nconsole.log("b done");');
  expect(b.reply.content.status).toBe("ok");
  await kernel.execute("await asyncio.drain();");
  const all = await kernel.drain(0.2);

  const late = mirrorText(all, mirror);
  expect(count(late, "Task exception was never retrieved: task 'doomed'")).toBe(1);
  expect(count(late, "Error: bad-task")).toBe(1);
  expect(count(late, "Exception in setTimeout callback")).toBe(1);
  expect(count(late, "Error: bad-timer")).toBe(1);
  expect(count(late, "Unhandled promise rejection")).toBe(1);
  expect(count(late, "Error: bad-rejection")).toBe(1);
  // Nothing of it reached cell b, which was running when the failures happened.
  const inB = all.filter((m) => m.parent_msg_id === b.msg_id);
  expect(streamText(inB)).toBe("b done\n");
  expect(streamText(inB, "stderr")).toBe("");
  expect(inB.filter((m) => m.msg_type === "error" || m.msg_type === "display_data")).toHaveLength(0);
  expect(
    inB
      .filter((m) => m.msg_type === "update_display_data")
      .every((m) => !/bad-/.test(m.content.transient.display_id as string)),
  ).toBe(true);
});

test("a task whose exception is awaited, also later in its cell, is not reported", async () => {
  const run = await kernel.execute(
    [
      'const t = asyncio.createTask(async () => { throw new Error("caught-x"); });',
      'try { await t; } catch (e) { console.log("caught", (e as Error).message); }',
      'const g = await asyncio.gather(asyncio.createTask(async () => { throw new Error("y"); }), { returnExceptions: true });',
      "console.log(g.length);",
      'const later = asyncio.createTask(async () => { throw new Error("later-x"); });',
      "await asyncio.sleep(50);",
      'await later.then(undefined, (e: Error) => console.log("later", e.message));',
    ].join("\n"),
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toBe("caught caught-x\n1\nlater later-x\n");
  expect(streamText(run.iopub, "stderr")).toBe("");
});

test("1,000 failures are each reported once in their cell and the kernel keeps working", async () => {
  const run = await kernel.execute(
    [
      "for (let i = 0; i < 1000; i++) {",
      "  if (i % 3 === 0) setTimeout(() => { throw new Error(`boom-${i}`); }, 0);",
      "  else if (i % 3 === 1) asyncio.createTask(async () => { throw new Error(`boom-${i}`); });",
      "  else Promise.reject(new Error(`boom-${i}`));",
      "}",
      "await asyncio.sleep(200);",
    ].join("\n"),
  );
  expect(run.reply.content.status).toBe("ok");
  const err = streamText(run.iopub, "stderr");
  const seen = err.match(/Error: boom-\d+/g) ?? [];
  expect(seen).toHaveLength(1000);
  expect(new Set(seen).size).toBe(1000);
  const next = await kernel.execute("console.log(6 * 7);");
  expect(streamText(next.iopub)).toBe("42\n");
  expect(await kernel.alive()).toBe(true);
});
