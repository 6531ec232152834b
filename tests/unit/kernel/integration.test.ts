/**
 * The kernel integration against fake cells (no kernel): work is filed under the cell that created it,
 * late output goes to the cell's display, interrupts cancel only the interrupted cell's work, drain() waits
 * for earlier cells.
 */
import * as asyncio from "../../../src/asyncio";
import {
  cellEvents,
  currentCell,
  runInCell,
  type CellContext,
  type DisplayContent,
} from "../../../src/kernel/cell-context";
import { apply } from "../../../src/kernel/apply";
import {
  cancelAll,
  cellSignal,
  detach,
  drain,
  installIntegration,
  tasks,
} from "../../../src/kernel/integration";

interface FakeCell extends CellContext {
  streams: string[];
  displays: Array<{ content: DisplayContent; update: boolean }>;
}

let seq = 0;
function fakeCell(): FakeCell {
  const id = ++seq;
  const cell: FakeCell = {
    id,
    msgId: `msg-${id}`,
    executionCount: id,
    parentHeader: { msg_id: `msg-${id}` },
    code: "",
    allowStdin: false,
    controller: new AbortController(),
    startedAt: Date.now(),
    finishedAt: undefined,
    streams: [],
    displays: [],
    writeStream: (name, text) => cell.streams.push(`${name}:${text}`),
    writeDisplay: (content, update) => cell.displays.push({ content, update }),
    clearOutput: () => undefined,
    flush: () => undefined,
  };
  return cell;
}

/** Runs `code` as a cell: started, code, finished (while `code`'s background work may continue). */
async function runCell<T>(cell: FakeCell, code: () => Promise<T> | T): Promise<T> {
  cellEvents.emit("cell-started", cell);
  try {
    return await runInCell(cell, code);
  } finally {
    cell.finishedAt = Date.now();
    cellEvents.emit("cell-finished", cell, "ok");
  }
}

const lateText = (cell: FakeCell): string => {
  const last = cell.displays
    .filter((d) => d.content.transient?.display_id === `tslab-asyncio-late-${cell.msgId}`)
    .pop();
  return String(last?.content.data["text/plain"] ?? "");
};
const write = (text: string): void => currentCell()!.writeStream("stdout", text);

test("outside the kernel the notebook functions are harmless", async () => {
  expect(apply()).toBe(false);
  expect(await drain()).toBe(true);
  expect(cellSignal().aborted).toBe(false);
  expect(detach(() => 7)).toBe(7);
  const t = asyncio.createTask(() => asyncio.sleep(60_000));
  expect(cancelAll().tasks).toBe(1);
  await expect(t).rejects.toBeInstanceOf(asyncio.CancelledError);
  expect(String(tasks())).toBe("No running tasks.");
});

