// The loop exception handler and the hooks integrations subscribe to (failures nobody retrieved, executor
// jobs). Modelled on CPython's test_base_events exception-handler tests (test_set_exc_handler_custom,
// test_set_exc_handler_broken, test_default_exc_handler_callback).
import * as asyncio from "../../../src/asyncio";
import { flush } from "./helpers";

const gc = (): void => {
  // jest does not expose gc(); V8 can, for these tests only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("node:v8").setFlagsFromString("--expose-gc");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("node:vm").runInNewContext("gc") as () => void)();
};

afterEach(() => asyncio.setExceptionHandler(null));

describe("loop exception handler", () => {
  it("receives a throwing callback's error with its handle, and the loop", async () => {
    const calls: [asyncio.EventLoop, asyncio.ExceptionContext][] = [];
    const loop = asyncio.getRunningLoop();
    loop.setExceptionHandler((l, context) => void calls.push([l, context]));
    expect(loop.getExceptionHandler()).not.toBeNull();
    const error = new Error("cb failed");
    const handle = loop.callSoon(() => {
      throw error;
    });
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toBe(loop);
    expect(calls[0][1]).toMatchObject({ message: "Exception in callback", exception: error, handle });
  });

  it("receives a done callback's error", async () => {
    const seen: unknown[] = [];
    asyncio.setExceptionHandler((_l, c) => void seen.push(c.exception));
    const fut = new asyncio.Future<number>();
    const error = new TypeError("bad callback");
    fut.addDoneCallback(() => {
      throw error;
    });
    fut.setResult(1);
    await flush();
    expect(seen).toEqual([error]);
  });

  it("falls back to the default handler, logging both errors, when the handler throws", () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      asyncio.setExceptionHandler(() => {
        throw new Error("handler broke");
      });
      asyncio.callExceptionHandler({ message: "original", exception: new RangeError("first") });
      const text = errors.mock.calls.map((c) => String(c[0])).join("\n");
      expect(text).toMatch(/^Unhandled error in exception handler\ncontext: original\nError: handler broke/);
      expect(text).toContain("original\nRangeError: first");
    } finally {
      errors.mockRestore();
    }
  });

  it("restores the default handler with null and rejects a non-function", () => {
    asyncio.setExceptionHandler(() => undefined);
    asyncio.setExceptionHandler(null);
    expect(asyncio.getExceptionHandler()).toBeNull();
    expect(() => asyncio.setExceptionHandler(42 as unknown as asyncio.ExceptionHandler)).toThrow(
      /A callable object or null is expected, but received number/,
    );
  });

  it("default handler prints the message, the future, extra keys and the stack", () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const fut = new asyncio.Future();
      asyncio.defaultExceptionHandler({ message: "Something", future: fut, source: "sensor" });
      expect(errors).toHaveBeenCalledWith("Something: <Future pending>\nsource: sensor");
    } finally {
      errors.mockRestore();
    }
  });
});

