import * as asyncio from "../../../src/asyncio";
import { flush } from "./helpers";

describe("task recorder", () => {
  it("sees created, started, suspended, resumed and finished events with times", async () => {
    const events: string[] = [];
    const stop = asyncio.addTaskRecorder({
      created: (id, kind, name, parentId) => events.push(`created ${kind} ${name ?? "-"} parent=${parentId}`),
      started: () => events.push("started"),
      suspended: () => events.push("suspended"),
      resumed: () => events.push("resumed"),
      finished: (id, state, time, error) => events.push(`finished ${state} ${error ?? ""}`.trim()),
    });
    try {
      await asyncio.createTask(() => asyncio.sleep(1), { name: "nap" });
      await asyncio
        .createTask(async () => {
          throw new RangeError("bad");
        })
        .catch(() => undefined);
    } finally {
      stop();
    }
    expect(events).toEqual([
      "created task nap parent=0",
      "started",
      "suspended",
      "resumed",
      "finished done",
      "created task - parent=0",
      "started",
      "finished failed RangeError: bad",
    ]);
  });

  it("stops receiving events once unsubscribed", async () => {
    const created = jest.fn();
    const stop = asyncio.addTaskRecorder({ created });
    stop();
    stop();
    await asyncio.createTask(async () => 1);
    expect(created).not.toHaveBeenCalled();
  });

  it("reports cancellation with its message", async () => {
    const finished = jest.fn();
    const stop = asyncio.addTaskRecorder({ finished });
    const task = asyncio.createTask(() => asyncio.sleep(10_000));
    await flush();
    task.cancel("stop it");
    await task.catch(() => undefined);
    stop();
    expect(finished).toHaveBeenCalledWith(
      task.id,
      "cancelled",
      expect.any(Number),
      "CancelledError: stop it",
    );
  });

  it("records executor jobs and loop timers with their kinds", async () => {
    const kinds: string[] = [];
    const stop = asyncio.addTaskRecorder({ created: (_id, kind) => kinds.push(kind) });
    const pool = new asyncio.ThreadPoolExecutor({ maxWorkers: 1 });
    try {
      await pool.submit(() => 1);
      await new Promise<void>((resolve) => asyncio.getRunningLoop().callSoon(resolve));
    } finally {
      stop();
      await pool.shutdown();
    }
    expect(kinds).toEqual(["executor", "timer"]);
  });

  it("currentTaskId() names the running task, 0 outside", async () => {
    expect(asyncio.currentTaskId()).toBe(0);
    const task = asyncio.createTask(async () => {
      await asyncio.sleep(0);
      return asyncio.currentTaskId();
    });
    expect(await task).toBe(task.id);
  });
});

describe("TaskLog", () => {
  it("turns events into plain records with parents and running segments", async () => {
    const log = new asyncio.TaskLog().start();
    let child: asyncio.Task<void> | undefined;
    const parent = asyncio.createTask(
      async () => {
        child = asyncio.createTask(async () => undefined);
        await asyncio.sleep(1);
        await asyncio.sleep(1);
      },
      { name: "parent" },
    );
    await parent;
    await child;
    log.stop();
    const records = log.records();
    const p = records.find((r) => r.id === parent.id)!;
    const c = records.find((r) => r.id === child!.id)!;
    expect(p.name).toBe("parent");
    expect(p.state).toBe("done");
    expect(p.segments).toHaveLength(3);
    expect(p.segments.every(([s, e]) => e >= s)).toBe(true);
    expect(c.parentId).toBe(parent.id);
    expect(c.name).toBe(`Task-${child!.id}`);
    expect(c.segments).toHaveLength(1);
    expect(log.size).toBe(2);
    expect(log.byteLength).toBeLessThanOrEqual(64 * 1024);
  });
});

describe("debug mode", () => {
  afterEach(() => asyncio.setDebug(false));

  it("reports a step that blocks the loop as a slow step naming the task", async () => {
    const slow = jest.fn();
    const stop = asyncio.addTaskRecorder({ slowStep: slow });
    asyncio.setDebug(true, { slowStepMs: 20 });
    const task = asyncio.createTask(
      async () => {
        await asyncio.sleep(0);
        const end = Date.now() + 40;
        while (Date.now() < end);
      },
      { name: "busy" },
    );
    await task;
    stop();
    expect(slow).toHaveBeenCalledWith(task.id, "busy", expect.any(Number), expect.any(Number));
    expect(slow.mock.calls[0][2]).toBeGreaterThan(20);
  });

  it("captures the creation site", async () => {
    asyncio.setDebug(true);
    const task = asyncio.createTask(async () => 1);
    await task;
    expect(task.site).toMatch(/recorder\.test\.ts/);
  });
});
