// Python asyncio vocabulary: Runner, eager tasks, Barrier.hold(), ExceptionGroup.split()/subgroup().
// Expected outcomes follow CPython (test_runners, test_eager_task_factory, test_locks' barrier tests,
// test_exception_group), checked on CPython 3.11 (3.12 for eager tasks).
import * as asyncio from "../../../src/asyncio";
import { flush, rejection } from "./helpers";

describe("Runner", () => {
  it("runs coroutines one after another; close() cancels and awaits what they left (test_run_keeps_context)", async () => {
    const runner = new asyncio.Runner();
    let cleanedUp = false;
    let background: asyncio.Task<void> | undefined;
    expect(
      await runner.run(async () => {
        background = asyncio.createTask(async () => {
          try {
            await asyncio.sleep(60_000);
          } finally {
            cleanedUp = true;
          }
        });
        return 1;
      }),
    ).toBe(1);
    expect(await runner.run(async () => 2)).toBe(2);
    expect(background!.done()).toBe(false); // still running between runs, as in Python
    await runner.close();
    expect(background!.cancelled()).toBe(true);
    expect(cleanedUp).toBe(true);
  });

  it("refuses to run after close (test_explicit_close) and closes twice harmlessly", async () => {
    const runner = new asyncio.Runner();
    await runner.run(async () => undefined);
    await runner.close();
    await runner.close();
    await expect(runner.run(async () => undefined)).rejects.toThrow(/^Runner is closed/);
    expect(() => runner.getLoop()).toThrow(/^Runner is closed/);
  });

  it("leaves tasks of other runs alone and passes main's error through", async () => {
    const outside = asyncio.createTask(() => asyncio.sleep(60_000));
    const runner = new asyncio.Runner();
    const error = await rejection(runner.run(async () => Promise.reject(new RangeError("main failed"))));
    expect(error).toBeInstanceOf(RangeError);
    await runner.close();
    expect(outside.done()).toBe(false);
    outside.cancel();
  });

  it("sets debug mode while open and restores it on close (test_debug)", async () => {
    const before = asyncio.getDebug();
    const runner = new asyncio.Runner({ debug: !before });
    expect(await runner.run(async () => asyncio.getDebug())).toBe(!before);
    await runner.close();
    expect(asyncio.getDebug()).toBe(before);
  });

  it("gives the running loop", () => {
    expect(new asyncio.Runner().getLoop()).toBe(asyncio.getRunningLoop());
  });
});

describe("eager tasks", () => {
  afterEach(() => asyncio.getRunningLoop().setTaskFactory(null));

  it("runs the body inside createTask() with { eager: true }", async () => {
    const order: string[] = [];
    const task = asyncio.createTask(
      async () => {
        order.push(`body in ${asyncio.currentTask()?.getName()}`);
        await asyncio.sleep(0);
        order.push("body resumed");
      },
      { eager: true, name: "eager" },
    );
    order.push("createTask returned");
    await task;
    expect(order).toEqual(["body in eager", "createTask returned", "body resumed"]);
  });

  it("is done when createTask() returns for a synchronous body (test_eager_task_factory_set)", () => {
    const task = asyncio.createTask(() => 42, { eager: true });
    expect(task.done()).toBe(true);
    expect(task.result()).toBe(42);
  });

  it("applies to every createTask() with eagerTaskFactory, unless eager: false", async () => {
    const loop = asyncio.getRunningLoop();
    loop.setTaskFactory(asyncio.eagerTaskFactory);
    expect(loop.getTaskFactory()).toBe(asyncio.eagerTaskFactory);
    const started: string[] = [];
    const eager = asyncio.createTask(async () => void started.push("eager"));
    const lazy = loop.createTask(async () => void started.push("lazy"), { eager: false });
    expect(started).toEqual(["eager"]);
    await asyncio.gather(eager, lazy);
    expect(started).toEqual(["eager", "lazy"]);
  });

  it("fails and is cancelled like any task", async () => {
    const failed = asyncio.createTask(
      () => {
        throw new TypeError("at once");
      },
      { eager: true },
    );
    expect(failed.done()).toBe(true);
    expect(failed.exception()).toBeInstanceOf(TypeError);
    const waiting = asyncio.createTask(() => asyncio.sleep(60_000), { eager: true });
    expect(waiting.awaiting).toBe("sleep(60000 ms)");
    waiting.cancel();
    expect(await rejection(waiting)).toBeInstanceOf(asyncio.CancelledError);
  });

  it("rejects a factory that is not a function", () => {
    expect(() => asyncio.getRunningLoop().setTaskFactory("eager" as unknown as asyncio.TaskFactory)).toThrow(
      /A task factory must be a function or null, but received string/,
    );
  });
});