describe("failure watchers (failures nobody retrieved)", () => {
  it("hears a failed task nobody awaited once, with the task, and hears when it is retrieved", async () => {
    const events: string[] = [];
    let reported: asyncio.Future<unknown> | undefined;
    const stop = asyncio.addFailureWatcher({
      unretrieved: (future, error) => {
        reported = future;
        events.push(`unretrieved ${(error as Error).message} done=${String(future.done())}`);
      },
      retrieved: () => void events.push("retrieved"),
    });
    try {
      const task = asyncio.createTask(async () => {
        throw new Error("lost");
      });
      await flush();
      expect(reported).toBe(task);
      expect(events).toEqual(["unretrieved lost done=true"]);
      expect(task.exception()).toBeInstanceOf(Error);
      expect(() => task.result()).toThrow("lost");
      expect(events).toEqual(["unretrieved lost done=true", "retrieved"]);
    } finally {
      stop();
    }
  });

  it("stays silent for failures observed before they happen", async () => {
    const unretrieved = jest.fn();
    const stop = asyncio.addFailureWatcher({ unretrieved });
    try {
      const awaited = asyncio.createTask(async () => {
        await asyncio.sleep(0);
        throw new Error("awaited");
      });
      const fut = new asyncio.Future();
      fut.addDoneCallback(() => undefined);
      fut.setException(new Error("has a callback"));
      await expect(awaited).rejects.toThrow("awaited");
      const gathered = asyncio.createTask(async () => {
        throw new Error("gathered");
      });
      await asyncio.gather(gathered, { returnExceptions: true });
      expect(unretrieved).not.toHaveBeenCalled();
    } finally {
      stop();
    }
  });

  it("takes the report over: a watcher returning true stops the collection-time report", async () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const stop = asyncio.addFailureWatcher({ unretrieved: () => true });
    try {
      (() => {
        const f = new asyncio.Future();
        f.setException(new Error("taken over"));
      })();
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 20));
        gc();
      }
      await new Promise((r) => setTimeout(r, 20));
      expect(errors).not.toHaveBeenCalled();
    } finally {
      stop();
      errors.mockRestore();
    }
  });

  it("without a take-over, reports through the exception handler when the future is collected", async () => {
    const contexts: asyncio.ExceptionContext[] = [];
    asyncio.setExceptionHandler((_l, c) => void contexts.push(c));
    (() => {
      const f = new asyncio.Future();
      f.setException(new RangeError("collected"));
    })();
    for (let i = 0; i < 5 && contexts.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(contexts).toHaveLength(1);
    expect(contexts[0].message).toBe("Future exception was never retrieved");
    expect(contexts[0].futureRepr).toBe("<Future failed exception=RangeError: collected>");
    expect((contexts[0].exception as Error).message).toBe("collected");
  });

  it("stops hearing once unsubscribed", async () => {
    const unretrieved = jest.fn(() => true);
    const stop = asyncio.addFailureWatcher({ unretrieved });
    stop();
    stop();
    const f = new asyncio.Future();
    f.setException(new Error("x"));
    f.exception();
    expect(unretrieved).not.toHaveBeenCalled();
  });
});

describe("executor job watchers", () => {
  afterAll(() => asyncio.shutdownDefaultExecutor());

  it("hears a job start inside submit() and end with its state, with the recorder's id", async () => {
    const events: string[] = [];
    const ids: number[] = [];
    const stopRecorder = asyncio.addTaskRecorder({
      created: (id, kind) => void (kind === "executor" && ids.push(id)),
    });
    const stop = asyncio.addExecutorJobWatcher({
      jobStarted: (job) => void events.push(`started ${job.id} ${job.name} parent=${job.parentId}`),
      jobEnded: (job, state) =>
        void events.push(`ended ${job.id} ${state} done=${String(job.future.done())}`),
    });
    try {
      const pool = new asyncio.ThreadPoolExecutor({ maxWorkers: 1 });
      let parent = 0;
      const result = await asyncio.createTask(async () => {
        parent = asyncio.currentTaskId();
        const fut = pool.submit(function double(x: number) {
          return x * 2;
        }, 21);
        expect(events).toHaveLength(1);
        return fut;
      });
      expect(result).toBe(42);
      expect(events).toEqual([
        `started ${ids[0]} double parent=${parent}`,
        `ended ${ids[0]} done done=false`,
      ]);
      await pool.shutdown();
    } finally {
      stop();
      stopRecorder();
    }
  });

  it("gives a cancel handle that abandons the job and ends it cancelled", async () => {
    const jobs: asyncio.ExecutorJob[] = [];
    const ended: string[] = [];
    const stop = asyncio.addExecutorJobWatcher({
      jobStarted: (job) => void jobs.push(job),
      jobEnded: (_job, state) => void ended.push(state),
    });
    try {
      const pool = new asyncio.ThreadPoolExecutor({ maxWorkers: 1 });
      const fut = pool.submit(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000));
      expect(jobs).toHaveLength(1);
      expect(jobs[0].executor).toBe(pool);
      expect(jobs[0].cancel("stop it")).toBe(true);
      expect(fut.cancelled()).toBe(true);
      expect(jobs[0].cancel()).toBe(false);
      for (let i = 0; i < 100 && ended.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(ended).toEqual(["cancelled"]);
      await pool.shutdown({ wait: false });
    } finally {
      stop();
    }
  });

  it("builds no job without a watcher", async () => {
    const started = jest.fn();
    const stop = asyncio.addExecutorJobWatcher({ jobStarted: started });
    stop();
    const pool = new asyncio.ThreadPoolExecutor({ maxWorkers: 1 });
    expect(await pool.submit(() => 1)).toBe(1);
    expect(started).not.toHaveBeenCalled();
    await pool.shutdown();
  });
});
