// Behaviours taken from CPython's Lib/test/test_asyncio (test_tasks, test_waitfor, test_timeouts), ported in
// our own words; each expected outcome was checked on CPython 3.11.
import * as asyncio from "../../../src/asyncio";
import { flush, isPending, rejection } from "./helpers";

describe("self-referential waits", () => {
  it("fails a task that awaits itself instead of hanging (test_task_await_self)", async () => {
    const task: asyncio.Task<void> = asyncio.createTask(async () => {
      await task;
    });
    const error = (await rejection(task)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^Task cannot await on itself: <Task pending name='Task-\d+'>/);
  });

  it("lets run() return when its main task awaits itself", async () => {
    const error = (await rejection(asyncio.run(async () => void (await asyncio.currentTask())))) as Error;
    expect(error.message).toMatch(/^Task cannot await on itself/);
  });

  it("can still cancel such a task, which raised at the await", async () => {
    let caught: unknown;
    const task: asyncio.Task<void> = asyncio.createTask(async () => {
      try {
        await task;
      } catch (e) {
        caught = e;
      }
      await asyncio.sleep(60_000);
    });
    await flush();
    expect(caught).toBeInstanceOf(Error);
    task.cancel();
    expect(await rejection(task)).toBeInstanceOf(asyncio.CancelledError);
  });

  it("reports a TaskGroup body or child awaiting itself in the group's ExceptionGroup", async () => {
    const error = await rejection(
      asyncio.TaskGroup.run(async (tg) => {
        const child: asyncio.Task<void> = tg.createTask(async () => {
          await child;
        });
        await asyncio.currentTask();
      }),
    );
    expect(error).toBeInstanceOf(asyncio.ExceptionGroup);
    const messages = (error as asyncio.ExceptionGroup).exceptions.map((e) => (e as Error).message);
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m).toMatch(/^Task cannot await on itself/);
  });
});

describe("gather cancellation", () => {
  it("keeps the message of gather(...).cancel(msg) (test_cancel_gather_2)", async () => {
    for (const [msg, expected] of [
      [undefined, "The operation was cancelled."],
      ["my message", "my message"],
    ] as const) {
      const child = asyncio.createTask(() => asyncio.sleep(10_000));
      const g = asyncio.gather(child, { returnExceptions: true });
      await flush();
      expect(g.cancel(msg)).toBe(true);
      const error = (await rejection(g)) as asyncio.CancelledError;
      expect(error).toBeInstanceOf(asyncio.CancelledError);
      expect(error.message).toBe(expected);
    }
  });

  it("refuses to cancel once every child is done, from a callback of the future they awaited (test_cancel_gather_1)", async () => {
    const fut = new asyncio.Future<number>();
    const child = asyncio.createTask(async () => await fut);
    const g = asyncio.gather(child);
    await flush();
    let cancelResult: boolean | undefined;
    fut.addDoneCallback(() => (cancelResult = g.cancel()));
    fut.setResult(42);
    expect(await g).toEqual([42]);
    expect(cancelResult).toBe(false);
    expect(g.cancelled()).toBe(false);
  });
});

describe("wake-up and callback order", () => {
  it("resumes a task that awaited a future before callbacks added after it began waiting", async () => {
    const order: string[] = [];
    const fut = new asyncio.Future<void>();
    fut.addDoneCallback(() => order.push("callback added first"));
    const waiter = asyncio.createTask(async () => {
      await fut;
      order.push("task resumed");
    });
    await flush();
    fut.addDoneCallback(() => order.push("callback added after the await"));
    fut.setResult();
    await waiter;
    await flush();
    expect(order).toEqual(["callback added first", "task resumed", "callback added after the await"]);
  });
});

