import { Waiters } from "./internal/waiters";
import { QueueEmpty, QueueFull, QueueShutDown } from "./queue-errors";
import type { SignalOptions } from "./sleep";
import { cancelledAfterWake } from "./task";

/** Options of the queues. */
export interface QueueOptions {
  /** The most items the queue holds; `put()` waits beyond it. 0 (the default) means unbounded. */
  maxsize?: number;
}

/**
 * A FIFO queue for tasks, like Python's `asyncio.Queue`: `put()` waits while the queue is full, `get()` while
 * it is empty (both FIFO-fair); `taskDone()` and `join()` track processing; `shutdown()` ends it.
 *
 * @typeParam T The item type.
 *
 * @example Producer and consumers
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const queue = new asyncio.Queue<number>({ maxsize: 2 });
 * const consumer = asyncio.createTask(async () => {
 *   for (;;) {
 *     const item = await queue.get();
 *     console.log("got", item);
 *     queue.taskDone();
 *   }
 * });
 * for (let i = 0; i < 5; i++) await queue.put(i);
 * await queue.join();
 * consumer.cancel();
 * ```
 */
export class Queue<T> {
  readonly #maxsize: number;
  #getters = new Waiters("Queue.get()");
  #putters = new Waiters("Queue.put()");
  #finished = new Waiters("Queue.join()");
  #unfinished = 0;
  #shutdown = false;

  /**
   * @param options `maxsize`.
   * @throws {RangeError} If `maxsize` is negative or not an integer.
   */
  constructor(options?: QueueOptions) {
    const maxsize = options?.maxsize ?? 0;
    if (!Number.isInteger(maxsize) || maxsize < 0) {
      throw new RangeError(
        `Queue maxsize must be an integer >= 0 (0: unbounded), but received ${String(maxsize)}.`,
      );
    }
    this.#maxsize = maxsize;
  }

  /** The capacity (0: unbounded). */
  get maxsize(): number {
    return this.#maxsize;
  }

  /** How many items are queued. */
  qsize(): number {
    return this._size();
  }

  /** `true` if there is no item. */
  empty(): boolean {
    return this._size() === 0;
  }

  /** `true` if a bounded queue holds `maxsize` items. */
  full(): boolean {
    return this.#maxsize > 0 && this._size() >= this.#maxsize;
  }

