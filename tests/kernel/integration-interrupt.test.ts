/**
 * Interrupting a cell cancels what the cell started — tasks (their `finally` blocks run), timers, intervals,
 * executor jobs — and aborts `cellSignal()`; earlier cells' background work is left alone until
 * `cancelAll()`.
 */
import { Kernel, executeContent, streamText, type Msg, type StartInfo } from "../support/kernel";

jest.setTimeout(120_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.startWithAsyncio();
});
afterAll(() => kernel?.close());

/** Sends a cell without waiting for it; resolves once `marker` was printed by it. */
async function startCell(code: string, marker: string): Promise<string> {
  await kernel.drain(0);
  const msgId = await kernel.send("execute_request", executeContent(code));
  const seen: Msg[] = [];
  while (!streamText(seen.filter((m) => m.parent_msg_id === msgId)).includes(marker)) {
    seen.push(...(await kernel.drain(0.05)));
  }
  return msgId;
}

/** interrupt_mode "message": an interrupt_request on the control channel. */
async function interruptByMessage(): Promise<void> {
  const id = await kernel.send("interrupt_request", {}, "control");
  expect((await kernel.reply(id, "control")).msg_type).toBe("interrupt_reply");
}

async function json<T>(code: string): Promise<T> {
  const run = await kernel.execute(code);
  expect(run.reply.content.status).toBe("ok");
  return JSON.parse(streamText(run.iopub)) as T;
}

test("interrupt cancels the cell's 100 gathered tasks, its interval and its executor job; finally blocks run", async () => {
  const earlier = await kernel.execute(
    "const bg = { ticks: 0 };\nconst bgTimer = setInterval(() => bg.ticks++, 5);\nconsole.log('bg started');",
  );
  expect(earlier.reply.content.status).toBe("ok");
  // Declarations of an interrupted cell lose their types in tslab, so the state lives in an earlier cell.
  const setup = await kernel.execute(
    "const stats = { finallies: 0, ticks: 0 };\n" +
      "const held: { job?: asyncio.Future<number>; signal?: AbortSignal } = {};",
  );
  expect(setup.reply.content.status).toBe("ok");

  const msgId = await startCell(
    [
      "held.signal = asyncio.cellSignal();",
      "setInterval(() => stats.ticks++, 5);",
      "const job = (held.job = asyncio.toThread(() => { const end = Date.now() + 30_000; while (Date.now() < end); return 1; }));",
      "const workers = Array.from({ length: 100 }, () =>",
      "  asyncio.createTask(async () => { try { await asyncio.sleep(60_000); } finally { stats.finallies++; } }));",
      "await asyncio.sleep(20);",
      "console.log('started');",
      "await asyncio.gather(...workers, job);",
    ].join("\n"),
    "started",
  );
  await interruptByMessage();
  const reply = await kernel.reply(msgId, "shell", 30);
  expect(reply.content.status).toBe("error");
  expect(reply.content.ename).toBe("KeyboardInterrupt");
  const { iopub } = await kernel.call<{ iopub: Msg[] }>("wait_idle", { msg_id: msgId, timeout: 10 });
  expect(streamText(iopub, "stderr")).toContain(
    "Interrupted: cancelled 100 tasks, 1 executor job, 1 interval",
  );

  const after = await json<{
    finallies: number;
    tickDelta: number;
    job: boolean;
    aborted: boolean;
    reason: string;
    bg: number;
  }>(
    [
      "const t0 = stats.ticks, b0 = bg.ticks;",
      "await asyncio.sleep(100);",
      "console.log(JSON.stringify({ finallies: stats.finallies, tickDelta: stats.ticks - t0, job: held.job!.cancelled(),",
      "  aborted: held.signal!.aborted, reason: (held.signal!.reason as Error).name, bg: bg.ticks - b0 }));",
    ].join("\n"),
  );
  expect(after.finallies).toBe(100);
  expect(after.tickDelta).toBe(0);
  expect(after.job).toBe(true);
  expect(after.aborted).toBe(true);
  expect(after.reason).toBe("KeyboardInterrupt");
  // The earlier cell's interval was not this cell's work: it still ticks.
  expect(after.bg).toBeGreaterThan(0);
});

test("the next cell runs normally and cancelAll() stops what earlier cells left running", async () => {
  const r = await json<{ summary: { intervals: number }; delta: number }>(
    [
      "const summary = asyncio.cancelAll();",
      "const b1 = bg.ticks;",
      "await asyncio.sleep(60);",
      "console.log(JSON.stringify({ summary, delta: bg.ticks - b1 }));",
    ].join("\n"),
  );
  expect(r.summary.intervals).toBeGreaterThanOrEqual(1);
  expect(r.delta).toBe(0);
});

test("signal-mode interrupt: the cell's tasks see CancelledError and may clean up", async () => {
  await kernel.execute("const seen: string[] = [];\nlet w: asyncio.Task<void> | undefined;");
  const msgId = await startCell(
    [
      "w = asyncio.createTask(async () => {",
      "  try { await asyncio.sleep(60_000); } catch (e) { seen.push((e as Error).name); throw e; }",
      "});",
      "console.log('waiting');",
      "await w;",
    ].join("\n"),
    "waiting",
  );
  await kernel.interrupt();
  expect((await kernel.reply(msgId, "shell", 30)).content.ename).toBe("KeyboardInterrupt");
  const r = await json<{ seen: string[]; cancelled: boolean }>(
    "await asyncio.sleep(0);\nconsole.log(JSON.stringify({ seen: seen, cancelled: w!.cancelled() }));",
  );
  expect(r).toEqual({ seen: ["CancelledError"], cancelled: true });
});
