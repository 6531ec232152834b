/**
 * Completion, inspection and is_complete are answered by the compile worker, so the engine answers them
 * with promises: the reply goes out when the answer arrives, `idle` only after it, and a failed answer
 * gets an error reply. Driven on the protocol kernel with fake sockets (no process is started).
 */
import type { Content } from "../../src/kernel/wire";
import { childrenOf, fakeKernel } from "../unit/kernel/protocol-helpers";

const types = (k: ReturnType<typeof fakeKernel>, id: string): string[] =>
  childrenOf(k.iopub, id).map((m) =>
    m.header.msg_type === "status" ? `status:${String(m.content.execution_state)}` : m.header.msg_type,
  );

/** A promise and the function that settles it, so a test decides when the "worker" answers. */
function later<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: Error): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test("a promised answer is replied when it arrives, and idle follows the reply", async () => {
  const k = fakeKernel();
  const answer = later<Content>();
  Object.assign(k.engine, { complete: () => answer.promise });
  const id = k.send("complete_request", { code: "x.", cursor_pos: 2 });
  await Promise.resolve();
  expect(k.shell.of("complete_reply")).toEqual([]);
  expect(types(k, id)).toEqual(["status:busy"]);
  answer.resolve({ status: "ok", matches: ["toFixed"], cursor_start: 2, cursor_end: 2, metadata: {} });
  await new Promise((r) => setImmediate(r));
  expect(k.shell.of("complete_reply")[0].content).toMatchObject({ matches: ["toFixed"] });
  expect(types(k, id)).toEqual(["status:busy", "status:idle"]);
});

test("a promised answer that fails gets an error reply and the request still ends idle", async () => {
  const k = fakeKernel();
  const answer = later<Content>();
  Object.assign(k.engine, { inspect: () => answer.promise });
  const id = k.send("inspect_request", { code: "x", cursor_pos: 1 });
  answer.reject(new Error("The TypeScript compiler thread stopped"));
  await new Promise((r) => setImmediate(r));
  expect(k.shell.of("inspect_reply")[0].content).toMatchObject({
    status: "error",
    ename: "KernelError",
    evalue: "Error: The TypeScript compiler thread stopped",
  });
  expect(types(k, id)).toEqual(["status:busy", "status:idle"]);
  expect(k.logs.join("")).toMatch(/inspect_request failed/);
});

test("requests answered at once while another waits for the worker are not held up", async () => {
  const k = fakeKernel();
  const answer = later<Content>();
  Object.assign(k.engine, { isComplete: () => answer.promise });
  const slow = k.send("is_complete_request", { code: "1 +" });
  const info = k.send("kernel_info_request");
  expect(k.shell.of("kernel_info_reply")).toHaveLength(1);
  expect(types(k, info)).toEqual(["status:busy", "status:idle"]);
  answer.resolve({ status: "incomplete", indent: "" });
  await new Promise((r) => setImmediate(r));
  expect(k.shell.of("is_complete_reply")[0].content).toEqual({ status: "incomplete", indent: "" });
  expect(types(k, slow)).toEqual(["status:busy", "status:idle"]);
});
