import * as asyncio from "../../../src/asyncio";
import { flush, isPending, rejection } from "./helpers";

describe("Lock", () => {
  it("grants the lock to waiters in FIFO order", async () => {
    const lock = new asyncio.Lock();
    await lock.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((i) =>
      asyncio.createTask(async () => {
        await lock.acquire();
        order.push(i);
        lock.release();
      }),
    );
    await flush();
    expect(order).toEqual([]);
    lock.release();
    await asyncio.gather(...waiters);
    expect(order).toEqual([1, 2, 3]);
    expect(lock.locked()).toBe(false);
  });

  it("does not let a newcomer barge past waiters", async () => {
    const lock = new asyncio.Lock();
    await lock.acquire();
    const waiting = lock.acquire();
    lock.release();
    const newcomer = lock.acquire();
    await waiting;
    expect(await isPending(newcomer)).toBe(true);
    lock.release();
    await newcomer;
    lock.release();
  });

  it("skips a cancelled waiter and keeps the lock usable", async () => {
    const lock = new asyncio.Lock();
    await lock.acquire();
    const cancelled = asyncio.createTask(() => lock.acquire());
    const next = asyncio.createTask(() => lock.acquire());
    await flush();
    cancelled.cancel();
    await rejection(cancelled);
    lock.release();
    await next;
    expect(lock.locked()).toBe(true);
    lock.release();
    expect(lock.locked()).toBe(false);
  });

  it("releases after hold() even when the body throws", async () => {
    const lock = new asyncio.Lock();
    await expect(lock.hold(async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(lock.locked()).toBe(false);
  });

  it("complains when released unlocked", () => {
    expect(() => new asyncio.Lock().release()).toThrow(/Lock is not acquired/);
  });

  it("honours an abort signal: before, during and with a custom reason", async () => {
    const lock = new asyncio.Lock();
    await lock.acquire();
    const before = new AbortController();
    before.abort();
    expect(await rejection(lock.acquire({ signal: before.signal }))).toBeInstanceOf(asyncio.CancelledError);
    const during = new AbortController();
    const p = rejection(lock.acquire({ signal: during.signal }));
    during.abort(new Error("custom"));
    expect(((await p) as Error).message).toBe("custom");
    lock.release();
    expect(lock.locked()).toBe(false);
  });

  it("leaves no abort listeners behind after 10,000 waits", async () => {
    const controller = new AbortController();
    const added = jest.spyOn(controller.signal, "addEventListener");
    const removed = jest.spyOn(controller.signal, "removeEventListener");
    const lock = new asyncio.Lock();
    for (let i = 0; i < 10_000; i++) {
      await lock.acquire();
      const next = lock.acquire({ signal: controller.signal });
      lock.release();
      await next;
      lock.release();
    }
    expect(added).toHaveBeenCalledTimes(10_000);
    expect(removed).toHaveBeenCalledTimes(10_000);
  });
});

describe("Event", () => {
  it("wakes every waiter on set() and lets later waits pass until clear()", async () => {
    const event = new asyncio.Event();
    const waits = [event.wait(), event.wait()];
    expect(await isPending(waits[0])).toBe(true);
    event.set();
    expect(await Promise.all(waits)).toEqual([true, true]);
    expect(await event.wait()).toBe(true);
    event.clear();
    expect(await isPending(event.wait())).toBe(true);
  });
});

describe("Condition", () => {
  it("waits for notify and re-acquires the lock", async () => {
    const cond = new asyncio.Condition();
    let ready = false;
    const reader = asyncio.createTask(() =>
      cond.hold(async () => {
        await cond.waitFor(() => ready);
        return cond.locked();
      }),
    );
    await flush();
    await cond.hold(() => {
      ready = true;
      cond.notifyAll();
    });
    expect(await reader).toBe(true);
  });

  it("wakes waiters one at a time with notify(), FIFO", async () => {
    const cond = new asyncio.Condition();
    const order: number[] = [];
    const tasks = [1, 2].map((i) =>
      asyncio.createTask(() =>
        cond.hold(async () => {
          await cond.wait();
          order.push(i);
        }),
      ),
    );
    await flush();
    await cond.hold(() => cond.notify());
    await flush();
    expect(order).toEqual([1]);
    await cond.hold(() => cond.notify());
    await asyncio.gather(...tasks);
    expect(order).toEqual([1, 2]);
  });

  it("holds the lock again when a waiting task is cancelled", async () => {
    const cond = new asyncio.Condition();
    let lockedInFinally: boolean | undefined;
    const task = asyncio.createTask(() =>
      cond.hold(async () => {
        try {
          await cond.wait();
        } finally {
          lockedInFinally = cond.locked();
        }
      }),
    );
    await flush();
    task.cancel();
    await rejection(task);
    expect(lockedInFinally).toBe(true);
    expect(cond.locked()).toBe(false);
  });

  it("refuses wait and notify without the lock", async () => {
    const cond = new asyncio.Condition();
    await expect(cond.wait()).rejects.toThrow(/un-acquired lock/);
    expect(() => cond.notify()).toThrow(/un-acquired lock/);
  });
});

describe("Semaphore and BoundedSemaphore", () => {
  it("lets value tasks in at once and the rest in FIFO order", async () => {
    const sem = new asyncio.Semaphore(2);
    await sem.acquire();
    await sem.acquire();
    expect(sem.locked()).toBe(true);
    const order: number[] = [];
    const waiters = [1, 2].map((i) => sem.acquire().then(() => order.push(i)));
    sem.release();
    sem.release();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2]);
  });

  it("rejects a negative initial value", () => {
    expect(() => new asyncio.Semaphore(-1)).toThrow(/initial value must be an integer >= 0/);
  });

  it("BoundedSemaphore refuses extra releases", async () => {
    const sem = new asyncio.BoundedSemaphore(1);
    await sem.acquire();
    sem.release();
    expect(() => sem.release()).toThrow(/released too many times/);
  });
});

