/**
 * What users rely on from tslab's compiler, now that it runs on the compile worker: type errors reported
 * before any of the cell runs, declarations carried across cells, completion and inspection in the context
 * of earlier cells, `@module` cells, top-level `for await`, and `is_complete`.
 */
import { Kernel, streamText, type Msg, type StartInfo } from "../support/kernel";
import { expectGone } from "../support/processes";

jest.setTimeout(120_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.start("tslab-asyncio");
});
afterAll(async () => {
  const pid = kernel?.info.pid;
  await kernel?.close();
  if (pid) await expectGone(pid);
});

const of = (msgs: Msg[], type: string): Msg[] => msgs.filter((m) => m.msg_type === type);

async function value(code: string): Promise<string> {
  const run = await kernel.execute(code);
  expect(run.reply.content).toMatchObject({ status: "ok" });
  const results = of(run.iopub, "execute_result");
  expect(results).toHaveLength(1);
  return (results[0].content.data as Record<string, string>)["text/plain"];
}

async function request(msg_type: string, content: Record<string, unknown>): Promise<Record<string, unknown>> {
  return (await kernel.reply(await kernel.send(msg_type, content))).content;
}

describe("type errors", () => {
  test("a type error is reported and none of the cell runs", async () => {
    const run = await kernel.execute('console.log("ran");\nconst s: string = 42;');
    expect(run.reply.content.status).toBe("error");
    expect(run.reply.content.ename).toBe("TypeScriptError");
    expect(run.reply.content.evalue).toBe("2:7 - Type 'number' is not assignable to type 'string'.");
    expect(streamText(run.iopub)).toBe("");
  });

  test("a cell that failed its type check declares nothing", async () => {
    await kernel.execute("const never1: number = 'x';");
    const run = await kernel.execute("never1");
    expect(run.reply.content.status).toBe("error");
    expect(String(run.reply.content.evalue)).toContain("Cannot find name 'never1'");
  });
});

describe("declarations across cells", () => {
  test("values, types, interfaces, functions and classes of earlier cells are usable and typed", async () => {
    await kernel.execute(
      [
        "const base: number = 40;",
        "type Pair = [string, number];",
        "interface Named { name: string }",
        "function twice(n: number): number { return n * 2; }",
        "class Counter { n = 0; inc(): number { return ++this.n; } }",
      ].join("\n"),
    );
    expect(
      await value("const p: Pair = ['a', twice(base) / 40]; const who: Named = { name: 'x' }; p[1] + base"),
    ).toBe("42");
    expect(await value("new Counter().inc() + p[1]")).toBe("3");
    const wrong = await kernel.execute("const n: string = base;");
    expect(wrong.reply.content.evalue).toBe("1:7 - Type 'number' is not assignable to type 'string'.");
  });

  test("a later cell can declare a name again with another type", async () => {
    await kernel.execute("let again = 1;");
    expect(await value("let again = 'now a string'; again.toUpperCase()")).toBe("'NOW A STRING'");
    expect(await value("typeof again")).toBe("'string'");
  });

  test("an @module cell registers a module that later cells import", async () => {
    const mod = await kernel.execute("/** @module shapes */\nexport const sides = (n: number): number => n;");
    expect(mod.reply.content.status).toBe("ok");
    expect(await value('import { sides } from "./shapes";\nsides(3) + 1')).toBe("4");
  });

  test("a top-level for await with no other await runs", async () => {
    const run = await kernel.execute(
      "async function* gen() { yield 1; yield 2; }\nfor await (const v of gen()) console.log(v);",
    );
    expect(run.reply.content.status).toBe("ok");
    expect(streamText(run.iopub)).toBe("1\n2\n");
  });
});

describe("completion and inspection", () => {
  test("completion offers members of a value declared in an earlier cell", async () => {
    await kernel.execute("const greeting = { hello: 1, help: 'me', other: true };");
    const code = "greeting.hel";
    const reply = await request("complete_request", { code, cursor_pos: code.length });
    expect(reply).toMatchObject({ status: "ok", cursor_start: 9, cursor_end: code.length });
    expect(reply.matches).toEqual(["hello", "help"]);
  });

  test("inspection shows the type of an earlier cell's declaration", async () => {
    await kernel.execute("/** How many. */\nconst howMany: number = 3;");
    const reply = await request("inspect_request", { code: "howMany", cursor_pos: 3, detail_level: 0 });
    expect(reply).toMatchObject({ status: "ok", found: true });
    expect((reply.data as Record<string, string>)["text/plain"]).toBe("const howMany: number\n\nHow many.");
    const none = await request("inspect_request", { code: "   ", cursor_pos: 1, detail_level: 0 });
    expect(none).toMatchObject({ status: "ok", found: false, data: {} });
  });

  test("is_complete answers complete, incomplete with an indent, and invalid", async () => {
    expect(await request("is_complete_request", { code: "const x = 1;" })).toEqual({ status: "complete" });
    expect(await request("is_complete_request", { code: "function f() {" })).toEqual({
      status: "incomplete",
      indent: "  ",
    });
    expect(await request("is_complete_request", { code: "1 +* 2" })).toEqual({ status: "invalid" });
  });
});
