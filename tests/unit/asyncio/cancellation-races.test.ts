// A task cancelled after its wait was woken but before it resumed: as in CPython, the wait raises
// CancelledError and the primitive hands the wake-up on, so no lock, slot, item or notification is lost.
// Ported in our own words from CPython's Lib/test/test_asyncio/test_locks.py and test_queues.py (each test
// names its source); every expected outcome was checked on CPython 3.11.
import * as asyncio from "../../../src/asyncio";
import { flush, isPending, rejection } from "./helpers";

describe("Lock under cancellation", () => {
  it("passes the lock on when the woken waiter is cancelled before it resumes", async () => {
    const lock = new asyncio.Lock();
    await lock.acquire();
    const b = asyncio.createTask(() => lock.acquire());
    const c = asyncio.createTask(() => lock.acquire());
    await flush();
    lock.release(); // wakes b
    b.cancel(); // before b resumes
    await flush();
    expect(b.cancelled()).toBe(true);
    expect(c.done()).toBe(true);
    expect(lock.locked()).toBe(true); // c holds it
    lock.release();
    expect(lock.locked()).toBe(false);
  });

  it("takes the lock once when a waiter is cancelled just before release (test_cancel_release_race)", async () => {
    const lock = new asyncio.Lock();
    let taken = 0;
    let calls = 0;
    const lockit = async () => {
      calls++;
      await lock.acquire();
      taken++;
    };
    await lock.acquire();
    const t1 = asyncio.createTask(lockit);
    const t2 = asyncio.createTask(lockit);
    const t3 = asyncio.createTask(lockit);
    await flush();
    asyncio.getRunningLoop().callSoon(() => {
      t1.cancel();
      lock.release();
    });
    expect(await rejection(t1)).toBeInstanceOf(asyncio.CancelledError);
    await flush();
    expect(taken).toBe(1);
    expect(calls).toBe(3);
    expect(t1.cancelled() && t2.done()).toBe(true);
    t3.cancel();
    await flush();
    expect(t3.cancelled()).toBe(true);
  });

  it("moves on to the next waiter when one is cancelled as the holder releases (test_cancel_race)", async () => {
    const lock = new asyncio.Lock();
    const lockit = async (blocker?: asyncio.Future<void>) => {
      await lock.acquire();
      try {
        if (blocker) await blocker;
      } finally {
        lock.release();
      }
    };
    const fa = new asyncio.Future<void>();
    const ta = asyncio.createTask(() => lockit(fa));
    await flush();
    const tb = asyncio.createTask(() => lockit());
    const tc = asyncio.createTask(() => lockit());
    await flush();
    fa.setResult();
    tb.cancel();
    await tc;
    expect(ta.done()).toBe(true);
    expect(tb.cancelled()).toBe(true);
    expect(lock.locked()).toBe(false);
  });

  it("wakes the second waiter when the first is cancelled and the lock released (test_finished_waiter_cancelled)", async () => {
    const lock = new asyncio.Lock();
    await lock.acquire();
    const tb = asyncio.createTask(() => lock.acquire());
    await flush();
    const tc = asyncio.createTask(() => lock.acquire());
    tb.cancel();
    lock.release();
    await flush();
    expect(lock.locked()).toBe(true);
    expect(tb.cancelled()).toBe(true);
    expect(await tc).toBe(true);
  });

  it("runs no critical section of a task cancelled after the hand-over", async () => {
    const lock = new asyncio.Lock();
    const ran: string[] = [];
    const worker = (name: string) => () => lock.hold(() => void ran.push(name));
    await lock.acquire();
    const a = asyncio.createTask(worker("a"));
    const b = asyncio.createTask(worker("b"));
    await flush();
    lock.release();
    a.cancel();
    await b;
    expect(a.cancelled()).toBe(true);
    expect(ran).toEqual(["b"]);
    expect(lock.locked()).toBe(false);
  });
});

