import * as asyncio from "../../../src/asyncio";
import { flush, isPending, rejection, useFakeTimers } from "./helpers";

beforeEach(useFakeTimers);
afterEach(() => jest.useRealTimers());

describe("gather", () => {
  it("resolves to results in argument order, not completion order", async () => {
    const g = asyncio.gather(
      asyncio.sleep(30, "slow"),
      asyncio.sleep(10, 2),
      asyncio.createTask(async () => true),
    );
    await jest.advanceTimersByTimeAsync(30);
    expect(await g).toEqual(["slow", 2, true]);
  });

  it("resolves to an empty array with no arguments", async () => {
    expect(await asyncio.gather()).toEqual([]);
  });

  it("rejects with the first error and lets the others keep running", async () => {
    const other = asyncio.createTask(() => asyncio.sleep(50, "other"));
    const failing = asyncio.createTask(async () => {
      await asyncio.sleep(10);
      throw new RangeError("first");
    });
    const g = asyncio.gather(other, failing);
    await jest.advanceTimersByTimeAsync(10);
    expect(await rejection(g)).toBeInstanceOf(RangeError);
    expect(other.cancelled()).toBe(false);
    await jest.advanceTimersByTimeAsync(40);
    expect(await other).toBe("other");
  });

  it("returns errors in place with returnExceptions", async () => {
    const cancelled = asyncio.createTask(() => asyncio.sleep(100));
    cancelled.cancel();
    const g = asyncio.gather(
      Promise.resolve(1),
      Promise.reject(new TypeError("bad")),
      cancelled,
      Promise.reject("text"),
      { returnExceptions: true },
    );
    const [a, b, c, d] = await g;
    expect(a).toBe(1);
    expect(b).toBeInstanceOf(TypeError);
    expect(c).toBeInstanceOf(asyncio.CancelledError);
    expect(d).toBeInstanceOf(Error);
    expect((d as Error).cause).toBe("text");
  });

  it("counts a child that threw undefined as failed, with or without returnExceptions", async () => {
    const thrower = () =>
      asyncio.createTask(async () => {
        throw undefined;
      });
    const g = asyncio.gather(thrower(), Promise.resolve(1));
    await expect(g).rejects.toBeUndefined();
    const [first, second] = await asyncio.gather(thrower(), Promise.resolve(1), {
      returnExceptions: true,
    });
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).cause).toBeUndefined();
    expect(second).toBe(1);
  });

  it("is done when a done callback added to its last child after it runs", async () => {
    const first = asyncio.createTask(async () => 0);
    const child = asyncio.createTask(async () => 1);
    const g = asyncio.gather(first, child);
    const seen: boolean[] = [];
    child.addDoneCallback(() => seen.push(g.done()));
    expect(await g).toEqual([0, 1]);
    expect(seen).toEqual([true]);
  });

  it("waits for a child's earlier awaiter to step before counting that child", async () => {
    const order: string[] = [];
    const first = new asyncio.Future<number>();
    const second = new asyncio.Future<number>();
    const awaiter = asyncio.createTask(async () => {
      await first;
      order.push("awaiter resumed");
    });
    await flush();
    const g = asyncio.gather(first, second);
    g.addDoneCallback(() => order.push("gather done"));
    first.setResult(1);
    second.setResult(2);
    await awaiter;
    expect(await g).toEqual([1, 2]);
    expect(order).toEqual(["awaiter resumed", "gather done"]);
  });

  it("registers through a future subclass's own addDoneCallback", async () => {
    const registered: string[] = [];
    class Logged<T> extends asyncio.Future<T> {
      override addDoneCallback(callback: (future: asyncio.Future<T>) => void): void {
        registered.push("logged");
        super.addDoneCallback(callback);
      }
    }
    const child = new Logged<number>();
    const g = asyncio.gather(child, Promise.resolve(2));
    child.setResult(1);
    expect(await g).toEqual([1, 2]);
    expect(registered).toEqual(["logged"]);
  });

  it("rejects with CancelledError when a child is cancelled", async () => {
    const child = asyncio.createTask(() => asyncio.sleep(100));
    const g = asyncio.gather(child, asyncio.sleep(5));
    await flush();
    child.cancel();
    expect(await rejection(g)).toBeInstanceOf(asyncio.CancelledError);
  });

  it("cancels every running child when the gather is cancelled, then rejects", async () => {
    const a = asyncio.createTask(() => asyncio.sleep(100));
    const b = asyncio.createTask(() => asyncio.sleep(100));
    const g = asyncio.gather(a, b);
    await flush();
    expect(g.cancel()).toBe(true);
    expect(await rejection(g)).toBeInstanceOf(asyncio.CancelledError);
    expect(a.cancelled() && b.cancelled()).toBe(true);
  });

  it("cancels its children when the awaiting task is cancelled", async () => {
    const a = asyncio.createTask(() => asyncio.sleep(100));
    const outer = asyncio.createTask(() => asyncio.gather(a, asyncio.sleep(100)));
    await flush();
    outer.cancel();
    expect(await rejection(outer)).toBeInstanceOf(asyncio.CancelledError);
    expect(a.cancelled()).toBe(true);
  });

  it("rejects a non-awaitable with a TypeError naming its position", () => {
    expect(() => asyncio.gather(Promise.resolve(1), 5 as unknown as Promise<number>)).toThrow(/argument 2/);
  });

  it("translates the seed notebook's gather cell, with the same output order", async () => {
    const out: string[] = [];
    async function sayHelloAsync() {
      await asyncio.sleep(2000);
      out.push("Hello, Async World!");
    }
    async function doSomethingElse() {
      out.push("Doing something else...");
      await asyncio.sleep(1000);
      out.push("Finished something else.");
    }
    const g = asyncio.gather(sayHelloAsync(), doSomethingElse());
    await jest.advanceTimersByTimeAsync(2000);
    expect(await g).toEqual([undefined, undefined]);
    expect(out).toEqual(["Doing something else...", "Finished something else.", "Hello, Async World!"]);
  });
});