describe("Barrier.hold", () => {
  it("waits for the parties, then runs the body with the arrival index (test_context_manager)", async () => {
    const barrier = new asyncio.Barrier(3);
    const seen: number[] = [];
    const party = () => barrier.hold((index) => (seen.push(index), index * 10));
    const results = await asyncio.gather(...[1, 2, 3].map(() => asyncio.createTask(party)));
    expect(results).toEqual([0, 10, 20]);
    expect(seen.sort()).toEqual([0, 1, 2]); // the last to arrive goes on first, as in Python
  });

  it("does not run the body when the barrier breaks", async () => {
    const barrier = new asyncio.Barrier(2);
    const body = jest.fn();
    const party = asyncio.createTask(() => barrier.hold(body));
    await flush();
    await barrier.abort();
    expect(await rejection(party)).toBeInstanceOf(asyncio.BrokenBarrierError);
    expect(body).not.toHaveBeenCalled();
  });
});

describe("ExceptionGroup.split and subgroup", () => {
  const a = new TypeError("a");
  const b = new RangeError("b");
  const c = new TypeError("c");
  const inner = new asyncio.ExceptionGroup("inner", [b, c]);
  const eg = new asyncio.ExceptionGroup("outer", [a, inner]);

  it("splits by class keeping the nesting and the summaries (test_basics_split_by_type__match)", () => {
    const [match, rest] = eg.split(TypeError);
    expect(match?.summary).toBe("outer");
    expect(match?.exceptions[0]).toBe(a);
    const nested = match?.exceptions[1] as asyncio.ExceptionGroup;
    expect(nested.summary).toBe("inner");
    expect(nested.exceptions).toEqual([c]);
    expect((rest?.exceptions[0] as asyncio.ExceptionGroup).exceptions).toEqual([b]);
    expect(rest?.exceptions).toHaveLength(1);
  });

  it("accepts an array of classes and a predicate (test_basics_split_by_predicate__match)", () => {
    expect(eg.split([TypeError, RangeError])).toEqual([eg, undefined]);
    const [match, rest] = eg.split((e) => e instanceof Error && e.message === "b");
    expect((match?.exceptions[0] as asyncio.ExceptionGroup).exceptions).toEqual([b]);
    expect(rest?.exceptions[0]).toBe(a);
  });

  it("returns the group itself when the condition matches it, and undefined when nothing matches", () => {
    expect(eg.subgroup(asyncio.ExceptionGroup)).toBe(eg);
    expect(eg.subgroup((e) => e === eg)).toBe(eg);
    expect(eg.subgroup(SyntaxError)).toBeUndefined();
    expect(eg.split(SyntaxError)).toEqual([undefined, eg]);
  });

  it("keeps the cause on derived groups (test_split_copies_notes)", () => {
    const withCause = new asyncio.ExceptionGroup("top", [a, b]);
    withCause.cause = "why";
    expect(withCause.subgroup(TypeError)?.cause).toBe("why");
  });

  it("rejects a condition that is neither a class, an array nor a function", () => {
    expect(() => eg.split("TypeError" as unknown as asyncio.ErrorCondition)).toThrow(
      /take an error class, an array of them or a predicate, but received TypeError/,
    );
  });
});