  /**
   * Adds an item, waiting for a free slot if the queue is full.
   *
   * @param item The item.
   * @param options `signal` to give up waiting.
   * @throws {QueueShutDown} If the queue is (or gets) shut down.
   */
  async put(item: T, options?: SignalOptions): Promise<void> {
    while (this.full()) {
      if (this.#shutdown) throw new QueueShutDown();
      try {
        await this.#putters.wait(options?.signal);
        // Cancelled after the wake-up but before resuming: the item must not go in (Python raises here).
        const late = cancelledAfterWake(options?.signal);
        if (late !== undefined) throw late;
      } catch (e) {
        // Pass our wake-up on: a slot may be free and another putter waiting for it.
        if (!this.full()) this.#putters.wakeOne();
        throw e;
      }
    }
    this.putNowait(item);
  }

  /**
   * Adds an item without waiting.
   *
   * @param item The item.
   * @throws {QueueFull} If the queue is full.
   * @throws {QueueShutDown} If the queue is shut down.
   */
  putNowait(item: T): void {
    if (this.#shutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this._put(item);
    this.#unfinished++;
    this.#getters.wakeOne();
  }

  /**
   * Removes and returns the next item, waiting if the queue is empty.
   *
   * @param options `signal` to give up waiting.
   * @returns The item.
   * @throws {QueueShutDown} If the queue is shut down and empty.
   */
  async get(options?: SignalOptions): Promise<T> {
    while (this.empty()) {
      if (this.#shutdown) throw new QueueShutDown();
      try {
        await this.#getters.wait(options?.signal);
        // Cancelled after the wake-up but before resuming: leave the item for the next getter.
        const late = cancelledAfterWake(options?.signal);
        if (late !== undefined) throw late;
      } catch (e) {
        if (!this.empty()) this.#getters.wakeOne();
        throw e;
      }
    }
    return this.getNowait();
  }

  /**
   * Removes and returns the next item without waiting.
   *
   * @returns The item.
   * @throws {QueueEmpty} If the queue is empty.
   * @throws {QueueShutDown} If the queue is shut down and empty.
   */
  getNowait(): T {
    if (this.empty()) {
      if (this.#shutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._get();
    this.#putters.wakeOne();
    return item;
  }

  /**
   * Marks one item (from `get()`) as processed; `join()` returns when all are.
   *
   * @throws {RangeError} If called more times than items were put ("taskDone() called too many times").
   */
  taskDone(): void {
    if (this.#unfinished <= 0) {
      throw new RangeError("taskDone() called too many times: call it once per item taken with get().");
    }
    if (--this.#unfinished === 0) this.#finished.wakeAll();
  }

  /**
   * Waits until every item put has been marked with `taskDone()`.
   *
   * @param options `signal` to give up waiting.
   */
  async join(options?: SignalOptions): Promise<void> {
    if (this.#unfinished === 0) return;
    await this.#finished.wait(options?.signal);
    const late = cancelledAfterWake(options?.signal);
    if (late !== undefined) throw late;
  }

  /**
   * Shuts the queue down (Python 3.13): `put` then throws `QueueShutDown`, and so does `get` once the queue is
   * empty; blocked callers are woken. With `immediate`, the remaining items are dropped (and counted as done).
   *
   * @param immediate Drop queued items now. Default `false`.
   */
  shutdown(immediate = false): void {
    this.#shutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._get();
        if (this.#unfinished > 0) this.#unfinished--;
      }
      if (this.#unfinished === 0) this.#finished.wakeAll();
    }
    this.#getters.wakeAll();
    this.#putters.wakeAll();
  }

  // Storage hooks, overridden by PriorityQueue and LifoQueue (Python's _put/_get).
  #items: T[] = [];
  #head = 0;

  /** Storage hook: the number of stored items. */
  protected _size(): number {
    return this.#items.length - this.#head;
  }

  /** Storage hook: stores an item. */
  protected _put(item: T): void {
    this.#items.push(item);
  }

  /** Storage hook: removes the next item (called only when not empty). */
  protected _get(): T {
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined as T;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}

/**
 * A queue that returns the smallest item first, like Python's `asyncio.PriorityQueue` (a binary heap). Items
 * are compared with `compare`, by default like Python: numbers and strings by `<`, arrays (tuples)
 * element by element, so `[priority, data]` pairs work.
 *
 * @typeParam T The item type.
 *
 * @example Most urgent first
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const queue = new asyncio.PriorityQueue<[number, string]>();
 * queue.putNowait([2, "later"]);
 * queue.putNowait([1, "now"]);
 * console.log(queue.getNowait()); // [1, "now"]
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  #heap: T[] = [];
  readonly #compare: (a: T, b: T) => number;

  /** @param options `maxsize`, and `compare` (negative when `a` comes first). */
  constructor(options?: QueueOptions & { compare?: (a: T, b: T) => number }) {
    super(options);
    this.#compare = options?.compare ?? pythonCompare;
  }

  protected override _size(): number {
    return this.#heap.length;
  }

  protected override _put(item: T): void {
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#compare(heap[i], heap[parent]) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  protected override _get(): T {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.#compare(heap[l], heap[m]) < 0) m = l;
        if (r < heap.length && this.#compare(heap[r], heap[m]) < 0) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * A queue that returns the newest item first, like Python's `asyncio.LifoQueue`.
 *
 * @typeParam T The item type.
 *
 * @example A stack
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const stack = new asyncio.LifoQueue<string>();
 * stack.putNowait("a");
 * stack.putNowait("b");
 * console.log(stack.getNowait()); // "b"
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  #stack: T[] = [];

  protected override _size(): number {
    return this.#stack.length;
  }

  protected override _put(item: T): void {
    this.#stack.push(item);
  }

  protected override _get(): T {
    return this.#stack.pop()!;
  }
}

function pythonCompare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pythonCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if ((a as number) < (b as number)) return -1;
  if ((a as number) > (b as number)) return 1;
  return 0;
}
