// A FIFO of parked waiters, shared by the locks and queues. Entries are removed when their wait ends for any
// reason, so cancelled waiters never pile up.
import { park } from "../task";

export class Waiters {
  #queue: (() => void)[] = [];
  /** What a task parked here waits for, as `task.awaiting` shows it (e.g. `"Queue.get()"`). */
  readonly #what: string;

  constructor(what: string) {
    this.#what = what;
  }

  get size(): number {
    return this.#queue.length;
  }

  /** Parks the caller until `wakeOne()`/`wakeAll()` reaches it (or it is cancelled / aborted). */
  wait(signal: AbortSignal | undefined): Promise<void> {
    return park<void>(
      (resolve) => {
        const entry = (): void => resolve();
        this.#queue.push(entry);
        return () => this.#remove(entry);
      },
      signal,
      this.#what,
    );
  }

  /** Wakes the oldest waiter; `false` if there was none. */
  wakeOne(): boolean {
    const entry = this.#queue.shift();
    if (entry === undefined) return false;
    entry();
    return true;
  }

  /** Wakes every waiter, oldest first. */
  wakeAll(): void {
    const queue = this.#queue;
    this.#queue = [];
    for (const entry of queue) entry();
  }

  #remove(entry: () => void): void {
    const i = this.#queue.indexOf(entry);
    if (i >= 0) this.#queue.splice(i, 1);
  }
}