describe("installed", () => {
  beforeAll(() => {
    installIntegration();
  });

  test("a cell that ends with work pending gets a late-output display; later writes update it", async () => {
    const a = fakeCell();
    await runCell(a, () => {
      write("during\n");
      asyncio.createTask(async () => {
        await asyncio.sleep(5);
        write("late 1\n");
        await asyncio.sleep(5);
        write("late 2\n");
      });
    });
    expect(a.streams).toEqual(["stdout:during\n"]);
    expect(a.displays).toHaveLength(1);
    expect(a.displays[0].update).toBe(false);
    const b = fakeCell();
    await runCell(b, () => drain());
    expect(lateText(a)).toBe("late 1\nlate 2\n");
    expect(a.streams).toEqual(["stdout:during\n"]);
    // The running cell carried a copy for front-ends that only listen to it (nbclient).
    expect(b.displays.some((d) => d.update && d.content.data["text/plain"] === "late 1\nlate 2\n")).toBe(
      true,
    );
    expect(b.streams).toEqual([]);
  });

  test("tasks started in one batch by two cells still write to their own cells", async () => {
    const a = fakeCell();
    const b = fakeCell();
    const ta = runInCell(a, () => asyncio.createTask(async () => write("from a\n")));
    const tb = runInCell(b, () => asyncio.createTask(async () => write("from b\n")));
    await Promise.all([ta, tb]);
    expect(a.streams).toEqual(["stdout:from a\n"]);
    expect(b.streams).toEqual(["stdout:from b\n"]);
  });

  test("interrupt cancels the cell's tasks and timers only, and reports what it stopped", async () => {
    const earlier = fakeCell();
    let earlierTicks = 0;
    await runCell(earlier, () => void setInterval(() => earlierTicks++, 1));
    const cell = fakeCell();
    const log: string[] = [];
    let ticks = 0;
    await runCell(cell, async () => {
      setInterval(() => ticks++, 1);
      setTimeout(() => log.push("timeout ran"), 5);
      for (let i = 0; i < 3; i++) {
        asyncio.createTask(async () => {
          try {
            await asyncio.sleep(60_000);
          } finally {
            log.push(`finally ${i}`);
          }
        });
      }
      await asyncio.sleep(1);
      cellEvents.emit("interrupt-requested", cell);
    });
    await asyncio.sleep(20);
    const t0 = ticks;
    const e0 = earlierTicks;
    await asyncio.sleep(20);
    expect(log).toEqual(["finally 0", "finally 1", "finally 2"]);
    expect(ticks).toBe(t0);
    expect(earlierTicks).toBeGreaterThan(e0);
    expect(cell.streams).toContain(
      "stderr:Interrupted: cancelled 3 tasks, 1 timer, 1 interval of this cell.\n",
    );
    expect(cancelAll().intervals).toBe(1);
  });

  test("a failing timer callback and an unobserved failing task are reported once, in their cell", async () => {
    const cell = fakeCell();
    await runCell(cell, async () => {
      setTimeout(() => {
        throw new Error("timer boom");
      }, 1);
      asyncio.createTask(
        async () => {
          throw new RangeError("task boom");
        },
        { name: "boomer" },
      );
      await asyncio.sleep(10);
    });
    const err = cell.streams.filter((s) => s.startsWith("stderr:")).join("");
    expect(err.match(/Exception in setTimeout callback/g)).toHaveLength(1);
    expect(err.match(/Error: timer boom/g)).toHaveLength(1);
    expect(err.match(/Task exception was never retrieved: task 'boomer'/g)).toHaveLength(1);
    expect(err.match(/RangeError: task boom/g)).toHaveLength(1);
  });

  test("an interrupt abandons the cell's executor jobs (the library's job watcher hands over their cancel)", async () => {
    const cell = fakeCell();
    let job: asyncio.Future<unknown> | undefined;
    await runCell(cell, async () => {
      job = asyncio.toThread(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000));
      await asyncio.sleep(1);
      cellEvents.emit("interrupt-requested", cell);
    });
    await expect(job).rejects.toBeInstanceOf(asyncio.CancelledError);
    expect(cell.streams).toContain("stderr:Interrupted: cancelled 1 executor job of this cell.\n");
  });

  test("a loop exception handler the notebook sets receives the never-retrieved failures", async () => {
    const ours = asyncio.getExceptionHandler();
    const seen: string[] = [];
    asyncio.setExceptionHandler((_loop, context) => {
      seen.push(`${context.message}: ${String((context.exception as Error).message)}`);
    });
    try {
      const cell = fakeCell();
      await runCell(cell, async () => {
        asyncio.createTask(async () => {
          throw new Error("for the handler");
        });
        await asyncio.sleep(5);
      });
      expect(seen).toEqual(["Task exception was never retrieved: for the handler"]);
      expect(cell.streams.join("")).not.toContain("for the handler");
    } finally {
      asyncio.setExceptionHandler(ours);
    }
  });

  test("a failing task awaited later in its cell is not reported", async () => {
    const cell = fakeCell();
    await runCell(cell, async () => {
      const t = asyncio.createTask(async () => {
        throw new Error("awaited later");
      });
      await asyncio.sleep(5);
      await t.catch(() => undefined);
    });
    await asyncio.sleep(5);
    expect(cell.streams.join("")).not.toContain("awaited later");
  });

  test("drain() gives up after timeoutMs and says so", async () => {
    const a = fakeCell();
    await runCell(a, () => void asyncio.createTask(() => asyncio.sleep(60_000)));
    const b = fakeCell();
    expect(await runCell(b, () => drain({ timeoutMs: 5 }))).toBe(false);
    cancelAll();
    expect(await runCell(fakeCell(), () => drain())).toBe(true);
  });
});
