/**
 * A signal-mode interrupt is one `killpg(SIGINT)`: the kernel's main thread sees it, and so does the control
 * worker's relay child. The two copies are one interrupt. Under load the relay's copy can arrive long after
 * the main thread stopped the busy cell, when the user's next cell already runs; it must not stop that cell.
 * These tests deliver each copy on its own, to one process, in the order and with the delay a loaded machine
 * produces.
 */
import { Kernel, executeContent, streamText, type StartInfo } from "../support/kernel";
import { commandLine, descendants } from "../support/processes";

jest.setTimeout(120_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.start("tslab-asyncio");
  // The relay starts with the control worker, once the kernel first answers.
  expect(await kernel.heartbeat(10)).not.toBeNull();
});
afterAll(() => kernel?.close());

/** The relay: the control worker's `sh` child that traps SIGINT. */
function relayPid(): number {
  const found = descendants(kernel.info.pid).filter((p) => commandLine(p).includes("trap"));
  expect(found).toHaveLength(1);
  return found[0];
}

/** Sends `code`, waits until it surely runs, signals `pid`, and returns the cell's reply and output. */
async function signalDuring(code: string, pid: number) {
  const id = await kernel.send("execute_request", executeContent(code));
  await kernel.drain(0.5);
  process.kill(pid, "SIGINT");
  const reply = await kernel.reply(id, "shell", 10);
  return { reply, iopub: await kernel.drain(0.2) };
}

const SLOW_CELL = 'await new Promise((r) => setTimeout(r, 1500));\nconsole.log("finished");';

test("the main thread's copy stops a busy cell; the relay's late copy leaves the next cell running", async () => {
  const busy = await signalDuring("while (true) {}", kernel.info.pid);
  expect(busy.reply.content.status).toBe("error");
  expect(busy.reply.content.ename).toMatch(/KeyboardInterrupt|Error/);

  const next = await signalDuring(SLOW_CELL, relayPid());
  expect(next.reply.content.status).toBe("ok");
  expect(streamText(next.iopub)).toBe("finished\n");
});

test.each([
  ["the main thread's copy comes first", "main", "relay"],
  ["the relay's copy comes first", "relay", "main"],
] as const)(
  "%s: it stops a cell that awaits, and its late twin leaves the next cell running",
  async (_, first, twin) => {
    const pid = (route: "main" | "relay"): number => (route === "main" ? kernel.info.pid : relayPid());
    const waiting = await signalDuring("await new Promise((r) => setTimeout(r, 30_000));", pid(first));
    expect(waiting.reply.content.status).toBe("error");
    expect(waiting.reply.content.ename).toBe("KeyboardInterrupt");

    const next = await signalDuring(SLOW_CELL, pid(twin));
    expect(next.reply.content.status).toBe("ok");
    expect(streamText(next.iopub)).toBe("finished\n");
  },
);

test("two interrupts are two: after a pair, the next signal interrupts again", async () => {
  const again = await signalDuring("await new Promise((r) => setTimeout(r, 30_000));", kernel.info.pid);
  expect(again.reply.content.status).toBe("error");
  expect(again.reply.content.ename).toBe("KeyboardInterrupt");
  expect((await kernel.execute("1")).reply.content.status).toBe("ok");
});
