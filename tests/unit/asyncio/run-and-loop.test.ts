import * as asyncio from "../../../src/asyncio";
import { flush, rejection, useFakeTimers } from "./helpers";

describe("run", () => {
  it("returns main's result and cancels (and awaits) the tasks it left running", async () => {
    let leftover: asyncio.Task<void> | undefined;
    const log: string[] = [];
    const value = await asyncio.run(async () => {
      leftover = asyncio.createTask(async () => {
        try {
          await asyncio.sleep(60_000);
        } finally {
          log.push("leftover cleaned up");
        }
      });
      await asyncio.sleep(1);
      return "main done";
    });
    expect(value).toBe("main done");
    expect(leftover?.cancelled()).toBe(true);
    expect(log).toEqual(["leftover cleaned up"]);
  });

  it("is reentrant: a run inside a task inside a run cleans up only its own tasks", async () => {
    let outerChild: asyncio.Task<void> | undefined;
    let innerChild: asyncio.Task<void> | undefined;
    await asyncio.run(async () => {
      outerChild = asyncio.createTask(() => asyncio.sleep(50));
      const inner = await asyncio.run(async () => {
        innerChild = asyncio.createTask(() => asyncio.sleep(60_000));
        return "inner";
      });
      expect(inner).toBe("inner");
      expect(innerChild?.cancelled()).toBe(true);
      expect(outerChild?.done()).toBe(false);
      await outerChild;
    });
    expect(outerChild?.cancelled()).toBe(false);
  });

  it("propagates main's error after cleaning up", async () => {
    let child: asyncio.Task<void> | undefined;
    const e = await rejection(
      asyncio.run(async () => {
        child = asyncio.createTask(() => asyncio.sleep(60_000));
        throw new Error("main failed");
      }),
    );
    expect((e as Error).message).toBe("main failed");
    expect(child?.cancelled()).toBe(true);
  });

  it("turns debug mode on for its duration", async () => {
    let during: boolean | undefined;
    await asyncio.run(async () => void (during = asyncio.getDebug()), { debug: true });
    expect(during).toBe(true);
    expect(asyncio.getDebug()).toBe(false);
  });
});

describe("event loop facade", () => {
  beforeEach(useFakeTimers);
  afterEach(() => jest.useRealTimers());

  it("getRunningLoop and getEventLoop return the same loop", () => {
    expect(asyncio.getRunningLoop()).toBe(asyncio.getEventLoop());
    expect(asyncio.getRunningLoop().isRunning()).toBe(true);
  });

  it("runs callSoon, callLater and callAt callbacks in time order, with arguments", async () => {
    const loop = asyncio.getRunningLoop();
    const order: string[] = [];
    loop.callAt(loop.time() + 20, (x: string) => order.push(x), "at");
    loop.callLater(10, (x: string) => order.push(x), "later");
    loop.callSoon((x: string) => order.push(x), "soon");
    await jest.advanceTimersByTimeAsync(20);
    expect(order).toEqual(["soon", "later", "at"]);
  });

  it("does not run a cancelled handle, and reports when it was due", async () => {
    const loop = asyncio.getRunningLoop();
    const cb = jest.fn();
    const handle = loop.callLater(10, cb);
    expect(handle.when()).toBeCloseTo(loop.time() + 10);
    handle.cancel();
    expect(handle.cancelled()).toBe(true);
    await jest.advanceTimersByTimeAsync(20);
    expect(cb).not.toHaveBeenCalled();
  });

  it("creates futures and tasks, and waits with runUntilComplete", async () => {
    const loop = asyncio.getRunningLoop();
    const fut = loop.createFuture<number>();
    const task = loop.createTask(async () => (await fut) + 1);
    fut.setResult(1);
    expect(await loop.runUntilComplete(task)).toBe(2);
    expect(await loop.runUntilComplete(() => Promise.resolve("fn"))).toBe("fn");
  });

  it("reports a throwing callback without stopping later ones", async () => {
    const loop = asyncio.getRunningLoop();
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const after = jest.fn();
    loop.callSoon(() => {
      throw new Error("cb failed");
    });
    loop.callSoon(after);
    await jest.advanceTimersByTimeAsync(0);
    expect(after).toHaveBeenCalled();
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Exception in callback: <Handle anonymous callback when=[\d.]+>\nError: cb failed/,
      ),
    );
    errors.mockRestore();
  });
});

describe("sleep", () => {
  beforeEach(useFakeTimers);
  afterEach(() => jest.useRealTimers());

  it("resolves with the value after the delay", async () => {
    const p = asyncio.sleep(100, "v");
    await jest.advanceTimersByTimeAsync(99);
    let done = false;
    void p.then(() => (done = true));
    await flush();
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await p).toBe("v");
  });

  it("aborts: before, during, and with a custom reason", async () => {
    const before = new AbortController();
    before.abort();
    expect(await rejection(asyncio.sleep(10, 0, { signal: before.signal }))).toBeInstanceOf(
      asyncio.CancelledError,
    );
    const during = new AbortController();
    const p = rejection(asyncio.sleep(10, 0, { signal: during.signal }));
    during.abort(new RangeError("mine"));
    expect(await p).toBeInstanceOf(RangeError);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects a delay that is not a number", () => {
    expect(() => asyncio.sleep("5" as unknown as number)).toThrow(/needs a delay in milliseconds/);
  });
});

describe("sleep beyond Node's timer range", () => {
  beforeEach(useFakeTimers);
  afterEach(() => jest.useRealTimers());

  it("sleeps longer than 2^31 ms without firing early, and Infinity until cancelled", async () => {
    const long = asyncio.sleep(2 ** 31 + 1000, "late");
    await jest.advanceTimersByTimeAsync(2 ** 31);
    let done = false;
    void long.then(() => (done = true));
    await flush();
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await long).toBe("late");
    const forever = asyncio.createTask(() => asyncio.sleep(Infinity));
    await jest.advanceTimersByTimeAsync(2 ** 40);
    expect(forever.done()).toBe(false);
    forever.cancel();
    expect(await rejection(forever)).toBeInstanceOf(asyncio.CancelledError);
  });
});
