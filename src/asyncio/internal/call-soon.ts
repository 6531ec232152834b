// One microtask drains every callback scheduled in the same turn: cheaper than a microtask per callback, and
// FIFO like Python's `loop.call_soon`. A throwing callback is reported without starving the ones after it.
// Pairs of (callback, argument), flat, so scheduling allocates nothing but the queue's chunks.
import { ChunkedQueue } from "./chunked-queue";
import { callExceptionHandler } from "../exception-handler";

const queue = new ChunkedQueue<unknown>();
let scheduled = false;

function drain(): void {
  // Callbacks may schedule more; they run in this drain, after the ones already queued.
  for (let i = 0; i < queue.length; i += 2) {
    const cb = queue.take(i) as (arg: unknown) => void;
    try {
      cb(queue.take(i + 1));
    } catch (e) {
      reportCallbackError(e);
    }
  }
  queue.clear();
  scheduled = false;
}

export function callSoonMicrotask<A>(cb: (arg: A) => void, arg: A): void {
  queue.push(cb);
  queue.push(arg);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(drain);
  }
}

export function reportCallbackError(e: unknown, extra?: Record<string, unknown>): void {
  // Python reports "Exception in callback ..." to the loop exception handler and keeps the loop running.
  callExceptionHandler({ message: "Exception in callback", exception: e, ...extra });
}
