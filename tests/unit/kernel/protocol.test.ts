/**
 * The protocol kernel on fake sockets and a fake engine: message order per request, the execute queue,
 * busy/idle balance, verification of signatures, error replies, history, stdin, interrupts and shutdown.
 */
import { childrenOf, fakeKernel, until, type RecordingOutbox } from "./protocol-helpers";

const types = (box: RecordingOutbox, id: string): string[] =>
  childrenOf(box, id).map((m) =>
    m.header.msg_type === "status" ? `status:${String(m.content.execution_state)}` : m.header.msg_type,
  );

describe("dispatch", () => {
  test("kernel_info_request: busy, reply on shell with status ok, idle", () => {
    const k = fakeKernel();
    const id = k.send("kernel_info_request");
    expect(types(k.iopub, id)).toEqual(["status:busy", "status:idle"]);
    const [reply] = k.shell.of("kernel_info_reply");
    expect(reply.parent.msg_id).toBe(id);
    expect(reply.content).toMatchObject({ status: "ok", implementation: "fake" });
  });

  test("a request on control is answered on control", () => {
    const k = fakeKernel();
    const id = k.send("kernel_info_request", {}, "control");
    expect(k.shell.sent).toHaveLength(0);
    expect(k.control.map((m) => [m.header.msg_type, m.parent.msg_id])).toEqual([["kernel_info_reply", id]]);
  });

  test("a message signed with another key is dropped and logged: no status, no reply", () => {
    const k = fakeKernel();
    k.kernel.handle("shell", k.frames("kernel_info_request", {}, "wrong-key").frames);
    expect(k.iopub.sent).toHaveLength(0);
    expect(k.shell.sent).toHaveLength(0);
    expect(k.logs.join("")).toMatch(/dropped a shell message: Message signature does not match/);
  });

  test("an unsigned message is dropped and logged when the connection has a key", () => {
    const k = fakeKernel();
    k.kernel.handle("shell", k.frames("kernel_info_request", {}, "").frames);
    expect(k.shell.sent).toHaveLength(0);
    expect(k.logs.join("")).toMatch(/no signature/);
  });

  test("a signature of the right length but wrong content is dropped", () => {
    const k = fakeKernel();
    const { frames } = k.frames("kernel_info_request");
    const at = frames.findIndex((f) => f.toString() === "<IDS|MSG>");
    const sig = frames[at + 1].toString();
    frames[at + 1] = Buffer.from((sig[0] === "a" ? "b" : "a") + sig.slice(1));
    k.kernel.handle("shell", frames);
    expect(k.shell.sent).toHaveLength(0);
    expect(k.logs).toHaveLength(1);
  });

  test("frames that are not a Jupyter message are dropped and logged", () => {
    const k = fakeKernel();
    k.kernel.handle("control", [Buffer.from("garbage")]);
    expect(k.logs.join("")).toMatch(/dropped a control message: .*no <IDS\|MSG> delimiter/);
  });

  test("a handler that throws gets an error reply and the request still ends idle", () => {
    const k = fakeKernel();
    k.engine.inspect = () => {
      throw new Error("inspect broke");
    };
    const id = k.send("inspect_request", { code: "x", cursor_pos: 1 });
    expect(k.shell.of("inspect_reply")[0].content).toMatchObject({
      status: "error",
      ename: "KernelError",
      evalue: "Error: inspect broke",
    });
    expect(types(k.iopub, id)).toEqual(["status:busy", "status:idle"]);
  });

  test("an unknown message type is logged and still gets busy and idle", () => {
    const k = fakeKernel();
    const id = k.send("no_such_request");
    expect(types(k.iopub, id)).toEqual(["status:busy", "status:idle"]);
    expect(k.logs.join("")).toMatch(/unsupported message type no_such_request/);
  });

  test("comm messages are ignored silently; comm_info lists no comms", () => {
    const k = fakeKernel();
    k.send("comm_open", { comm_id: "c", target_name: "t", data: {} });
    k.send("comm_info_request");
    expect(k.shell.sent.map((m) => m.header.msg_type)).toEqual(["comm_info_reply"]);
    expect(k.shell.sent[0].content).toEqual({ status: "ok", comms: {} });
    expect(k.logs).toEqual([]);
  });
});

