/**
 * Loss-free sending. zeromq.js 6 sends synchronously only ~512 times per event-loop turn and then throws
 * `EBUSY` from `send()` (docs/tslab-notes.md). Every message this kernel sends therefore goes through a
 * {@link SendQueue}: a FIFO drained by one pump that awaits each `send`, so at most one send is ever in
 * flight per socket, nothing is dropped and no send error reaches user code. Streams are coalesced per cell
 * by {@link StreamBuffer} (as ipykernel's OutStream does) so a 100,000-line loop becomes a few messages.
 */
import type { WireMessage } from "./wire";

/** The part of a zeromq.js socket the queue needs. */
export interface FrameSocket {
  send(frames: Buffer[]): Promise<void>;
}

/** Writes a diagnostic line to the kernel's own log (the server's terminal), never to a cell. */
export type LogFn = (text: string) => void;

/** FIFO of messages for one socket, drained by a single pump. */
export class SendQueue {
  #queue: WireMessage[] = [];
  #pumping = false;
  #idle: Array<() => void> = [];

  constructor(
    private readonly socket: FrameSocket,
    private readonly key: string,
    private readonly log: LogFn,
  ) {}

  /**
   * Queues a message; never throws. The header date is stamped when the message is actually sent.
   *
   * @example
   * ```ts
   * iopubQueue.enqueue(request.child("status", { execution_state: "busy" }));
   * ```
   */
  enqueue(msg: WireMessage): void {
    this.#queue.push(msg);
    if (!this.#pumping) {
      this.#pumping = true;
      void this.#pump();
    }
  }

  /** Resolves once every message queued so far has been handed to zeromq. */
  flushed(): Promise<void> {
    if (!this.#pumping) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Number of messages waiting. */
  get pending(): number {
    return this.#queue.length;
  }

  async #pump(): Promise<void> {
    try {
      for (let msg = this.#queue.shift(); msg !== undefined; msg = this.#queue.shift()) {
        const frames = msg.serialize(this.key);
        for (let attempt = 0; ; attempt++) {
          try {
            await this.socket.send(frames);
            break;
          } catch (e) {
            const code = (e as { code?: string }).code;
            // EBUSY/EAGAIN are transient (another send in flight, or high-water mark); anything else
            // (a closed socket at shutdown) cannot be retried, so the message is logged and dropped.
            if ((code === "EBUSY" || code === "EAGAIN") && attempt < 1000) {
              await new Promise((r) => setImmediate(r));
              continue;
            }
            this.log(`tslab-asyncio: could not send ${msg.header.msg_type}: ${String(e)}\n`);
            break;
          }
        }
      }
    } finally {
      this.#pumping = false;
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }
}

/** Options of {@link StreamBuffer}. */
export interface StreamBufferOptions {
  /** Flush at most this long after the first buffered write, in ms. ipykernel uses 200; we use 50. */
  intervalMs?: number;
  /** Flush as soon as this many characters are buffered. */
  maxChars?: number;
}

/**
 * Coalesces stream text for one cell: consecutive writes to the same stream become one `stream` message,
 * flushed on an interval, on size, before anything else the cell sends (so order is kept), and at the end
 * of the cell.
 */
export class StreamBuffer {
  #name: "stdout" | "stderr" | undefined;
  #chunks: string[] = [];
  #chars = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #intervalMs: number;
  readonly #maxChars: number;

  constructor(
    private readonly emit: (name: "stdout" | "stderr", text: string) => void,
    options: StreamBufferOptions = {},
  ) {
    this.#intervalMs = options.intervalMs ?? 50;
    this.#maxChars = options.maxChars ?? 1 << 20;
  }

  /**
   * Appends text to a stream.
   *
   * @example
   * ```ts
   * const buf = new StreamBuffer((name, text) => console.info(name, text));
   * buf.write("stdout", "hello\n");
   * buf.flush();
   * ```
   */
  write(name: "stdout" | "stderr", text: string): void {
    if (text.length === 0) return;
    if (this.#name !== name) this.flush();
    this.#name = name;
    this.#chunks.push(text);
    this.#chars += text.length;
    if (this.#chars >= this.#maxChars) {
      this.flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.#intervalMs);
      // A pending flush must not keep a finished kernel alive.
      this.#timer.unref();
    }
  }

  /** Emits whatever is buffered as one message. */
  flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#name === undefined || this.#chunks.length === 0) return;
    const text = this.#chunks.length === 1 ? this.#chunks[0] : this.#chunks.join("");
    const name = this.#name;
    this.#chunks = [];
    this.#chars = 0;
    this.#name = undefined;
    this.emit(name, text);
  }
}
