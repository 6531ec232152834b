/**
 * Values, errors and protocol replies: execute_input/execute_result/error, abort
 * semantics, top-level `for await`, silent executions, reply dates, idle ordering, and the replies tslab
 * got wrong or never sent.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Kernel, executeContent, streamText, type Msg } from "../support/kernel";

const versionOf = (pkgJson: string): string =>
  (JSON.parse(fs.readFileSync(pkgJson, "utf8")) as { version: string }).version;

jest.setTimeout(120_000);

let kernel: Kernel;
beforeAll(async () => {
  kernel = await Kernel.start("tslab-asyncio");
});
afterAll(() => kernel?.close());

const of = (msgs: Msg[], type: string): Msg[] => msgs.filter((m) => m.msg_type === type);

describe("values", () => {
  test("execute_input then execute_result with the execution count; strings and numbers differ", async () => {
    const str = await kernel.execute('"42"');
    const num = await kernel.execute("42");
    for (const run of [str, num]) {
      const types = run.iopub.map((m) => m.msg_type);
      expect(types).toEqual(["status", "execute_input", "execute_result", "status"]);
      const count = run.reply.content.execution_count as number;
      expect(of(run.iopub, "execute_input")[0].content.execution_count).toBe(count);
      expect(of(run.iopub, "execute_result")[0].content.execution_count).toBe(count);
    }
    expect(of(str.iopub, "execute_result")[0].content.data["text/plain"]).toBe("'42'");
    expect(of(num.iopub, "execute_result")[0].content.data["text/plain"]).toBe("42");
    expect(num.reply.content.execution_count).toBe((str.reply.content.execution_count as number) + 1);
  });

  test('objects implementing Symbol.for("Jupyter.display") give a rich MIME bundle', async () => {
    const run = await kernel.execute(
      'const rich = { [Symbol.for("Jupyter.display")]() { return { "text/html": "<b>rich</b>", "text/markdown": "**rich**" }; } };\nrich',
    );
    const data = of(run.iopub, "execute_result")[0].content.data as Record<string, string>;
    expect(data["text/html"]).toBe("<b>rich</b>");
    expect(data["text/markdown"]).toBe("**rich**");
    expect(typeof data["text/plain"]).toBe("string");
  });

  test("undefined as last value produces no execute_result", async () => {
    const run = await kernel.execute("let nothing = undefined;\nnothing");
    expect(of(run.iopub, "execute_result")).toEqual([]);
  });
});

describe("errors", () => {
  test("a thrown error is an error message and an error reply with cell line numbers and no tslab frames", async () => {
    const run = await kernel.execute(
      "const a: number = 1;\nfunction fail(n: number): never {\n  throw new TypeError(`bad ${n}`);\n}\nfail(a);",
    );
    expect(run.reply.content.status).toBe("error");
    expect(run.reply.content.ename).toBe("TypeError");
    expect(run.reply.content.evalue).toBe("bad 1");
    const errors = of(run.iopub, "error");
    expect(errors.length).toBe(1);
    const tb = (errors[0].content.traceback as string[]).join("\n");
    expect(tb).toContain("TypeError: bad 1");
    expect(tb).toMatch(/<cell \d+>:3/);
    expect(tb).toMatch(/<cell \d+>:5/);
    expect(tb).not.toMatch(/tslab[\\/]dist|node:internal|evalmachine/);
    expect(run.reply.content.traceback).toEqual(errors[0].content.traceback);
  });

  test("a type error is reported as an error with the diagnostic", async () => {
    const run = await kernel.execute('const s: number = "text";');
    expect(run.reply.content.status).toBe("error");
    expect(String(run.reply.content.evalue)).toContain("not assignable to type 'number'");
    expect(of(run.iopub, "error").length).toBe(1);
  });

  test("after an error, queued requests are aborted; a request sent after the error reply runs", async () => {
    const failing = await kernel.send(
      "execute_request",
      executeContent('await new Promise((r) => setTimeout(r, 300));\nthrow new Error("stop");'),
    );
    const queued = await kernel.send("execute_request", executeContent('console.log("queued");'));
    expect((await kernel.reply(failing)).content.status).toBe("error");
    const queuedReply = await kernel.reply(queued);
    expect(queuedReply.content.status).toBe("aborted");
    expect((await kernel.waitIdle(queued)).idle).toBe(true);
    const after = await kernel.execute('console.log("after");');
    expect(after.reply.content.status).toBe("ok");
    expect(streamText(after.iopub)).toBe("after\n");
  });

  test("stop_on_error false on the failing request keeps queued requests", async () => {
    const failing = await kernel.send(
      "execute_request",
      executeContent('await new Promise((r) => setTimeout(r, 300));\nthrow new Error("keep going");', {
        stop_on_error: false,
      }),
    );
    const queued = await kernel.send("execute_request", executeContent('console.log("still runs");'));
    expect((await kernel.reply(failing)).content.status).toBe("error");
    expect((await kernel.reply(queued)).content.status).toBe("ok");
    expect(streamText((await kernel.waitIdle(queued)).iopub)).toBe("still runs\n");
  });
});

describe("top-level await", () => {
  test("for await alone at top level works and its declarations persist", async () => {
    const run = await kernel.execute(
      "async function* gen() { yield 1; yield 2; }\nconst seen: number[] = [];\nfor await (const v of gen()) seen.push(v);\nconsole.log(seen.join(','));",
    );
    expect(run.reply.content.status).toBe("ok");
    expect(streamText(run.iopub)).toBe("1,2\n");
    const next = await kernel.execute("const [first] = seen;\nconsole.log(first + seen.length);");
    expect(streamText(next.iopub)).toBe("3\n");
  });
});

describe("protocol details", () => {
  test("silent executions send no execute_input or execute_result and keep the execution count", async () => {
    const before = await kernel.execute("1");
    const silent = await kernel.execute("2", { silent: true });
    const after = await kernel.execute("3");
    expect(silent.iopub.map((m) => m.msg_type)).toEqual(["status", "status"]);
    expect(after.reply.content.execution_count).toBe((before.reply.content.execution_count as number) + 1);
  });

  test("execute_reply is dated when it is sent, not when the request arrived", async () => {
    const run = await kernel.execute("await new Promise((r) => setTimeout(r, 1200));");
    const busy = run.iopub.find((m) => m.msg_type === "status")!;
    const sent = Date.parse(String(run.reply.header!.date).replace(" ", "T"));
    const arrived = Date.parse(busy.date.replace(" ", "T"));
    expect(sent - arrived).toBeGreaterThanOrEqual(1100);
    expect(run.reply.metadata.started).toBeDefined();
  });

  test("front-ends never see idle while a cell executes; other requests are answered meanwhile", async () => {
    const cell = await kernel.send(
      "execute_request",
      executeContent("await new Promise((r) => setTimeout(r, 800));"),
    );
    const info = await kernel.send("kernel_info_request");
    expect((await kernel.reply(info)).content.status).toBe("ok");
    await kernel.reply(cell);
    await kernel.waitIdle(info);
    const log = await kernel.log();
    const start = log.findIndex((m) => m.parent_msg_id === cell && m.msg_type === "status");
    const end = log.findIndex((m) => m.parent_msg_id === cell && m.content.execution_state === "idle");
    const between = log.slice(start + 1, end).filter((m) => m.content.execution_state === "idle");
    expect(between).toEqual([]);
    expect(log.some((m) => m.parent_msg_id === info && m.content.execution_state === "idle")).toBe(true);
  });

  test("kernel_info_reply has status and true versions", async () => {
    const reply = await kernel.reply(await kernel.send("kernel_info_request"));
    expect(reply.content.status).toBe("ok");
    expect(reply.content.implementation).toBe("tslab-asyncio");
    expect(reply.content.implementation_version).toBe(versionOf(path.join(__dirname, "../../package.json")));
    expect(reply.content.language_info.version).toBe(
      versionOf(require.resolve("@tslab/typescript-for-tslab/package.json")),
    );
  });

  test("comm_info_request gets a comm_info_reply", async () => {
    const reply = await kernel.reply(await kernel.send("comm_info_request", {}));
    expect(reply.msg_type).toBe("comm_info_reply");
    expect(reply.content).toEqual({ status: "ok", comms: {} });
  });

  test("is_complete answers complete, incomplete and invalid", async () => {
    const ask = async (code: string): Promise<string> =>
      (await kernel.reply(await kernel.send("is_complete_request", { code }))).content.status as string;
    expect(await ask("const x = 1;")).toBe("complete");
    expect(await ask("function f() {")).toBe("incomplete");
    expect(await ask("1 +* 2")).toBe("invalid");
  });

  test("history_request answers tail, range and search", async () => {
    await kernel.execute("const historyMarker = 7;");
    await kernel.execute("historyMarker * 6");
    const history = async (content: Record<string, unknown>): Promise<unknown[][]> =>
      (await kernel.reply(await kernel.send("history_request", { output: false, raw: true, ...content })))
        .content.history;
    const tail = await history({ hist_access_type: "tail", n: 2 });
    expect(tail.map((h) => h[2])).toEqual(["const historyMarker = 7;", "historyMarker * 6"]);
    const [session, line] = tail[1] as [number, number];
    const range = await history({ hist_access_type: "range", session, start: line, stop: line + 1 });
    expect(range).toEqual([[session, line, "historyMarker * 6"]]);
    const search = await history({ hist_access_type: "search", pattern: "historyMarker *" });
    expect(search.map((h) => h[2])).toEqual(["historyMarker * 6"]);
    const withOutput = await history({ hist_access_type: "tail", n: 1, output: true });
    expect((withOutput[0][2] as unknown[]).length).toBe(2);
  });

  test("unknown requests do not leak text into the last cell", async () => {
    const last = await kernel.execute('console.log("last");');
    await kernel.send("no_such_request", {});
    await kernel.drain(0.3);
    const log = await kernel.log();
    expect(
      streamText(
        log.filter((m) => m.parent_msg_id === last.msg_id),
        "stderr",
      ),
    ).toBe("");
  });
});
