import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { TimeoutError } from "./timeout-error";
import { fromRemote, SYNC_WORKER_SOURCE, toSpec } from "./internal/worker-source";
import type { WorkerReply } from "./internal/worker-source";
import type { WorkerFunction } from "./thread-pool-executor";

let worker: Worker | null = null;

/**
 * Runs an async function to completion and returns its result synchronously, blocking the calling thread.
 *
 * Why not on this thread: V8 cannot finish a promise synchronously on the thread that created it. Promise
 * callbacks run as microtasks only after the current JavaScript stack has unwound (microtasks don't nest), and
 * the timers and I/O that the promise waits for are delivered by libuv's loop, which cannot be re-entered from
 * inside a callback it is running (`uv_run` isn't reentrant). Any "wait here until the promise settles" on the
 * same thread would wait forever. (That is why `run()` returns a promise.)
 *
 * What it does instead: it sends the function's source (or its `{ module, export }` name) and the
 * structured-cloned arguments to a dedicated worker thread, which has its own event loop and runs the function
 * there; this thread sleeps in `Atomics.wait` until the worker signals, then reads the reply synchronously.
 * So the function must be self-contained: it cannot see this thread's variables (a reference to one fails with
 * a clear error), and its result must be structured-cloneable.
 *
 * @param fn A self-contained (async) function, or `{ module, export }`.
 * @param args Structured-cloned arguments.
 * @returns The function's result.
 * @throws {TimeoutError} If it takes longer than `runSync.timeoutMs` (default 30,000 ms); the worker is then
 *   stopped and replaced.
 * @throws {TypeError} If `fn` or the arguments cannot be sent to a worker.
 * @throws The function's own error, with its name, message and remote stack.
 *
 * @example Reading a URL synchronously
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const status = asyncio.runSync(async (url: string) => (await fetch(url)).status, "https://example.com");
 * console.log(status);
 * ```
 */
export function runSync<A extends unknown[], R>(fn: WorkerFunction<A, R>, ...args: A): Awaited<R> {
  const spec = toSpec(fn, "runSync()");
  const name =
    typeof fn === "function" ? fn.name || "the function" : `${fn.module}#${fn.export ?? "default"}`;
  // threadId turns -1 as soon as a worker stops, before its "exit" event (which cannot run while we block).
  if (worker === null || worker.threadId < 0) worker = createWorker();
  const shared = new SharedArrayBuffer(4);
  const flag = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  try {
    try {
      worker.postMessage({ spec, args, port: port2, shared }, [port2]);
    } catch (e) {
      throw new TypeError(
        `runSync(): the arguments could not be structured-cloned (${(e as Error).message}). Pass plain data.`,
      );
    }
    const timeoutMs = runSync.timeoutMs;
    if (Atomics.wait(flag, 0, 0, timeoutMs) === "timed-out") {
      void worker.terminate();
      worker = null;
      throw new TimeoutError(
        `runSync(): ${name} did not finish within ${timeoutMs} ms; its worker was stopped.`,
      );
    }
    const message = receiveMessageOnPort(port1);
    if (message === undefined) {
      throw new Error(`runSync(): the worker running ${name} signalled completion without a reply.`);
    }
    const reply = message.message as WorkerReply;
    if (!reply.ok) {
      if (reply.exited === true) worker = null;
      throw fromRemote(reply.error, name);
    }
    return reply.value as Awaited<R>;
  } finally {
    port1.close();
  }
}

/** How long `runSync` waits before giving up, in milliseconds. */
runSync.timeoutMs = 30_000;

function createWorker(): Worker {
  const w = new Worker(SYNC_WORKER_SOURCE, { eval: true });
  // An idle worker must not keep the process alive; a crash makes the next call start a fresh one.
  w.unref();
  w.on("error", () => {
    if (worker === w) worker = null;
  });
  w.on("exit", () => {
    if (worker === w) worker = null;
  });
  return w;
}
