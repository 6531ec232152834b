/**
 * Raised by `Queue.getNowait()` when the queue has no item.
 *
 * @example Polling an empty queue
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const queue = new asyncio.Queue<number>();
 * try {
 *   queue.getNowait();
 * } catch (e) {
 *   console.log(e instanceof asyncio.QueueEmpty); // true
 * }
 * ```
 */
export class QueueEmpty extends Error {
  constructor(message?: string) {
    super(message ?? "The queue is empty: await get() to wait for an item.");
    this.name = "QueueEmpty";
  }
}

/**
 * Raised by `Queue.putNowait()` when a bounded queue is at its `maxsize`.
 *
 * @example Overfilling a bounded queue
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const queue = new asyncio.Queue<number>({ maxsize: 1 });
 * queue.putNowait(1);
 * try {
 *   queue.putNowait(2);
 * } catch (e) {
 *   console.log(e instanceof asyncio.QueueFull); // true
 * }
 * ```
 */
export class QueueFull extends Error {
  constructor(message?: string) {
    super(message ?? "The queue is full: await put() to wait for a free slot.");
    this.name = "QueueFull";
  }
}

/**
 * Raised by `put`/`putNowait` after `Queue.shutdown()`, and by `get`/`getNowait` once a shut-down queue is empty
 * (immediately after `shutdown(true)`).
 *
 * @example Getting from a shut-down queue
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const queue = new asyncio.Queue<number>();
 * queue.shutdown();
 * const error = await queue.get().catch((e: unknown) => e);
 * console.log(error instanceof asyncio.QueueShutDown); // true
 * ```
 */
export class QueueShutDown extends Error {
  constructor(message?: string) {
    super(message ?? "The queue was shut down: no more items can be put, and none are left to get.");
    this.name = "QueueShutDown";
  }
}
