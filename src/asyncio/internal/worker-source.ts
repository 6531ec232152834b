// The code that runs inside executor workers, shared by the pool (piscina loads it from a file) and runSync
// (an eval'd worker). It is kept as a string so it works the same from lib/ and from ts-jest's src/.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What a worker is asked to run: a self-contained function's source, or a module export. */
export type WorkerSpec = { source: string } | { module: string; export: string };

/** What a worker answers. */
export type WorkerReply = { ok: true; value: unknown } | { ok: false; error: RemoteError; exited?: true };

export interface RemoteError {
  name: string;
  message: string;
  stack?: string;
}

const LOADER = String.raw`
const cache = new Map();
function load(spec) {
  if (spec.source !== undefined) {
    let fn = cache.get(spec.source);
    if (fn === undefined) {
      fn = new Function("require", "return (" + spec.source + "\n);")(require);
      cache.set(spec.source, fn);
    }
    return fn;
  }
  const mod = require(spec.module);
  const fn = spec.export === "default" && typeof mod === "function" ? mod : mod[spec.export];
  if (typeof fn !== "function") {
    throw new TypeError("Module " + spec.module + " has no function export named " + JSON.stringify(spec.export) + ".");
  }
  return fn;
}
async function call(job) {
  try {
    return { ok: true, value: await load(job.spec).apply(undefined, job.args) };
  } catch (e) {
    return {
      ok: false,
      error: e instanceof Error
        ? { name: e.name, message: e.message, stack: e.stack }
        : { name: "Error", message: "A non-Error value was thrown: " + String(e) },
    };
  }
}
`;

/** The piscina worker module. */
export const POOL_WORKER_SOURCE = `"use strict";${LOADER}\nmodule.exports = call;\n`;

/** The runSync worker (eval'd): runs a job, posts the reply on the job's port, then wakes the waiting thread. */
export const SYNC_WORKER_SOURCE = `"use strict";
const { parentPort } = require("node:worker_threads");
${LOADER}
let running = null;
// A job that kills its worker (process.exit, an uncaught error) must still wake the blocked caller.
process.on("exit", (code) => {
  if (running === null) return;
  running.port.postMessage({ ok: false, exited: true, error: { name: "Error", message: "runSync: the worker exited with code " + code + " before the function finished (process.exit() or an uncaught error in it)." } });
  const flag = new Int32Array(running.shared);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
parentPort.on("message", async (job) => {
  running = job;
  const reply = await call(job);
  running = null;
  try {
    job.port.postMessage(reply);
  } catch (e) {
    job.port.postMessage({ ok: false, error: { name: "DataCloneError", message: "runSync: the result could not be structured-cloned back (" + e.message + "). Return plain data." } });
  }
  const flag = new Int32Array(job.shared);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

let poolWorkerFile: string | undefined;

/** Writes the pool worker module once per process and returns its path. */
export function poolWorkerFilename(): string {
  if (poolWorkerFile === undefined || !fs.existsSync(poolWorkerFile)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-"));
    poolWorkerFile = path.join(dir, "executor-worker.js");
    fs.writeFileSync(poolWorkerFile, POOL_WORKER_SOURCE);
  }
  return poolWorkerFile;
}

/** The function to send, checked and turned into a spec; throws a clear error for what cannot be sent. */
export function toSpec(fn: unknown, caller: string): WorkerSpec {
  if (typeof fn === "function") {
    const source = Function.prototype.toString.call(fn);
    if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
      throw new TypeError(
        `${caller}: ${fn.name || "this function"} is native or bound, so its code cannot be sent to a worker. ` +
          "Wrap it in a self-contained function, or name it by { module, export }.",
      );
    }
    try {
      new Function(`return (${source}\n);`);
    } catch {
      throw new TypeError(
        `${caller}: the source of ${fn.name || "this function"} is not a standalone function expression ` +
          "(a method shorthand?). Pass an arrow or function expression, or name it by { module, export }.",
      );
    }
    return { source };
  }
  if (fn !== null && typeof fn === "object" && typeof (fn as { module?: unknown }).module === "string") {
    const spec = fn as { module: string; export?: string };
    let resolved = spec.module;
    try {
      resolved = require.resolve(spec.module, { paths: [process.cwd()] });
    } catch {
      // Left to the worker, which reports the failed require with its own message.
    }
    return { module: resolved, export: spec.export ?? "default" };
  }
  throw new TypeError(
    `${caller} needs a function or { module, export }, but received ${typeof fn === "object" ? String(fn) : typeof fn}.`,
  );
}

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
};

/** Rebuilds a worker's error in this thread, keeping its name, message and remote stack. */
export function fromRemote(error: RemoteError, what: string): Error {
  let message = error.message;
  if (error.name === "ReferenceError") {
    message +=
      `. ${what.charAt(0).toUpperCase()}${what.slice(1)} ran in a worker thread, where only its parameters and globals exist: make it self-contained ` +
      "(require() what it needs inside it) or name it by { module, export }";
  }
  const Ctor = BUILTIN_ERRORS[error.name] ?? Error;
  const e = new Ctor(message);
  e.name = error.name;
  e.stack = `${error.name}: ${message}\n    [in worker]\n${(error.stack ?? "").split("\n").slice(1).join("\n")}`;
  return e;
}
