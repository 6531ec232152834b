/**
 * Values display as Node's REPL displays them: nothing of the kernel's own async context (the cell's code,
 * message ids, session) appears when a cell shows or prints a promise, a timer, or an object holding them.
 */
import { Kernel, streamText } from "../support/kernel";

jest.setTimeout(120_000);

let kernel: Kernel;
beforeAll(async () => {
  kernel = await Kernel.start("tslab-asyncio");
});
afterAll(() => kernel?.close());

const INTERNAL = /kResourceStore|async_id_symbol|msgId|parentHeader|session|username|AbortController/;

const resultText = async (code: string): Promise<string> => {
  const run = await kernel.execute(code);
  expect(run.reply.content.status).toBe("ok");
  return String(run.iopub.find((m) => m.msg_type === "execute_result")?.content.data["text/plain"]);
};

test("a cell ending in Promise.resolve(5) shows Promise { 5 }", async () => {
  expect(await resultText("Promise.resolve(5)")).toBe("Promise { 5 }");
});

test("a timer, and an object holding promises, show no async context", async () => {
  const timer = await resultText("const t = setTimeout(() => {}, 60_000);\nt");
  expect(timer).toMatch(/^Timeout \{/);
  expect(timer).not.toMatch(INTERNAL);
  const nested = await resultText(
    "({ a: [Promise.resolve(1)], b: new Map([[1, Promise.reject(new Error('x')).catch(() => 2)]]) })",
  );
  expect(nested).toContain("Promise { 1 }");
  expect(nested).not.toMatch(INTERNAL);
  await kernel.execute("clearTimeout(t)");
});

test("console.log of a promise prints Promise { 5 }", async () => {
  const run = await kernel.execute("console.log(Promise.resolve(5))");
  expect(streamText(run.iopub)).toBe("Promise { 5 }\n");
});