describe("execute queue", () => {
  test("a cell sends execute_input, its output, execute_result, the reply and idle, in that order", async () => {
    const k = fakeKernel();
    const id = k.execute('print hello\nvalue "forty-two"');
    await until(() => types(k.iopub, id).includes("status:idle"));
    expect(types(k.iopub, id)).toEqual([
      "status:busy",
      "execute_input",
      "stream",
      "execute_result",
      "status:idle",
    ]);
    const result = k.iopub.of("execute_result")[0];
    expect(result.content).toMatchObject({ execution_count: 1, data: { "text/plain": "'forty-two'" } });
    expect(k.shell.of("execute_reply")[0].content).toMatchObject({ status: "ok", execution_count: 1 });
  });

  test("cells run one at a time in arrival order, each counted", async () => {
    const k = fakeKernel();
    const a = k.execute("print a");
    const b = k.execute("print b");
    await until(() => k.shell.of("execute_reply").length === 2);
    expect(k.shell.of("execute_reply").map((m) => [m.parent.msg_id, m.content.execution_count])).toEqual([
      [a, 1],
      [b, 2],
    ]);
  });

  test("silent cells neither count nor show execute_input or a result", async () => {
    const k = fakeKernel();
    const id = k.execute("value 1", { silent: true });
    await until(() => k.shell.of("execute_reply").length === 1);
    expect(types(k.iopub, id)).toEqual(["status:busy", "status:idle"]);
    expect(k.engine.executionCount).toBe(0);
  });

  test("after a failing cell the cells already queued are aborted without running", async () => {
    const k = fakeKernel();
    const bad = k.execute("fail nope");
    const next = k.execute("print never");
    await until(() => k.shell.of("execute_reply").length === 2);
    const [r1, r2] = k.shell.of("execute_reply");
    expect([r1.parent.msg_id, r1.content.status, r1.content.evalue]).toEqual([bad, "error", "nope"]);
    expect([r2.parent.msg_id, r2.content.status]).toEqual([next, "aborted"]);
    expect(k.iopub.of("stream")).toHaveLength(0);
    expect(k.iopub.of("error")[0].content).toMatchObject({ ename: "Failure", evalue: "nope" });
  });

  test("with stop_on_error false the next cell still runs", async () => {
    const k = fakeKernel();
    k.execute("fail nope", { stop_on_error: false });
    k.execute("print runs");
    await until(() => k.shell.of("execute_reply").length === 2);
    expect(k.shell.of("execute_reply")[1].content.status).toBe("ok");
  });

  test("a thrown error is described by the engine", async () => {
    const k = fakeKernel();
    k.execute("throw boom");
    await until(() => k.shell.of("execute_reply").length === 1);
    expect(k.shell.of("execute_reply")[0].content).toMatchObject({
      ename: "Described",
      evalue: "Error: boom",
    });
  });

  test("idle of a request that arrives while a cell runs waits until the queue is empty", async () => {
    const k = fakeKernel();
    const cell = k.execute("block");
    await until(() => types(k.iopub, cell).includes("execute_input"));
    const info = k.send("kernel_info_request");
    expect(k.shell.of("kernel_info_reply")).toHaveLength(1);
    expect(types(k.iopub, info)).toEqual(["status:busy"]);
    k.kernel.interrupt();
    await until(() => types(k.iopub, info).includes("status:idle"));
    const order = k.iopub.sent.map((m) => `${m.parent.msg_id}:${String(m.content.execution_state ?? "")}`);
    expect(order.indexOf(`${info}:idle`)).toBeGreaterThan(order.indexOf(`${cell}:idle`));
  });
});