describe("waitFor", () => {
  afterEach(() => jest.useRealTimers());

  it("times out at once with a limit of 0, never starting the function (test_wait_for_timeout_less_then_0_or_0)", async () => {
    let started = false;
    const error = await rejection(
      asyncio.waitFor(async () => {
        started = true;
        return 1;
      }, 0),
    );
    expect(error).toBeInstanceOf(asyncio.TimeoutError);
    expect(started).toBe(false);
  });

  it("returns a result that is already there with a limit of 0 (test_wait_for_timeout_less_then_0_or_0_future_done)", async () => {
    const fut = new asyncio.Future<string>();
    fut.setResult("done");
    expect(await asyncio.waitFor(fut, 0)).toBe("done");
    expect(await asyncio.waitFor(fut, -5)).toBe("done");
  });

  it("times out a bare promise on time, not when it settles", async () => {
    jest.useFakeTimers({ doNotFake: ["queueMicrotask", "nextTick"] });
    let settled = false;
    const slow = new Promise<string>((resolve) => setTimeout(() => resolve("late"), 1000)).then((v) => {
      settled = true;
      return v;
    });
    const waited = asyncio.waitFor(slow, 10);
    const outcome = rejection(waited);
    await jest.advanceTimersByTimeAsync(10);
    expect(await isPending(waited)).toBe(false);
    expect(await outcome).toBeInstanceOf(asyncio.TimeoutError);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(settled).toBe(true);
  });

  it("still returns a bare promise's result within the limit", async () => {
    expect(await asyncio.waitFor(Promise.resolve(7), 1000)).toBe(7);
    const error = await rejection(asyncio.waitFor(Promise.reject(new RangeError("no")), 1000));
    expect(error).toBeInstanceOf(RangeError);
  });
});

describe("shield", () => {
  it("protects a bare promise's result from the cancelled caller (test_shield_effect)", async () => {
    let resolve!: (v: string) => void;
    const work = new Promise<string>((r) => (resolve = r));
    const inner = asyncio.ensureFuture(work);
    const caller = asyncio.createTask(() => asyncio.shield(inner));
    await flush();
    caller.cancel();
    expect(await rejection(caller)).toBeInstanceOf(asyncio.CancelledError);
    resolve("saved");
    expect(await inner).toBe("saved");
  });

  it("does not let the cancelled caller reach the shielded work (test_shield_effect)", async () => {
    // CPython's test shields inner() itself. Here a promise from inner() would be code of the outer task
    // (an async function runs as the task that called it), so the shielded work is passed as a function.
    let proof = 0;
    const waiter = new asyncio.Future<void>();
    const inner = async () => {
      await waiter;
      proof += 1;
    };
    const outer = asyncio.createTask(async () => {
      await asyncio.shield(() => inner());
      proof += 100;
    });
    await flush();
    outer.cancel();
    expect(await rejection(outer)).toBeInstanceOf(asyncio.CancelledError);
    expect(waiter.cancelled()).toBe(false);
    waiter.setResult();
    await flush();
    expect(proof).toBe(1);
  });

  it("shields a bare promise directly, without internal errors", async () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      let resolve!: (v: string) => void;
      const work = new Promise<string>((r) => (resolve = r));
      const caller = asyncio.createTask(() => asyncio.shield(work));
      await flush();
      caller.cancel();
      expect(await rejection(caller)).toBeInstanceOf(asyncio.CancelledError);
      resolve("saved");
      await flush();
      expect(await work).toBe("saved");
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it("passes the shielded result through when nobody cancels (test_shield_result)", async () => {
    expect(await asyncio.shield(Promise.resolve(3))).toBe(3);
  });
});

describe("Timeout.reschedule", () => {
  it("fails with CPython's message after the timeout expired (test_reschedule_after_expiry)", async () => {
    let handle: asyncio.Timeout | undefined;
    const error = await rejection(
      asyncio.timeout(1, async (cm) => {
        handle = cm;
        await asyncio.sleep(1000);
      }),
    );
    expect(error).toBeInstanceOf(asyncio.TimeoutError);
    expect(() => handle!.reschedule(null)).toThrow(/^Cannot change state of expired Timeout/);
    expect(() => handle!.reschedule(null)).not.toThrow(asyncio.InvalidStateError);
  });

  it("fails while the timeout is expiring (cancelled, body still running)", async () => {
    let message = "";
    await rejection(
      asyncio.timeout(1, async (cm) => {
        try {
          await asyncio.sleep(1000);
        } finally {
          try {
            cm.reschedule(null);
          } catch (e) {
            message = (e as Error).message;
          }
        }
      }),
    );
    expect(message).toMatch(/^Cannot change state of expiring Timeout/);
  });
});
