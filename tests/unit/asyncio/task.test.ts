import * as asyncio from "../../../src/asyncio";
import { flush, isPending, rejection, useFakeTimers } from "./helpers";

afterEach(() => {
  jest.useRealTimers();
});

describe("createTask", () => {
  it("starts the task soon, not synchronously, and resolves to its result", async () => {
    const order: string[] = [];
    const task = asyncio.createTask(async () => {
      order.push("task");
      return 42;
    });
    order.push("caller");
    expect(await task).toBe(42);
    expect(order).toEqual(["caller", "task"]);
    expect(task.done()).toBe(true);
  });

  it("starts tasks in creation order", async () => {
    const order: number[] = [];
    const tasks = [1, 2, 3].map((i) => asyncio.createTask(async () => void order.push(i)));
    await asyncio.gather(...tasks);
    expect(order).toEqual([1, 2, 3]);
  });

  it("starts thousands of tasks created at once in creation order, tasks they create after them", async () => {
    // More than one start batch: batches must not reorder, drop or repeat starts.
    const started: number[] = [];
    const n = 5000;
    const tasks = Array.from({ length: n }, (_, i) =>
      asyncio.createTask(async () => {
        started.push(i);
        if (i % 1000 === 0) await asyncio.createTask(async () => void started.push(n + i));
        return i;
      }),
    );
    const results = await asyncio.gather(...tasks);
    expect(results).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(started.slice(0, n)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(started.slice(n)).toEqual([0, 1000, 2000, 3000, 4000].map((i) => n + i));
  });

  it("fails with the error its code throws, synchronously or not", async () => {
    const sync = asyncio.createTask(() => {
      throw new TypeError("sync");
    });
    const later = asyncio.createTask(async () => {
      await asyncio.sleep(0);
      throw new RangeError("later");
    });
    expect(await rejection(sync)).toBeInstanceOf(TypeError);
    expect(await rejection(later)).toBeInstanceOf(RangeError);
    expect(later.exception()).toBeInstanceOf(RangeError);
  });

  it("accepts a running promise (Python's createTask(coro()))", async () => {
    const task = asyncio.createTask(Promise.resolve("p"));
    expect(await task).toBe("p");
  });

  it("settles from a thenable that is not a native promise, whether it fulfils or rejects", async () => {
    const later = <T>(settle: (ok: (v: T) => void, fail: (e: unknown) => void) => void): PromiseLike<T> => ({
      then(onFulfilled, onRejected) {
        return new Promise<T>((ok, fail) => setTimeout(() => settle(ok, fail), 1)).then(
          onFulfilled,
          onRejected,
        );
      },
    });
    const fulfils = asyncio.createTask(() => later<number>((ok) => ok(7)));
    const rejects = asyncio.createTask(() =>
      later<number>((_, fail) => fail(new RangeError("thenable said no"))),
    );
    const failure = rejection(rejects);
    expect(await isPending(fulfils)).toBe(true);
    expect(await fulfils).toBe(7);
    expect(await failure).toBeInstanceOf(RangeError);
    expect(rejects.exception()).toBeInstanceOf(RangeError);
    expect(rejects.cancelled()).toBe(false);
  });

  it("rejects things that are not code with a clear TypeError", () => {
    expect(() => asyncio.createTask(42 as unknown as () => Promise<void>)).toThrow(
      /needs an async function or a promise, but received number 42/,
    );
  });

  it("names tasks Task-<id> by default and keeps given names", async () => {
    const a = asyncio.createTask(async () => 1);
    const b = asyncio.createTask(async () => 2, { name: "worker" });
    expect(a.getName()).toBe(`Task-${a.id}`);
    expect(b.getName()).toBe("worker");
    b.setName("renamed");
    expect(String(b)).toMatch(/^<Task pending name='renamed'>$/);
    await asyncio.gather(a, b);
  });

  it("refuses setResult and setException, as Python does", async () => {
    const task = asyncio.createTask(async () => 1);
    expect(() => task.setResult(2)).toThrow(/does not support setResult/);
    expect(() => task.setException(new Error())).toThrow(/does not support setException/);
    await task;
  });
});

describe("currentTask and allTasks", () => {
  it("knows the running task across awaits, and is undefined outside", async () => {
    expect(asyncio.currentTask()).toBeUndefined();
    const seen: (asyncio.Task | undefined)[] = [];
    const task = asyncio.createTask(async () => {
      seen.push(asyncio.currentTask());
      await asyncio.sleep(0);
      seen.push(asyncio.currentTask());
      await new Promise((r) => setTimeout(r, 1));
      seen.push(asyncio.currentTask());
      await Promise.all([asyncio.sleep(0), Promise.resolve()]);
      seen.push(asyncio.currentTask());
    });
    await task;
    expect(seen).toEqual([task, task, task, task]);
    expect(asyncio.currentTask()).toBeUndefined();
  });

  it("keeps concurrent tasks apart", async () => {
    const seen: string[] = [];
    const body = (label: string) => async () => {
      for (let i = 0; i < 3; i++) {
        await asyncio.sleep(0);
        seen.push(`${label}:${asyncio.currentTask()?.getName()}`);
      }
    };
    await asyncio.gather(
      asyncio.createTask(body("a"), { name: "a" }),
      asyncio.createTask(body("b"), { name: "b" }),
    );
    expect(seen.filter((s) => s.startsWith("a")).every((s) => s === "a:a")).toBe(true);
    expect(seen.filter((s) => s.startsWith("b")).every((s) => s === "b:b")).toBe(true);
  });

  it("records the parent task", async () => {
    let inner: asyncio.Task<number> | undefined;
    const outer = asyncio.createTask(async () => {
      inner = asyncio.createTask(async () => 1);
    });
    await outer;
    expect(inner!.parentId).toBe(outer.id);
    expect(outer.parentId).toBe(0);
    await inner;
  });

  it("lists live tasks only", async () => {
    const fut = new asyncio.Future<void>();
    const running = asyncio.createTask(() => fut);
    const finished = asyncio.createTask(async () => 1);
    await finished;
    const live = asyncio.allTasks();
    expect(live.has(running)).toBe(true);
    expect(live.has(finished)).toBe(false);
    fut.setResult();
    await running;
    expect(asyncio.allTasks().has(running)).toBe(false);
  });
});

describe("Task.cancel", () => {
  beforeEach(useFakeTimers);

  it("before start: the code never runs and the task is cancelled", async () => {
    const ran = jest.fn();
    const task = asyncio.createTask(async () => ran());
    expect(task.cancel("early")).toBe(true);
    const e = await rejection(task);
    expect(e).toBeInstanceOf(asyncio.CancelledError);
    expect((e as Error).message).toBe("early");
    expect(ran).not.toHaveBeenCalled();
    expect(task.cancelled()).toBe(true);
  });

  it("during a wait: runs finally blocks, and counts as cancelled only after they finished", async () => {
    const log: string[] = [];
    const task = asyncio.createTask(async () => {
      try {
        await asyncio.sleep(10_000);
      } finally {
        log.push("finally start");
        await asyncio.sleep(0);
        log.push("finally end");
      }
    });
    await flush();
    task.cancel();
    expect(task.cancelled()).toBe(false);
    await flush();
    expect(log).toEqual(["finally start"]);
    expect(task.done()).toBe(false);
    await jest.advanceTimersByTimeAsync(0);
    await rejection(task);
    expect(log).toEqual(["finally start", "finally end"]);
    expect(task.cancelled()).toBe(true);
  });

  it("after completion: returns false and changes nothing", async () => {
    const task = asyncio.createTask(async () => 5);
    await task;
    expect(task.cancel()).toBe(false);
    expect(task.result()).toBe(5);
  });

  it("lets code that catches CancelledError finish normally (and uncancel)", async () => {
    const task = asyncio.createTask(async () => {
      try {
        await asyncio.sleep(1000);
      } catch (e) {
        if (!(e instanceof asyncio.CancelledError)) throw e;
        asyncio.currentTask()!.uncancel();
        return "recovered";
      }
      return "slept";
    });
    await flush();
    task.cancel();
    expect(task.cancelling()).toBe(1);
    expect(await task).toBe("recovered");
    expect(task.cancelling()).toBe(0);
  });

  it("reaches the next wait when cancelled while not waiting on the library", async () => {
    const gate = Promise.resolve();
    const task = asyncio.createTask(async () => {
      await gate; // a foreign promise
      asyncio.currentTask()!.cancel();
      await asyncio.sleep(1);
      return "unreachable";
    });
    expect(await rejection(task)).toBeInstanceOf(asyncio.CancelledError);
  });

  it("ends cancelled when the code returns without reaching a wait", async () => {
    const task = asyncio.createTask(async () => {
      asyncio.currentTask()!.cancel();
      return 1;
    });
    expect(await rejection(task)).toBeInstanceOf(asyncio.CancelledError);
    expect(task.cancelled()).toBe(true);
  });

  it("cancels the future or task the cancelled task is awaiting", async () => {
    const inner = asyncio.createTask(() => asyncio.sleep(10_000));
    const fut = new asyncio.Future<void>();
    const outer = asyncio.createTask(async () => {
      await inner;
    });
    const other = asyncio.createTask(() => fut);
    await flush();
    outer.cancel();
    other.cancel();
    await rejection(outer);
    await rejection(other);
    expect(inner.cancelled()).toBe(true);
    expect(fut.cancelled()).toBe(true);
  });

  it("aborts the task's signal with a CancelledError", async () => {
    let seen: AbortSignal | undefined;
    const task = asyncio.createTask(async (signal) => {
      seen = signal;
      await asyncio.sleep(1000);
    });
    await flush();
    task.cancel("bye");
    await rejection(task);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(asyncio.CancelledError);
  });

  it("ends cancelled when a foreign API rejects with an AbortError caused by the task's signal", async () => {
    // Node's timers/promises, streams and events reject with an AbortError whose cause is the signal's reason.
    const { setTimeout: delay } = await import("node:timers/promises");
    let cleanedUp = false;
    const task = asyncio.createTask(async (signal) => {
      try {
        await delay(60_000, undefined, { signal });
      } finally {
        cleanedUp = true;
      }
    });
    await flush();
    task.cancel("stop polling");
    const error = await rejection(task);
    expect(error).toBeInstanceOf(asyncio.CancelledError);
    expect((error as Error).message).toBe("stop polling");
    expect(task.cancelled()).toBe(true);
    expect(cleanedUp).toBe(true);
  });

  it("ends cancelled when a foreign API rejects with the signal's reason itself, as fetch does", async () => {
    const task = asyncio.createTask(
      (signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    );
    await flush();
    task.cancel();
    await rejection(task);
    expect(task.cancelled()).toBe(true);
  });

  it("still fails on other errors thrown after a cancel request, and on AbortErrors once uncancelled", async () => {
    const other = asyncio.createTask(
      (signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("disk full")))),
    );
    await flush();
    other.cancel();
    expect(((await rejection(other)) as Error).message).toBe("disk full");
    expect(other.cancelled()).toBe(false);

    const declined = asyncio.createTask(async (signal) => {
      const abort = new Promise((_, reject) =>
        signal.addEventListener("abort", () =>
          reject(Object.assign(new Error("aborted"), { name: "AbortError" })),
        ),
      );
      abort.catch(() => undefined);
      try {
        await asyncio.sleep(1000);
      } catch {
        asyncio.currentTask()?.uncancel(); // declines the cancellation, as Python code may
      }
      await abort;
    });
    await flush();
    declined.cancel();
    expect(((await rejection(declined)) as Error).name).toBe("AbortError");
    expect(declined.cancelled()).toBe(false);
  });

  it("is not pending while the code keeps running", async () => {
    const task = asyncio.createTask(() => asyncio.sleep(100, "done"));
    expect(await isPending(task)).toBe(true);
    await jest.advanceTimersByTimeAsync(100);
    expect(await task).toBe("done");
  });
});

