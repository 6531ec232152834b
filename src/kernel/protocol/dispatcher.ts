/**
 * Request dispatch for shell and control: verify and parse, publish `busy`, hand the request to its
 * handler, publish `idle`. `execute_request` goes to the execute queue; every other type is looked up in a
 * table of handlers, one per request family. A message that fails verification is logged and dropped; a
 * handler that throws gets an error reply; nothing here throws back at the socket loop.
 */
import { WireMessage } from "../wire";
import type { ExecuteQueue } from "./execute-queue";
import type { Handler } from "./handlers/introspection";
import type { Channel, LogFn, Outbox, Reply } from "./types";

/** What the dispatcher needs from the kernel around it. */
export interface DispatcherDeps {
  key: string;
  iopub: Outbox;
  queue: ExecuteQueue;
  handlers: Record<string, Handler>;
  /** The reply function of each channel. */
  replier(channel: Channel): Reply;
  log: LogFn;
}

/**
 * Parses raw frames from `where`; logs and returns `undefined` when they are not a valid signed message.
 *
 * @example
 * ```ts
 * const msg = parseOrLog(key, frames, "shell", (text) => process.stderr.write(text));
 * ```
 */
export function parseOrLog(
  key: string,
  frames: Buffer[],
  where: string,
  log: LogFn,
): WireMessage | undefined {
  try {
    return WireMessage.parse(key, frames);
  } catch (e) {
    log(`tslab-asyncio: dropped a ${where} message: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }
}

/** Routes requests to handlers and keeps busy/idle balanced. */
export class Dispatcher {
  readonly #deps: DispatcherDeps;
  /** `idle` of non-execute requests that arrived while cells ran. */
  readonly #deferredIdle: WireMessage[] = [];

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
  }

  /** Publishes `status` with `msg` as parent. */
  status(msg: WireMessage, state: "busy" | "idle"): void {
    this.#deps.iopub.enqueue(msg.child("status", { execution_state: state }));
  }

  /** Publishes the `idle` statuses held back while cells ran (the execute queue calls it when dry). */
  releaseIdle(): void {
    for (const m of this.#deferredIdle.splice(0)) this.status(m, "idle");
  }

  /** Handles one request from shell or control. Never throws. */
  handle(channel: Channel, frames: Buffer[]): void {
    const { key, log, queue } = this.#deps;
    const msg = parseOrLog(key, frames, channel, log);
    if (!msg) return;
    const reply = this.#deps.replier(channel);
    this.status(msg, "busy");
    const type = msg.header.msg_type;
    if (type === "execute_request") {
      queue.push(msg, reply);
      return;
    }
    const handler = this.#deps.handlers[type];
    const failed = (e: unknown): void => {
      log(`tslab-asyncio: ${type} failed: ${String(e)}\n`);
      const replyType = type.replace(/_request$/, "_reply");
      if (replyType !== type) {
        const content = { status: "error", ename: "KernelError", evalue: String(e), traceback: [] };
        reply(msg.child(replyType, content));
      }
    };
    let later: void | Promise<void>;
    try {
      if (handler) later = handler({ msg, channel, reply });
      else log(`tslab-asyncio: unsupported message type ${type}\n`);
    } catch (e) {
      failed(e);
    }
    // The shutdown handler publishes its own idle before it exits.
    if (type === "shutdown_request") return;
    if (later instanceof Promise) later.catch(failed).finally(() => this.#idleOrDefer(msg));
    else this.#idleOrDefer(msg);
  }

  /** `idle` for a non-execute request is held back while a cell runs: front-ends read idle as "done". */
  #idleOrDefer(msg: WireMessage): void {
    if (this.#deps.queue.busy) this.#deferredIdle.push(msg);
    else this.status(msg, "idle");
  }
}
