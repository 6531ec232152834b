import * as asyncio from "../../../src/asyncio";
import { rejection } from "./helpers";

// Real worker threads: kept small (one pool, a few jobs) so the suite stays fast.
describe("ThreadPoolExecutor", () => {
  const pool = new asyncio.ThreadPoolExecutor({ maxWorkers: 2 });
  afterAll(() => pool.shutdown({ wait: false }));

  it("runs a self-contained function with structured-cloned arguments", async () => {
    expect(await pool.submit((a: number[], b: { k: string }) => [...a, b.k], [1, 2], { k: "x" })).toEqual([
      1,
      2,
      "x",
    ]);
  });

  it("runs a function named by module and export", async () => {
    expect(await pool.submit({ module: "node:path", export: "join" }, "a", "b")).toBe("a/b");
  });

  it("keeps a remote error's name, message and stack", async () => {
    const e = (await rejection(
      pool.submit(function thrower() {
        throw new RangeError("remote boom");
      }),
    )) as Error;
    expect(e.name).toBe("RangeError");
    expect(e.message).toBe("remote boom");
    expect(e.stack).toMatch(/\[in worker\][\s\S]*at /);
  });

  it("explains that functions must be self-contained when one uses an outer variable", async () => {
    const outer = 5;
    const e = (await rejection(pool.submit(() => outer + 1))) as Error;
    expect(e.message).toMatch(/outer is not defined\. The function ran in a worker thread.*self-contained/);
  });

  it("refuses what cannot be sent, before sending it", () => {
    expect(() => pool.submit(Math.max)).toThrow(/native or bound/);
    expect(() => pool.submit(42 as unknown as () => void)).toThrow(
      /needs a function or \{ module, export \}/,
    );
  });

  it("fails the job of a crashed worker with a clear error, and recovers", async () => {
    const e = (await rejection(pool.submit(() => process.exit(3)))) as Error;
    expect(e.message).toMatch(/crashed \(.*code.*3\); the pool replaced it/);
    expect(await pool.submit(() => "alive")).toBe("alive");
  });

  it("settles a cancelled job at once and keeps the pool usable", async () => {
    const busy = pool.submit(() => {
      const end = Date.now() + 10_000;
      while (Date.now() < end);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(busy.cancel()).toBe(true);
    expect(await rejection(busy)).toBeInstanceOf(asyncio.CancelledError);
    expect(await pool.submit(() => "still here")).toBe("still here");
  });

  it("cancels the job when the awaiting task is cancelled", async () => {
    let job: asyncio.Future<unknown> | undefined;
    const task = asyncio.createTask(async () => {
      job = pool.submit(() => {
        const end = Date.now() + 10_000;
        while (Date.now() < end);
      });
      await job;
    });
    await new Promise((r) => setTimeout(r, 20));
    task.cancel();
    expect(await rejection(task)).toBeInstanceOf(asyncio.CancelledError);
    expect(job?.cancelled()).toBe(true);
  });

  it("cancelAll() abandons every job, and shutdown refuses new ones", async () => {
    const own = new asyncio.ThreadPoolExecutor({ maxWorkers: 1 });
    const jobs = [1, 2].map(() => own.submit(() => new Promise((r) => setTimeout(r, 10_000))));
    expect(own.cancelAll()).toBe(2);
    for (const j of jobs) expect(await rejection(j)).toBeInstanceOf(asyncio.CancelledError);
    await own.shutdown();
    expect(() => own.submit(() => 1)).toThrow(/Cannot schedule new futures after shutdown/);
  });

  it("rejects a bad maxWorkers", () => {
    expect(() => new asyncio.ThreadPoolExecutor({ maxWorkers: 0 })).toThrow(
      /maxWorkers must be an integer >= 1/,
    );
  });
});

describe("toThread and runInExecutor", () => {
  afterAll(() => asyncio.shutdownDefaultExecutor({ wait: false }));

  it("run in the default executor", async () => {
    expect(await asyncio.toThread((s: string) => s.toUpperCase(), "hi")).toBe("HI");
    expect(await asyncio.getRunningLoop().runInExecutor(null, (n: number) => n * 2, 21)).toBe(42);
  });
});

describe("runSync", () => {
  it("returns an async function's result synchronously", () => {
    const value = asyncio.runSync(async (ms: number) => {
      await new Promise((r) => setTimeout(r, ms));
      return "slept";
    }, 5);
    expect(value).toBe("slept");
  });

  it("rethrows the remote error and explains non-self-contained functions", () => {
    const outer = 1;
    expect(() => asyncio.runSync(() => outer)).toThrow(
      /outer is not defined\. The function ran in a worker thread/,
    );
    expect(() =>
      asyncio.runSync(() => {
        throw new TypeError("nope");
      }),
    ).toThrow(TypeError);
  });

  it("fails clearly when the worker dies, then works again", () => {
    expect(() => asyncio.runSync(() => process.exit(2))).toThrow(/worker exited with code 2/);
    expect(asyncio.runSync(() => 42)).toBe(42);
  });

  it("times out, stops the worker, and works again", () => {
    const saved = asyncio.runSync.timeoutMs;
    asyncio.runSync.timeoutMs = 50;
    try {
      expect(() => asyncio.runSync(() => new Promise(() => undefined))).toThrow(asyncio.TimeoutError);
    } finally {
      asyncio.runSync.timeoutMs = saved;
    }
    expect(asyncio.runSync((xs: number[]) => xs.map((x) => x * 2), [1, 2])).toEqual([2, 4]);
  });

  it("refuses arguments that cannot be cloned", () => {
    expect(() =>
      asyncio.runSync(
        (f: unknown) => f,
        () => 1,
      ),
    ).toThrow(/could not be structured-cloned/);
  });
});
