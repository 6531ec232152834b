/**
 * `asyncio.apply()` in a plain tslab kernel (not our kernelspec): from the next cell on, background output
 * finds the cell that started it, as in the tslab-asyncio kernel.
 */
import { Kernel, streamText, type Msg } from "../support/kernel";

jest.setTimeout(90_000);

let kernel: Kernel;
beforeAll(async () => {
  kernel = await Kernel.start("tslab-plain");
});
afterAll(() => kernel?.close());

/** Every text the kernel sent with `parent` as parent: streams and display texts. */
const textsUnder = (all: readonly Msg[], parent: string) =>
  all
    .filter((m) => m.parent_msg_id === parent)
    .map((m) => (m.msg_type === "stream" ? m.content.text : String(m.content.data?.["text/plain"] ?? "")))
    .join("");

test("apply() installs the integration into plain tslab and says it acts from the next cell", async () => {
  const run = await kernel.execute(
    'import * as asyncio from "tslab-asyncio";\nconsole.log(asyncio.apply());',
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toBe(
    "tslab-asyncio: installed into tslab 1.0.22; it takes effect from the next cell.\ntrue\n",
  );
  const again = await kernel.execute("console.log(asyncio.apply());");
  expect(streamText(again.iopub)).toBe("true\n");
});

test("a task's late output goes to the cell that started it, not to the cell running then", async () => {
  const b = await kernel.execute(
    'asyncio.createTask(async () => { await asyncio.sleep(300); console.log("late from B"); }, { name: "bg" });\n' +
      'console.log("B done");',
  );
  expect(streamText(b.iopub)).toBe("B done\n");
  const c = await kernel.execute('await asyncio.sleep(700);\nconsole.log("C done");');
  expect(streamText(c.iopub)).toBe("C done\n");
  const all = await kernel.log();
  expect(textsUnder(all, b.msg_id)).toContain("late from B");
  expect(textsUnder(all, c.msg_id)).not.toContain("late from B");
});

test("after apply(), a cell's last value prints as Node's REPL shows it, without the cell's context", async () => {
  const run = await kernel.execute("Promise.resolve(5)");
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toBe("Promise { 5 }\n");
  const timer = await kernel.execute(
    "const t = setTimeout(() => undefined, 10);\n[t.hasRef(), { p: Promise.resolve(1) }]",
  );
  const text = streamText(timer.iopub);
  expect(text).toContain("Promise { 1 }");
  expect(text).not.toMatch(/kResourceStore|async_id_symbol|msgId|parentHeader/);
});