describe("Semaphore under cancellation", () => {
  it("skips cancelled waiters and wakes exactly one (test_acquire_cancel_before_awoken)", async () => {
    const sem = new asyncio.Semaphore(0);
    const [t1, t2, t3, t4] = [1, 2, 3, 4].map(() => asyncio.createTask(() => sem.acquire()));
    await flush();
    t1.cancel();
    t2.cancel();
    sem.release();
    await flush();
    expect(t3.done()).toBe(true);
    expect(t4.done()).toBe(false);
    t4.cancel();
    await flush();
    expect(sem.value).toBe(0);
  });

  it("does not hang the next waiter when one is cancelled (test_acquire_hang)", async () => {
    const sem = new asyncio.Semaphore(0);
    const t1 = asyncio.createTask(() => sem.acquire());
    const t2 = asyncio.createTask(() => sem.acquire());
    await flush();
    t1.cancel();
    sem.release();
    await flush();
    expect(sem.locked()).toBe(true);
    expect(t2.done()).toBe(true);
  });

  it("hands the slot on when the woken waiter is cancelled before it resumes", async () => {
    const sem = new asyncio.Semaphore(0);
    const ran: string[] = [];
    const worker = (name: string) => () => sem.hold(() => void ran.push(name));
    const a = asyncio.createTask(worker("a"));
    const b = asyncio.createTask(worker("b"));
    await flush();
    sem.release(); // wakes a
    a.cancel(); // before a resumes
    await b;
    expect(a.cancelled()).toBe(true);
    expect(ran).toEqual(["b"]);
    expect(sem.value).toBe(1);
  });

  it("gives the slot back when nobody else waits", async () => {
    const sem = new asyncio.Semaphore(0);
    const a = asyncio.createTask(() => sem.acquire());
    await flush();
    sem.release();
    a.cancel();
    await flush();
    expect(a.cancelled()).toBe(true);
    expect(sem.value).toBe(1);
  });

  it("keeps a BoundedSemaphore within its bound when a woken waiter is cancelled", async () => {
    const sem = new asyncio.BoundedSemaphore(1);
    await sem.acquire();
    const a = asyncio.createTask(() => sem.acquire());
    await flush();
    sem.release();
    a.cancel();
    await flush();
    expect(a.cancelled()).toBe(true);
    expect(sem.value).toBe(1);
    expect(() => sem.release()).toThrow(RangeError);
  });

  it("lets a cancelled task's slot be reused (test_acquire_no_hang)", async () => {
    const sem = new asyncio.Semaphore(1);
    // Python's `async with sem:` exits without yielding, so t2 is cancelled before it resumes. Awaiting our
    // async hold() costs promise ticks in which t2 would resume first; release() and cancel() in one step is
    // the same moment as Python's.
    const t1 = asyncio.createTask(async () => {
      await sem.acquire();
      try {
        await asyncio.sleep(0);
      } finally {
        sem.release();
        t2.cancel();
      }
    });
    const t2 = asyncio.createTask(() => sem.hold(() => Promise.reject(new Error("must not run"))));
    const [r1, r2] = await asyncio.gather(t1, t2, { returnExceptions: true });
    expect(r1).toBeUndefined();
    expect(r2).toBeInstanceOf(asyncio.CancelledError);
    await asyncio.waitFor(sem.acquire(), 1000);
  });
});

describe("Queue under cancellation", () => {
  it("keeps the item a cancelled getter was woken for (test_get_cancel_drop_one_pending_reader)", async () => {
    const q = new asyncio.Queue<number>();
    let reader = asyncio.createTask(() => q.get());
    await flush();
    q.putNowait(1);
    q.putNowait(2);
    reader.cancel();
    try {
      await reader;
    } catch (e) {
      expect(e).toBeInstanceOf(asyncio.CancelledError);
      reader = asyncio.createTask(() => q.get());
      await reader;
    }
    expect(reader.result()).toBe(1); // 2 would mean 1 was dropped
  });

  it("gives both items to the other readers (test_get_cancel_drop_many_pending_readers)", async () => {
    const q = new asyncio.Queue<number>();
    const results = await asyncio.TaskGroup.run(async (tg) => {
      const r1 = tg.createTask(() => q.get());
      const r2 = tg.createTask(() => q.get());
      const r3 = tg.createTask(() => q.get());
      await flush();
      q.putNowait(1);
      q.putNowait(2);
      r1.cancel();
      expect(await rejection(r1)).toBeInstanceOf(asyncio.CancelledError);
      await r3;
      return [r2, r3];
    });
    expect(new Set(results.map((t) => t.result()))).toEqual(new Set([1, 2]));
  });

  it("does not enqueue a cancelled put's item (test_put_cancel_drop)", async () => {
    const q = new asyncio.Queue<number>({ maxsize: 1 });
    q.putNowait(1);
    let writer = asyncio.createTask(() => q.put(2));
    await flush();
    expect(q.getNowait()).toBe(1);
    writer.cancel();
    try {
      await writer;
    } catch {
      writer = asyncio.createTask(() => q.put(2));
      await writer;
    }
    expect(q.getNowait()).toBe(2);
    expect(q.qsize()).toBe(0);
  });

  it("hands the free place to the next putter when the woken one is cancelled", async () => {
    const q = new asyncio.Queue<string>({ maxsize: 1 });
    q.putNowait("a");
    const b = asyncio.createTask(() => q.put("b"));
    const c = asyncio.createTask(() => q.put("c"));
    await flush();
    expect(q.getNowait()).toBe("a"); // wakes b
    b.cancel();
    await c;
    expect(b.cancelled()).toBe(true);
    expect(q.getNowait()).toBe("c");
    expect(q.empty()).toBe(true);
  });

  it("lets the next getter have the item after a cancelled one (test_get_cancelled_race)", async () => {
    const q = new asyncio.Queue<string>();
    const t1 = asyncio.createTask(() => q.get());
    const t2 = asyncio.createTask(() => q.get());
    await flush();
    t1.cancel();
    await flush();
    expect(t1.done()).toBe(true);
    await q.put("a");
    expect(await t2).toBe("a");
  });

  it("keeps order when a waiting putter is cancelled (test_put_cancelled_race)", async () => {
    const q = new asyncio.Queue<string>({ maxsize: 1 });
    const putA = asyncio.createTask(() => q.put("a"));
    const putB = asyncio.createTask(() => q.put("b"));
    const putC = asyncio.createTask(() => q.put("X"));
    await flush();
    expect(putA.done()).toBe(true);
    expect(putB.done()).toBe(false);
    putC.cancel();
    await flush();
    expect(putC.done()).toBe(true);
    expect(q.getNowait()).toBe("a");
    await flush();
    expect(q.getNowait()).toBe("b");
    await putB;
  });

  it("keeps the item in a PriorityQueue and a LifoQueue too", async () => {
    for (const q of [new asyncio.PriorityQueue<number>(), new asyncio.LifoQueue<number>()]) {
      const g1 = asyncio.createTask(() => q.get());
      const g2 = asyncio.createTask(() => q.get());
      await flush();
      q.putNowait(7);
      g1.cancel();
      expect(await g2).toBe(7);
      expect(g1.cancelled()).toBe(true);
      expect(q.qsize()).toBe(0);
    }
  });

  it("raises at join() for a task cancelled after the queue drained", async () => {
    const q = new asyncio.Queue<number>();
    q.putNowait(1);
    let continued = false;
    const joiner = asyncio.createTask(async () => {
      await q.join();
      continued = true;
    });
    await flush();
    q.getNowait();
    q.taskDone(); // wakes the joiner
    joiner.cancel();
    await flush();
    expect(joiner.cancelled()).toBe(true);
    expect(continued).toBe(false);
  });
});

