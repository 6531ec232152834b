/**
 * Interrupts, heartbeat and shutdown. The time bounds below are the behaviour asked for:
 * an interrupt ends a busy loop within 1 s, the heartbeat answers within 50 ms during a 2 s synchronous
 * block, and shutdown exits within 0.5 s. Those bounds are asserted as stated; everything else is about
 * outcome and order.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Kernel, executeContent, installedKernelspec, streamText } from "../support/kernel";

jest.setTimeout(120_000);

/** Sends a cell, waits until it is surely running, interrupts, and measures until its reply. */
async function interruptCell(kernel: Kernel, code: string, interrupt: () => Promise<void>) {
  const id = await kernel.send("execute_request", executeContent(code));
  await kernel.drain(0.5);
  const t0 = Date.now();
  await interrupt();
  const reply = await kernel.reply(id, "shell", 10);
  return { reply, ms: Date.now() - t0, id };
}

describe("signal mode (the default kernelspec)", () => {
  let kernel: Kernel;
  beforeAll(async () => {
    kernel = await Kernel.start("tslab-asyncio");
    await kernel.execute("let kept = 41;");
  });
  afterAll(() => kernel?.close());

  test("the heartbeat answers within 50 ms while a cell blocks the main thread for 2 s", async () => {
    const id = await kernel.send(
      "execute_request",
      executeContent("const t0 = Date.now();\nwhile (Date.now() - t0 < 2000) {}"),
    );
    await kernel.drain(0.4);
    const rtt = await kernel.heartbeat(5);
    expect(rtt).not.toBeNull();
    expect(rtt!).toBeLessThan(50);
    expect((await kernel.reply(id)).content.status).toBe("ok");
  });

  test.each([
    ["a synchronous busy loop", "while (true) {}"],
    ["a busy loop after an await", "await new Promise((r) => setTimeout(r, 50));\nwhile (true) {}"],
  ])("an interrupt ends %s within 1 s with KeyboardInterrupt", async (_name, code) => {
    const { reply, ms } = await interruptCell(kernel, code, () => kernel.interrupt());
    expect(reply.content.status).toBe("error");
    expect(reply.content.ename).toMatch(/KeyboardInterrupt|Error/);
    expect(ms).toBeLessThan(1000);
  });

  test("an interrupt ends a busy loop inside a timer callback; the kernel answers again", async () => {
    await kernel.execute("setTimeout(() => { while (true) {} }, 100);");
    await kernel.drain(0.5);
    const info = await kernel.send("kernel_info_request");
    const t0 = Date.now();
    await kernel.interrupt();
    const reply = await kernel.reply(info, "shell", 10);
    expect(reply.content.status).toBe("ok");
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  test("state survives interrupts and the kernel keeps working", async () => {
    const run = await kernel.execute("kept + 1");
    expect(run.reply.content.status).toBe("ok");
    expect(run.iopub.find((m) => m.msg_type === "execute_result")?.content.data["text/plain"]).toBe("42");
  });
});

describe('interrupt_mode "message" (interrupt_request on the control channel)', () => {
  let kernel: Kernel;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-kspec-"));
    const spec: Record<string, unknown> = installedKernelspec().spec;
    fs.mkdirSync(path.join(dir, "kernels", "tslab-asyncio-message"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "kernels", "tslab-asyncio-message", "kernel.json"),
      JSON.stringify({
        ...spec,
        interrupt_mode: "message",
        display_name: "tslab-asyncio (message interrupts)",
      }),
    );
    kernel = await Kernel.start("tslab-asyncio-message", { jupyterPath: dir });
    await kernel.execute("let kept = 1;");
  });
  afterAll(async () => {
    await kernel?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("interrupt_request gets interrupt_reply on control and ends a busy loop after an await within 1 s", async () => {
    let replyStatus = "";
    const { reply, ms } = await interruptCell(
      kernel,
      "await new Promise((r) => setTimeout(r, 50));\nwhile (true) {}",
      async () => {
        const id = await kernel.send("interrupt_request", {}, "control");
        replyStatus = (await kernel.reply(id, "control", 5)).content.status as string;
      },
    );
    expect(replyStatus).toBe("ok");
    expect(reply.content.status).toBe("error");
    expect(ms).toBeLessThan(1000);
  });

  test("jupyter_client's interrupt_kernel() uses the message and stops an async wait", async () => {
    const { reply, ms } = await interruptCell(
      kernel,
      "await new Promise((r) => setTimeout(r, 60_000));",
      () => kernel.interrupt(),
    );
    expect(reply.content.status).toBe("error");
    expect(ms).toBeLessThan(1000);
    const run = await kernel.execute("console.log(kept + 1);");
    expect(streamText(run.iopub)).toBe("2\n");
  });

  test("shutdown_request replies and the process exits within 0.5 s despite live timers", async () => {
    await kernel.execute("setInterval(() => {}, 1000);\nsetTimeout(() => {}, 60_000);");
    const { reply, exited_seconds } = await kernel.shutdown();
    expect(reply?.content.status).toBe("ok");
    expect(exited_seconds).not.toBeNull();
    expect(exited_seconds!).toBeLessThan(0.5);
  });
});