describe("shield", () => {
  it("keeps the inner task running when the awaiting task is cancelled", async () => {
    const inner = asyncio.createTask(() => asyncio.sleep(50, "saved"));
    const outer = asyncio.createTask(() => asyncio.shield(inner));
    await flush();
    outer.cancel();
    expect(await rejection(outer)).toBeInstanceOf(asyncio.CancelledError);
    expect(inner.cancelled()).toBe(false);
    await jest.advanceTimersByTimeAsync(50);
    expect(await inner).toBe("saved");
  });

  it("passes the inner result and error through", async () => {
    expect(await asyncio.shield(Promise.resolve("v"))).toBe("v");
    expect(await rejection(asyncio.shield(Promise.reject(new Error("e"))))).toBeInstanceOf(Error);
  });

  it("is cancelled when the inner task is cancelled", async () => {
    const inner = asyncio.createTask(() => asyncio.sleep(50));
    const outer = asyncio.shield(inner);
    await flush();
    inner.cancel();
    await rejection(outer);
    expect(outer.cancelled()).toBe(true);
  });
});

describe("timeout", () => {
  it("rejects with TimeoutError after running the body's finally", async () => {
    const log: string[] = [];
    const t = asyncio.timeout(100, async () => {
      try {
        await asyncio.sleep(1000);
      } finally {
        log.push("cleanup");
      }
    });
    const caught = rejection(t);
    await jest.advanceTimersByTimeAsync(100);
    const e = await caught;
    expect(e).toBeInstanceOf(asyncio.TimeoutError);
    expect((e as Error).cause).toBeInstanceOf(asyncio.CancelledError);
    expect(log).toEqual(["cleanup"]);
  });

  it("returns the body's value when in time, and expired() stays false", async () => {
    let handle: asyncio.Timeout | undefined;
    const t = asyncio.timeout(100, async (cm) => {
      handle = cm;
      return asyncio.sleep(50, "in time");
    });
    await jest.advanceTimersByTimeAsync(50);
    expect(await t).toBe("in time");
    expect(handle?.expired()).toBe(false);
    expect(() => handle?.reschedule(1)).toThrow(/^Cannot change state of finished Timeout/);
  });

  it("can be rescheduled and disabled", async () => {
    const t = asyncio.timeout(10, async (cm) => {
      cm.reschedule(null);
      await asyncio.sleep(50);
      cm.reschedule(asyncio.getRunningLoop().time() + 10);
      await asyncio.sleep(100);
    });
    const caught = rejection(t);
    await jest.advanceTimersByTimeAsync(55);
    expect(await isPending(caught)).toBe(true);
    await jest.advanceTimersByTimeAsync(5);
    expect(await caught).toBeInstanceOf(asyncio.TimeoutError);
  });

  it("stays a CancelledError when the caller is cancelled", async () => {
    const outer = asyncio.createTask(() => asyncio.timeout(1000, () => asyncio.sleep(5000)));
    await flush();
    outer.cancel();
    expect(await rejection(outer)).toBeInstanceOf(asyncio.CancelledError);
  });

  it("timeoutAt uses a loop-time deadline", async () => {
    const deadline = asyncio.getRunningLoop().time() + 20;
    const caught = rejection(asyncio.timeoutAt(deadline, () => asyncio.sleep(100)));
    await jest.advanceTimersByTimeAsync(20);
    expect(await caught).toBeInstanceOf(asyncio.TimeoutError);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const caught = rejection(asyncio.timeout(1000, () => asyncio.sleep(500), { signal: controller.signal }));
    await flush();
    controller.abort(new Error("stop"));
    expect(((await caught) as Error).message).toBe("stop");
  });
});