describe("Event, Condition and Barrier under cancellation", () => {
  it("raises at Event.wait() for a task cancelled after set() woke it", async () => {
    const event = new asyncio.Event();
    let continued = false;
    const waiter = asyncio.createTask(async () => {
      await event.wait();
      continued = true;
    });
    await flush();
    event.set();
    waiter.cancel();
    await flush();
    expect(waiter.cancelled()).toBe(true);
    expect(continued).toBe(false);
  });

  it("passes a notification on when the notified waiter is cancelled before it resumes", async () => {
    // CPython 3.11 loses this notification (the second waiter stays asleep); 3.13 passes it on, as we do.
    const cond = new asyncio.Condition();
    const waiter = () => cond.hold(async () => (await cond.wait(), "woke"));
    const a = asyncio.createTask(waiter);
    const b = asyncio.createTask(waiter);
    await flush();
    await cond.hold(() => {
      cond.notify(1);
      a.cancel();
    });
    expect(await b).toBe("woke");
    expect(a.cancelled()).toBe(true);
    expect(cond.locked()).toBe(false);
  });

  it("re-acquires the lock before raising, when cancelled after notify (test_wait_cancel_after_notify)", async () => {
    const cond = new asyncio.Condition();
    let waited = false;
    let lockedInFinally: boolean | undefined;
    const waiter = asyncio.createTask(() =>
      cond.hold(async () => {
        waited = true;
        try {
          await cond.wait();
        } finally {
          lockedInFinally = cond.locked();
        }
      }),
    );
    await flush();
    await cond.acquire();
    cond.notify();
    await flush();
    waiter.cancel();
    await flush();
    cond.release();
    await flush();
    expect(waiter.cancelled()).toBe(true);
    expect(waited).toBe(true);
    expect(lockedInFinally).toBe(true);
    expect(cond.locked()).toBe(false);
  });

  it("raises at Barrier.wait() for a party cancelled after the barrier opened; the others pass", async () => {
    const barrier = new asyncio.Barrier(2);
    let continued = false;
    const first = asyncio.createTask(async () => {
      await barrier.wait();
      continued = true;
    });
    await flush();
    const second = barrier.wait(); // opens the barrier, waking `first`
    first.cancel();
    expect(await second).toBe(1);
    await flush();
    expect(first.cancelled()).toBe(true);
    expect(continued).toBe(false);
    expect(barrier.nWaiting).toBe(0);
  });

  it("still lets a task that was not woken be cancelled while it waits", async () => {
    const event = new asyncio.Event();
    const waiter = asyncio.createTask(() => event.wait());
    await flush();
    waiter.cancel();
    expect(await rejection(waiter)).toBeInstanceOf(asyncio.CancelledError);
    expect(await isPending(event.wait())).toBe(true);
    event.set();
  });
});
