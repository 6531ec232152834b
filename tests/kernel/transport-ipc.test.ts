/**
 * The ipc transport: jupyter_client's `KernelManager(transport="ipc")` writes a connection file whose `ip`
 * is a path prefix, and connects to `ipc://PATH-PORT` for each channel. The kernel must serve all five
 * channels there, as ipykernel does. Like ipykernel, the kernel reads a relative prefix (jupyter_client's
 * default is `kernel-ipc`) against its own working directory, so this kernel starts in the manager's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Kernel, streamText, type StartInfo } from "../support/kernel";
import { isRunning as running } from "../support/processes";
import { ROOT } from "../../scripts/jupyter-env";

jest.setTimeout(120_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.start("tslab-asyncio", { transport: "ipc", cwd: ROOT });
});
afterAll(() => kernel?.close());

test("the connection file asks for ipc and the kernel's sockets exist at PATH-PORT", async () => {
  // The control worker binds heartbeat and control after the kernel first answers: wait for both.
  expect(await kernel.heartbeat(10)).not.toBeNull();
  await kernel.reply(await kernel.send("kernel_info_request", {}, "control"), "control", 10);
  const c = kernel.info.connection;
  expect(c.transport).toBe("ipc");
  for (const port of ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]) {
    expect(fs.statSync(path.resolve(ROOT, `${String(c.ip)}-${String(c[port])}`)).isSocket()).toBe(true);
  }
});

test("a cell runs over ipc: output on IOPub, result and reply on shell", async () => {
  const run = await kernel.execute('console.log("over ipc");\n6 * 7');
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toBe("over ipc\n");
  const result = run.iopub.find((m) => m.msg_type === "execute_result");
  expect(result?.content.data["text/plain"]).toBe("42");
});

test("the heartbeat answers over ipc", async () => {
  expect(await kernel.heartbeat(5)).not.toBeNull();
});

test("an interrupt over ipc (signal mode, control worker) stops a busy cell", async () => {
  const id = await kernel.send("execute_request", {
    code: "while (true) {}",
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: true,
  });
  await kernel.drain(0.5);
  await kernel.interrupt();
  const reply = await kernel.reply(id, "shell", 10);
  // As over tcp (protocol-interrupt.test.ts): stopped synchronous code reports an error reply.
  expect(reply.content.status).toBe("error");
  expect(reply.content.ename).toMatch(/KeyboardInterrupt|Error/);
  expect((await kernel.execute("1")).reply.content.status).toBe("ok");
});

test("shutdown_request on control is answered over ipc and the process exits", async () => {
  const { reply, exited_seconds } = await kernel.shutdown();
  expect(reply?.content.status).toBe("ok");
  expect(exited_seconds).not.toBeNull();
  expect(running(kernel.info.pid)).toBe(false);
  // jupyter_client removes the socket files once the kernel is gone.
  const c = kernel.info.connection;
  expect(fs.existsSync(path.resolve(ROOT, `${String(c.ip)}-${String(c.shell_port)}`))).toBe(false);
});
