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

describe("a recorder that measures steps", () => {
  const busy = (ms: number): void => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  function recordSteps() {
    const events: { id: number; what: string; start: number; end: number }[] = [];
    const stop = asyncio.addTaskRecorder({
      started: (id, time) => void events.push({ id, what: "started", start: time, end: time }),
      ran: (id, start, end) => void events.push({ id, what: "ran", start, end }),
      finished: (id, state, time) => void events.push({ id, what: state, start: time, end: time }),
    });
    return { events, stop };
  }

  it("dates a task's start by the start of its first step and its end by the end of its last", async () => {
    const { events, stop } = recordSteps();
    let task: asyncio.Task<number> | undefined;
    try {
      task = asyncio.createTask(async () => {
        busy(5);
        await Promise.resolve();
        busy(5);
        return 1;
      });
      await task;
    } finally {
      stop();
    }
    const mine = events.filter((e) => e.id === task!.id);
    const steps = mine.filter((e) => e.what === "ran");
    expect(mine[0].what).toBe("started");
    expect(mine[mine.length - 1].what).toBe("done");
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps[0].start).toBe(mine[0].start);
    // The task finished in its last step, which returned after the second busy stretch.
    const last = steps[steps.length - 1];
    expect(mine[mine.length - 1].start).toBe(last.end);
    expect(last.end - steps[0].start).toBeGreaterThanOrEqual(10);
  });

  it("starts each queued task where the previous one's first step ended, never before", async () => {
    const { events, stop } = recordSteps();
    let tasks: asyncio.Task<void>[] = [];
    try {
      tasks = [1, 2, 3].map(() => asyncio.createTask(() => busy(3)));
      await asyncio.gather(...tasks);
    } finally {
      stop();
    }
    const firstStep = (id: number) => events.find((e) => e.id === id && e.what === "ran")!;
    for (let k = 1; k < tasks.length; k++) {
      const prev = firstStep(tasks[k - 1].id);
      const next = firstStep(tasks[k].id);
      expect(next.start).toBeGreaterThanOrEqual(prev.end);
      expect(next.end - next.start).toBeGreaterThanOrEqual(3);
    }
    // A synchronous body finishes inside its first step: dated by the end of that step.
    for (const t of tasks) {
      const done = events.find((e) => e.id === t.id && e.what === "done")!;
      expect(done.start).toBe(firstStep(t.id).end);
    }
  });

  it("dates a task that failed in its step, and one cancelled before it started, as they ended", async () => {
    const { events, stop } = recordSteps();
    let failing: asyncio.Task<never> | undefined;
    let cancelled: asyncio.Task<void> | undefined;
    const before = performance.now();
    try {
      failing = asyncio.createTask(async () => {
        busy(3);
        throw new RangeError("bad");
      });
      cancelled = asyncio.createTask(() => busy(50));
      cancelled.cancel();
      await failing.catch(() => undefined);
      await cancelled.catch(() => undefined);
    } finally {
      stop();
    }
    const failed = events.find((e) => e.id === failing!.id && e.what === "failed")!;
    expect(failed.start - before).toBeGreaterThanOrEqual(3);
    const gone = events.filter((e) => e.id === cancelled!.id);
    expect(gone.map((e) => e.what)).toEqual(["cancelled"]);
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
