/**
 * CurveZMQ: with `transport_encryption="required"`, jupyter_client (8.10) refuses kernels whose kernelspec
 * does not declare `metadata.supported_encryption: ["curve"]`, and otherwise writes the kernel's Curve key
 * pair into the connection file. Every channel is then a Curve server: the real client (which holds the key)
 * works on all five, a client without the key gets nothing from any of them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Kernel, streamText, type StartInfo } from "../support/kernel";
import { isRunning as running } from "../support/processes";

jest.setTimeout(120_000);

describe.each(["tcp", "ipc"] as const)("over %s with transport_encryption required", (transport) => {
  let kernel: Kernel & { info: StartInfo };
  let dir: string | undefined;
  beforeAll(async () => {
    // An absolute ipc prefix of its own, so this kernel's sockets never meet another test's.
    dir = transport === "ipc" ? fs.mkdtempSync(path.join(os.tmpdir(), "curve-")) : undefined;
    const ip = dir === undefined ? undefined : path.join(dir, "k");
    kernel = await Kernel.start("tslab-asyncio", { transport, transportEncryption: "required", ip });
  });
  afterAll(async () => {
    await kernel?.close();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the kernelspec declares curve and the connection file carries a Curve key", () => {
    expect((kernel.info.kernel_spec.metadata as Record<string, unknown>).supported_encryption).toEqual([
      "curve",
    ]);
    expect(String(kernel.info.connection.curve_publickey)).toHaveLength(40);
  });

  test("the keyed client runs cells, gets heartbeats and control replies", async () => {
    const run = await kernel.execute('console.log("encrypted");\n1 + 1');
    expect(run.reply.content.status).toBe("ok");
    expect(streamText(run.iopub)).toBe("encrypted\n");
    expect(await kernel.heartbeat(5)).not.toBeNull();
    const id = await kernel.send("kernel_info_request", {}, "control");
    expect((await kernel.reply(id, "control")).content.implementation).toBe("tslab-asyncio");
  });

  test("a client without the key gets nothing on any channel, and the kernel keeps working", async () => {
    const got = await kernel.probeWithoutKey('console.log("secret output")', 3);
    expect(got).toEqual({ shell: 0, control: 0, hb: 0, iopub: 0 });
    // The keyed client did run the probe's cell and still works.
    const after = await kernel.execute("2 + 2");
    expect(after.reply.content.status).toBe("ok");
    const log = await kernel.log();
    expect(log.some((m) => m.msg_type === "stream" && m.content.text === "secret output\n")).toBe(true);
  });

  test("shutdown over the encrypted control channel ends the process", async () => {
    const { reply, exited_seconds } = await kernel.shutdown();
    expect(reply?.content.status).toBe("ok");
    expect(exited_seconds).not.toBeNull();
    expect(running(kernel.info.pid)).toBe(false);
  });
});
