// Type-level tests for gather's tuple inference: checked by `npx tsc -p tsconfig.test.json` (a wrong inference
// or an unused @ts-expect-error fails the type check), and run by jest so the values match the types.
import * as asyncio from "../../../src/asyncio";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(value: T): T => value;

describe("gather types", () => {
  it("infers a tuple of awaited results from mixed awaitables", async () => {
    const fut = new asyncio.Future<boolean>();
    fut.setResult(true);
    const results = await asyncio.gather(
      Promise.resolve(1),
      asyncio.createTask(async () => "s"),
      fut,
    );
    assertType<Equal<typeof results, [number, string, boolean]>>(true);
    expect(results).toEqual([1, "s", true]);
  });

  it("infers an array for a spread array", async () => {
    const tasks = [1, 2].map((n) => asyncio.createTask(async () => n));
    const results = await asyncio.gather(...tasks);
    assertType<Equal<typeof results, number[]>>(true);
    expect(results).toEqual([1, 2]);
  });

  it("adds Error to every entry with returnExceptions: true", async () => {
    const results = await asyncio.gather(Promise.resolve(1), Promise.resolve("s"), {
      returnExceptions: true,
    });
    assertType<Equal<typeof results, [number | Error, string | Error]>>(true);
    expect(results).toEqual([1, "s"]);
  });

  it("keeps plain results with returnExceptions: false", async () => {
    const results = await asyncio.gather(Promise.resolve(1), { returnExceptions: false });
    assertType<Equal<typeof results, [number]>>(true);
    expect(results).toEqual([1]);
  });

  it("rejects non-awaitables at compile time", () => {
    // @ts-expect-error a number is not awaitable
    expect(() => asyncio.gather(Promise.resolve(1), 2)).toThrow(TypeError);
    const [n] = [0];
    // @ts-expect-error the result tuple has one entry, not two
    const wrong: [number, number] = [n];
    expect(wrong).toHaveLength(1);
  });
});

describe("future variance", () => {
  it("lets a Task<number> stand where a Future<unknown> or Task<unknown> is expected", async () => {
    const task: asyncio.Task<number> = asyncio.createTask(async () => 1);
    const asFuture: asyncio.Future<unknown> = task;
    const live: Set<asyncio.Task<unknown>> = asyncio.allTasks();
    live.has(task);
    expect(await asFuture).toBe(1);
  });
});
