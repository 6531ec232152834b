import * as asyncio from "../../../src/asyncio";
import { flush, rejection, useFakeTimers } from "./helpers";

beforeEach(useFakeTimers);
afterEach(() => jest.useRealTimers());

describe("TaskGroup", () => {
  it("waits for every task before returning the body's value", async () => {
    let tasks: asyncio.Task<string>[] = [];
    const p = asyncio.TaskGroup.run(async (tg) => {
      tasks = [tg.createTask(() => asyncio.sleep(20, "a")), tg.createTask(() => asyncio.sleep(10, "b"))];
      return "body";
    });
    await jest.advanceTimersByTimeAsync(20);
    expect(await p).toBe("body");
    expect(tasks.map((t) => t.result())).toEqual(["a", "b"]);
  });

  it("cancels the others on the first failure and rejects with an ExceptionGroup", async () => {
    const log: string[] = [];
    let slow: asyncio.Task<void> | undefined;
    const p = asyncio.TaskGroup.run(async (tg) => {
      slow = tg.createTask(async () => {
        try {
          await asyncio.sleep(1000);
        } finally {
          log.push("slow cleaned up");
        }
      });
      tg.createTask(async () => {
        await asyncio.sleep(10);
        throw new RangeError("bad range");
      });
      await asyncio.sleep(5000);
      log.push("body finished"); // must not happen: the body is cancelled too
    });
    const caught = rejection(p);
    await jest.advanceTimersByTimeAsync(10);
    const e = await caught;
    expect(e).toBeInstanceOf(asyncio.ExceptionGroup);
    expect((e as asyncio.ExceptionGroup).exceptions).toHaveLength(1);
    expect((e as Error).message).toMatch(
      /unhandled errors in a TaskGroup \(1 sub-exception\):\n {2}1\. RangeError: bad range/,
    );
    expect(slow?.cancelled()).toBe(true);
    expect(log).toEqual(["slow cleaned up"]);
  });

  it("collects several errors, and the body's own", async () => {
    const p = asyncio.TaskGroup.run(async (tg) => {
      tg.createTask(async () => {
        throw new TypeError("one");
      });
      tg.createTask(async () => {
        throw new RangeError("two");
      });
    });
    const e = (await rejection(p)) as asyncio.ExceptionGroup;
    expect(e.exceptions.map((x) => (x as Error).message).sort()).toEqual(["one", "two"]);
    const q = asyncio.TaskGroup.run(async () => {
      throw new Error("body");
    });
    expect(((await rejection(q)) as asyncio.ExceptionGroup).exceptions).toHaveLength(1);
  });

  it("cancels everything and rethrows CancelledError when the caller is cancelled", async () => {
    let child: asyncio.Task<void> | undefined;
    const outer = asyncio.createTask(() =>
      asyncio.TaskGroup.run(async (tg) => {
        child = tg.createTask(() => asyncio.sleep(1000));
        await asyncio.sleep(1000);
      }),
    );
    await flush();
    outer.cancel();
    expect(await rejection(outer)).toBeInstanceOf(asyncio.CancelledError);
    expect(child?.cancelled()).toBe(true);
  });

  it("refuses to run twice or to take tasks outside run()", async () => {
    const tg = new asyncio.TaskGroup();
    expect(() => tg.createTask(async () => 1)).toThrow(/has not been entered/);
    await tg.run(() => undefined);
    await expect(tg.run(() => undefined)).rejects.toThrow(/already been entered/);
  });
});