describe("Barrier", () => {
  it("releases all parties together with arrival indexes", async () => {
    const barrier = new asyncio.Barrier(3);
    const first = barrier.wait();
    const second = barrier.wait();
    expect(await isPending(first)).toBe(true);
    expect(barrier.nWaiting).toBe(2);
    const third = barrier.wait();
    expect(await Promise.all([first, second, third])).toEqual([0, 1, 2]);
    expect(barrier.nWaiting).toBe(0);
  });

  it("breaks on abort, for waiters and later callers, until reset", async () => {
    const barrier = new asyncio.Barrier(2);
    const waiting = rejection(barrier.wait());
    await barrier.abort();
    expect(await waiting).toBeInstanceOf(asyncio.BrokenBarrierError);
    expect(await rejection(barrier.wait())).toBeInstanceOf(asyncio.BrokenBarrierError);
    await barrier.reset();
    expect(barrier.broken).toBe(false);
  });
});

describe("Queue", () => {
  it("delivers items FIFO and wakes getters FIFO", async () => {
    const queue = new asyncio.Queue<number>();
    const got: string[] = [];
    const getters = ["a", "b"].map((name) => queue.get().then((v) => got.push(`${name}${v}`)));
    queue.putNowait(1);
    queue.putNowait(2);
    await Promise.all(getters);
    expect(got).toEqual(["a1", "b2"]);
  });

  it("blocks put() on a full bounded queue until a get()", async () => {
    const queue = new asyncio.Queue<number>({ maxsize: 1 });
    await queue.put(1);
    expect(queue.full()).toBe(true);
    expect(() => queue.putNowait(2)).toThrow(asyncio.QueueFull);
    const put = queue.put(2);
    expect(await isPending(put)).toBe(true);
    expect(queue.getNowait()).toBe(1);
    await put;
    expect(queue.qsize()).toBe(1);
  });

  it("throws QueueEmpty from getNowait on an empty queue", () => {
    expect(() => new asyncio.Queue().getNowait()).toThrow(asyncio.QueueEmpty);
  });

  it("join() waits for taskDone() on every item", async () => {
    const queue = new asyncio.Queue<number>();
    queue.putNowait(1);
    queue.putNowait(2);
    const joined = queue.join();
    queue.getNowait();
    queue.taskDone();
    expect(await isPending(joined)).toBe(true);
    queue.getNowait();
    queue.taskDone();
    await joined;
    expect(() => queue.taskDone()).toThrow(/too many times/);
  });

  it("shutdown() fails puts, drains gets, then fails them; immediate drops items", async () => {
    const queue = new asyncio.Queue<number>();
    const blockedGet = rejection(new asyncio.Queue<number>().get());
    queue.putNowait(1);
    queue.shutdown();
    expect(() => queue.putNowait(2)).toThrow(asyncio.QueueShutDown);
    expect(await queue.get()).toBe(1);
    expect(await rejection(queue.get())).toBeInstanceOf(asyncio.QueueShutDown);
    const other = new asyncio.Queue<number>();
    const waiting = rejection(other.get());
    other.shutdown(true);
    expect(await waiting).toBeInstanceOf(asyncio.QueueShutDown);
    expect(await isPending(blockedGet)).toBe(true);
  });

  it("PriorityQueue returns the smallest first, comparing tuples like Python", () => {
    const queue = new asyncio.PriorityQueue<[number, string]>();
    for (const item of [
      [3, "c"],
      [1, "b"],
      [1, "a"],
      [2, "z"],
    ] as [number, string][])
      queue.putNowait(item);
    const out = [];
    while (!queue.empty()) out.push(queue.getNowait());
    expect(out).toEqual([
      [1, "a"],
      [1, "b"],
      [2, "z"],
      [3, "c"],
    ]);
  });

  it("LifoQueue returns the newest first", () => {
    const queue = new asyncio.LifoQueue<number>();
    [1, 2, 3].forEach((i) => queue.putNowait(i));
    expect([queue.getNowait(), queue.getNowait(), queue.getNowait()]).toEqual([3, 2, 1]);
  });

  it("a cancelled getter does not swallow an item", async () => {
    const queue = new asyncio.Queue<number>();
    const cancelled = asyncio.createTask(() => queue.get());
    const other = asyncio.createTask(() => queue.get());
    await flush();
    cancelled.cancel();
    queue.putNowait(7);
    await rejection(cancelled);
    expect(await other).toBe(7);
  });
});