describe("interrupts", () => {
  test("an interrupt ends the running cell with KeyboardInterrupt and tells the engine", async () => {
    const k = fakeKernel();
    const id = k.execute("block");
    await until(() => types(k.iopub, id).includes("execute_input"));
    k.kernel.interrupt();
    await until(() => k.shell.of("execute_reply").length === 1);
    expect(k.shell.of("execute_reply")[0].content).toMatchObject({
      status: "error",
      ename: "KeyboardInterrupt",
    });
    expect(k.engine.interrupts).toBe(1);
  });

  test("interrupt_request reaching the main thread is answered and interrupts", async () => {
    const k = fakeKernel();
    k.execute("block");
    await until(() => k.iopub.of("execute_input").length === 1);
    k.send("interrupt_request", {}, "control");
    expect(k.control.map((m) => m.header.msg_type)).toEqual(["interrupt_reply"]);
    await until(() => k.shell.of("execute_reply").length === 1);
    expect(k.shell.of("execute_reply")[0].content.ename).toBe("KeyboardInterrupt");
  });
});

describe("history", () => {
  test("tail, range and glob search over the cells that stored history", async () => {
    const k = fakeKernel();
    for (const code of ["print a", "print b", "print a", "value 3"]) k.execute(code);
    k.execute("print hidden", { silent: true });
    await until(() => k.shell.of("execute_reply").length === 5);
    const ask = (content: Record<string, unknown>): unknown => {
      k.send("history_request", { output: false, raw: true, ...content });
      return k.shell.of("history_reply").pop()!.content.history;
    };
    expect(ask({ hist_access_type: "tail", n: 2 })).toEqual([
      [0, 3, "print a"],
      [0, 4, "value 3"],
    ]);
    expect(ask({ hist_access_type: "range", start: 2, stop: 3 })).toEqual([[0, 2, "print b"]]);
    expect(ask({ hist_access_type: "search", pattern: "print ?" })).toHaveLength(3);
    expect(ask({ hist_access_type: "search", pattern: "print*", unique: true })).toEqual([
      [0, 2, "print b"],
      [0, 3, "print a"],
    ]);
    expect(ask({ hist_access_type: "search", pattern: "(v*" })).toEqual([]);
  });
});

describe("stdin", () => {
  test("input() sends input_request with the cell as parent and resolves with input_reply", async () => {
    const k = fakeKernel();
    let asked: Promise<string> | undefined;
    k.engine.execute = async (cell) => {
      asked = k.kernel.requestInput(cell, "name? ", false);
      return { ok: true, hasValue: true, value: await asked };
    };
    const id = k.execute("ask", { allow_stdin: true });
    await until(() => k.stdin.sent.length === 1);
    const request = k.stdin.sent[0];
    expect([request.header.msg_type, request.parent.msg_id, request.content.prompt]).toEqual([
      "input_request",
      id,
      "name? ",
    ]);
    k.kernel.handleStdin(k.frames("input_reply", { value: "Ada" }).frames);
    await until(() => k.iopub.of("execute_result").length === 1);
    expect(k.iopub.of("execute_result")[0].content.data).toEqual({ "text/plain": "'Ada'" });
  });

  test("input() without allow_stdin fails with StdinNotImplementedError", async () => {
    const k = fakeKernel();
    let error: unknown;
    k.engine.execute = async (cell) => {
      error = await k.kernel.requestInput(cell, "", false).catch((e: unknown) => e);
      return { ok: true, hasValue: false, value: undefined };
    };
    k.execute("ask");
    await until(() => error !== undefined);
    expect((error as Error).name).toBe("StdinNotImplementedError");
    expect(k.stdin.sent).toHaveLength(0);
  });
});

describe("shutdown", () => {
  test("shutdown_request on control: idle, reply on control, worker closed, then exit", async () => {
    const k = fakeKernel();
    const id = k.send("shutdown_request", { restart: false }, "control");
    await until(() => k.exits.length === 1);
    expect(k.control.map((m) => [m.header.msg_type, m.content.status])).toEqual([["shutdown_reply", "ok"]]);
    expect(types(k.iopub, id)).toEqual(["status:busy", "status:idle"]);
    expect(k.closed()).toBe(1);
    // A deadline exit is armed in case the orderly path stalls.
    expect(k.scheduled).toHaveLength(1);
  });

  test("shutdown_request on shell is answered on shell", async () => {
    const k = fakeKernel();
    k.send("shutdown_request", { restart: true });
    await until(() => k.exits.length === 1);
    expect(k.shell.of("shutdown_reply")[0].content).toEqual({ status: "ok", restart: true });
  });
});