describe("waitFor", () => {
  it("returns the result in time", async () => {
    const p = asyncio.waitFor(asyncio.sleep(10, "ok"), 100);
    await jest.advanceTimersByTimeAsync(10);
    expect(await p).toBe("ok");
  });

  it("cancels the work and throws TimeoutError when late", async () => {
    const work = asyncio.createTask(() => asyncio.sleep(1000));
    const caught = rejection(asyncio.waitFor(work, 10));
    await jest.advanceTimersByTimeAsync(10);
    expect(await caught).toBeInstanceOf(asyncio.TimeoutError);
    expect(work.cancelled()).toBe(true);
  });
});

describe("wait", () => {
  it("returns at the first completion with FIRST_COMPLETED", async () => {
    const a = asyncio.createTask(() => asyncio.sleep(10, "a"));
    const b = asyncio.createTask(() => asyncio.sleep(50, "b"));
    const p = asyncio.wait([a, b], { returnWhen: asyncio.FIRST_COMPLETED });
    await jest.advanceTimersByTimeAsync(10);
    const [done, pending] = await p;
    expect([...done]).toEqual([a]);
    expect([...pending]).toEqual([b]);
    expect(b.cancelled()).toBe(false);
    b.cancel();
  });

  it("returns at the first failure with FIRST_EXCEPTION, and never throws it", async () => {
    const a = asyncio.createTask(async () => {
      await asyncio.sleep(5);
      throw new Error("x");
    });
    const b = asyncio.createTask(() => asyncio.sleep(50));
    const p = asyncio.wait([a, b], { returnWhen: asyncio.FIRST_EXCEPTION });
    await jest.advanceTimersByTimeAsync(5);
    const [done] = await p;
    expect(done.has(a)).toBe(true);
    b.cancel();
  });

  it("returns what is done when the timeout passes", async () => {
    const a = asyncio.createTask(() => asyncio.sleep(100));
    const p = asyncio.wait([a], { timeout: 10 });
    await jest.advanceTimersByTimeAsync(10);
    const [done, pending] = await p;
    expect(done.size).toBe(0);
    expect(pending.has(a)).toBe(true);
    a.cancel();
  });

  it("refuses an empty set, as Python does", async () => {
    await expect(asyncio.wait([])).rejects.toThrow(/Set of Tasks\/Futures is empty/);
  });
});

describe("asCompleted", () => {
  it("yields settled futures in completion order", async () => {
    const seen: unknown[] = [];
    const loop = (async () => {
      for await (const f of asyncio.asCompleted([30, 10, 20].map((ms) => asyncio.sleep(ms, ms)))) {
        seen.push(await f);
      }
    })();
    await jest.advanceTimersByTimeAsync(30);
    await loop;
    expect(seen).toEqual([10, 20, 30]);
  });

  it("throws TimeoutError at the step where the deadline passed", async () => {
    const it = asyncio.asCompleted([asyncio.sleep(5, 1), asyncio.sleep(100, 2)], { timeout: 20 });
    const first = it.next();
    await jest.advanceTimersByTimeAsync(5);
    expect(((await first).value as asyncio.Future<number>).result()).toBe(1);
    const second = rejection(it.next());
    await jest.advanceTimersByTimeAsync(20);
    expect(await second).toBeInstanceOf(asyncio.TimeoutError);
  });
});