describe("preserveAsyncContext", () => {
  afterEach(() => asyncio.preserveAsyncContext(false));

  it("starts each task in the AsyncLocalStorage context it was created in", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AsyncLocalStorage } = require("node:async_hooks") as typeof import("node:async_hooks");
    const cell = new AsyncLocalStorage<string>();
    const make = () => [
      cell.run("cell 1", () => asyncio.createTask(async () => cell.getStore())),
      cell.run("cell 2", () => asyncio.createTask(async () => cell.getStore())),
    ];
    const batched = await asyncio.gather(...make());
    expect(batched).toEqual(["cell 1", "cell 1"]); // the default: one batch, the first task's context
    asyncio.preserveAsyncContext(true);
    const order: string[] = [];
    const preserved = await asyncio.gather(
      cell.run("cell 1", () => asyncio.createTask(async () => (order.push("1"), cell.getStore()))),
      cell.run("cell 2", () => asyncio.createTask(async () => (order.push("2"), cell.getStore()))),
    );
    expect(preserved).toEqual(["cell 1", "cell 2"]);
    expect(order).toEqual(["1", "2"]);
  });
});

describe("Task.awaiting", () => {
  it("names the library wait, the task or future awaited, and nothing for foreign promises or when done", async () => {
    const queue = new asyncio.Queue<number>();
    const sleeper = asyncio.createTask(() => asyncio.sleep(60_000), { name: "sleeper" });
    const getter = asyncio.createTask(() => queue.get(), { name: "getter" });
    const waiter = asyncio.createTask(() => sleeper, { name: "waiter" });
    let release: () => void = () => undefined;
    const foreign = asyncio.createTask(() => new Promise<void>((r) => (release = r)), { name: "foreign" });
    await flush();
    expect(sleeper.awaiting).toBe("sleep(60000 ms)");
    expect(getter.awaiting).toBe("Queue.get()");
    expect(waiter.awaiting).toBe("<Task pending name='sleeper'>");
    expect(foreign.awaiting).toBeUndefined();
    queue.putNowait(1);
    expect(await getter).toBe(1);
    expect(getter.awaiting).toBeUndefined();
    sleeper.cancel();
    await rejection(waiter);
    expect(waiter.awaiting).toBeUndefined();
    release();
    await foreign;
  });
});
