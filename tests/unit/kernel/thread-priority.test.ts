import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { Worker } from "node:worker_threads";

/** The nice value of one thread of this process, read from /proc rather than through the code under test. */
function niceOf(tid: number): number {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  // The fields after the command name (which may hold spaces) start with field 3; nice is field 19.
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19 - 3]);
}

/** Runs src/kernel/compiler/thread-priority.ts in a new worker thread: `setup` first, then the call. */
async function inWorker(setup: string, steps: number): Promise<{ tid: number | null; worker: Worker }> {
  const file = path.resolve(__dirname, "../../../src/kernel/compiler/thread-priority.ts");
  const module = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const code = `
    const { parentPort } = require("node:worker_threads");
    const exports = {};
    ${module}
    ${setup}
    parentPort.postMessage(exports.lowerThreadPriority(${steps}) ?? null);
    setInterval(() => {}, 1000);
  `;
  const worker = new Worker(code, { eval: true });
  const tid = await new Promise<number | null>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return { tid, worker };
}

const linux = process.platform === "linux";
if (!linux) console.log("thread-priority tests skipped: per-thread priorities are a Linux feature");
const onLinux = linux ? test : test.skip;

onLinux("a worker thread lowers its own priority and the main thread keeps its own", async () => {
  const before = niceOf(process.pid);
  const { tid, worker } = await inWorker("", 10);
  try {
    expect(tid).not.toBeNull();
    expect(tid).not.toBe(process.pid);
    expect(niceOf(tid as number)).toBe(10);
    expect(niceOf(process.pid)).toBe(before);
  } finally {
    await worker.terminate();
  }
});

onLinux("the priority goes down from where the thread was, and no lower than the lowest", async () => {
  const startAt = (nice: number): string => `
    const tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
    require("node:os").setPriority(tid, ${nice});
  `;
  const { tid, worker } = await inWorker(startAt(3), 10);
  const low = await inWorker(startAt(15), 10);
  try {
    expect(niceOf(tid as number)).toBe(13);
    expect(niceOf(low.tid as number)).toBe(19);
    expect(os.getPriority(low.tid as number)).toBe(19);
  } finally {
    await Promise.all([worker.terminate(), low.worker.terminate()]);
  }
});
