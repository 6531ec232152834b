import * as asyncio from "../../../src/asyncio";
import { flush, isPending, rejection } from "./helpers";

describe("Future", () => {
  it("starts pending and refuses to give a result early", () => {
    const fut = new asyncio.Future<number>();
    expect(fut.done()).toBe(false);
    expect(() => fut.result()).toThrow(asyncio.InvalidStateError);
    expect(() => fut.result()).toThrow("Result is not ready.");
    expect(() => fut.exception()).toThrow("Exception is not set.");
  });

  it("resolves awaiters with the value passed to setResult", async () => {
    const fut = new asyncio.Future<string>();
    const awaited = fut.then((v) => v);
    expect(await isPending(awaited)).toBe(true);
    fut.setResult("ok");
    expect(await awaited).toBe("ok");
    expect(fut.result()).toBe("ok");
    expect(fut.exception()).toBeUndefined();
  });

  it("rejects awaiters with the exception passed to setException", async () => {
    const fut = new asyncio.Future<string>();
    const error = new RangeError("boom");
    fut.setException(error);
    expect(await rejection(fut)).toBe(error);
    expect(fut.exception()).toBe(error);
    expect(() => fut.result()).toThrow(error);
  });

  it("can be settled only once, with a message naming the state", () => {
    const fut = new asyncio.Future<number>();
    fut.setResult(1);
    expect(() => fut.setResult(2)).toThrow(/already finished/);
    expect(() => fut.setException(new Error("x"))).toThrow(asyncio.InvalidStateError);
    expect(fut.cancel()).toBe(false);
  });

  it("rejects with CancelledError carrying the message after cancel(msg)", async () => {
    const fut = new asyncio.Future<number>();
    expect(fut.cancel("stop")).toBe(true);
    expect(fut.cancelled()).toBe(true);
    const e = await rejection(fut);
    expect(e).toBeInstanceOf(asyncio.CancelledError);
    expect((e as Error).message).toBe("stop");
    expect(() => fut.exception()).toThrow(asyncio.CancelledError);
  });

  it("runs done callbacks soon after settling, in registration order, not synchronously", async () => {
    const fut = new asyncio.Future<number>();
    const order: string[] = [];
    fut.addDoneCallback(() => order.push("a"));
    fut.addDoneCallback((f) => order.push(`b${f.result()}`));
    fut.setResult(7);
    expect(order).toEqual([]);
    await flush();
    expect(order).toEqual(["a", "b7"]);
  });

  it("runs a callback added after settling, and forgets removed callbacks", async () => {
    const fut = new asyncio.Future<number>();
    const calls: string[] = [];
    const removed = () => calls.push("removed");
    fut.addDoneCallback(removed);
    fut.addDoneCallback(removed);
    fut.addDoneCallback(() => calls.push("kept"));
    expect(fut.removeDoneCallback(removed)).toBe(2);
    fut.setResult(1);
    fut.addDoneCallback(() => calls.push("late"));
    await flush();
    expect(calls).toEqual(["kept", "late"]);
  });

  it("settles every awaiter and callback however they were mixed, removals included", async () => {
    // Awaiters and done callbacks share one field: each combination must reach everyone still registered.
    const fut = new asyncio.Future<number>();
    const calls: string[] = [];
    const first = fut.then((v) => `first ${v}`);
    const dropped = () => calls.push("dropped");
    fut.addDoneCallback(dropped);
    fut.addDoneCallback((f) => calls.push(`callback ${f.result()}`));
    const second = fut.then((v) => `second ${v}`);
    expect(fut.removeDoneCallback(dropped)).toBe(1);
    expect(fut.removeDoneCallback(dropped)).toBe(0);
    fut.setResult(3);
    expect(await Promise.all([first, second, fut.then((v) => `late ${v}`)])).toEqual([
      "first 3",
      "second 3",
      "late 3",
    ]);
    await flush();
    expect(calls).toEqual(["callback 3"]);

    const failing = new asyncio.Future<number>();
    const awaiting = rejection(failing);
    failing.addDoneCallback((f) => calls.push(`failed ${String(f.exception())}`));
    failing.setException(new Error("no"));
    expect(String(await awaiting)).toBe("Error: no");
    expect(String(await rejection(failing))).toBe("Error: no");
    await flush();
    expect(calls).toEqual(["callback 3", "failed Error: no"]);
  });

  it("translates the seed notebook's future example", async () => {
    async function asyncOperation(future: asyncio.Future<string>, data: string) {
      await Promise.resolve();
      if (data === "success") future.setResult("Operation succeeded");
      else future.setException(new Error("Operation failed"));
    }
    const ok = new asyncio.Future<string>();
    await asyncOperation(ok, "success");
    expect(ok.done() && ok.result()).toBe("Operation succeeded");
    const bad = new asyncio.Future<string>();
    await asyncOperation(bad, "failure");
    expect((bad.exception() as Error).message).toBe("Operation failed");
  });

  it("shows its state like Python's repr", () => {
    const fut = new asyncio.Future<number>();
    expect(String(fut)).toBe("<Future pending>");
    fut.setResult(3);
    expect(String(fut)).toBe("<Future finished result=3>");
  });
});

describe("unobserved failures", () => {
  const gc = (): void => {
    // jest does not expose gc(); V8 can, for this test only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("node:v8").setFlagsFromString("--expose-gc");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("node:vm").runInNewContext("gc") as () => void)();
  };
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it("logs a task failure nobody retrieved once the task is collected, like Python", async () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      (() => {
        asyncio.createTask(
          async () => {
            throw new RangeError("lost");
          },
          { name: "forgotten" },
        );
      })();
      for (let i = 0; i < 5 && errors.mock.calls.length === 0; i++) {
        await settle();
        gc();
        await settle();
      }
      expect(errors).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Task exception was never retrieved: <Task failed name='forgotten' exception=RangeError: lost>\nRangeError: lost/,
        ),
      );
    } finally {
      errors.mockRestore();
    }
  });

  it("stays silent for a failure that was awaited", async () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await (async () => {
        const task = asyncio.createTask(async () => {
          throw new RangeError("seen");
        });
        await settle();
        await task.catch(() => undefined);
      })();
      for (let i = 0; i < 3; i++) {
        gc();
        await settle();
      }
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});

describe("rich display (Symbol.for('Jupyter.display'))", () => {
  const display = (f: object) =>
    (f as { [k: symbol]: () => Record<string, string> })[Symbol.for("Jupyter.display")]();

  it("shows a finished task's name, state and result, escaped", async () => {
    const task = asyncio.createTask(async () => "<b>42</b>", { name: "answer" });
    await task;
    const bundle = display(task);
    expect(bundle["text/plain"]).toBe("<Task finished name='answer' result=<b>42</b>>");
    expect(bundle["text/html"]).toContain("answer");
    expect(bundle["text/html"]).toContain("&#60;b&#62;42&#60;/b&#62;");
    expect(bundle["text/html"]).not.toContain("<b>");
  });

  it("shows a failed future's exception and a cancelled one's state", () => {
    const failed = new asyncio.Future<number>();
    failed.setException(new Error("Operation failed"));
    expect(display(failed)["text/plain"]).toBe("<Future failed exception=Error: Operation failed>");
    expect(display(failed)["text/html"]).toContain("Error: Operation failed");
    failed.exception(); // retrieved: no "never retrieved" report
    const cancelled = new asyncio.Future<number>();
    cancelled.cancel("no longer needed");
    expect(display(cancelled)["text/html"]).toContain("cancelled");
    expect(display(new asyncio.Future())["text/plain"]).toBe("<Future pending>");
  });
});
