/**
 * The main thread's side of the control worker (`control-worker.ts`), which owns the heartbeat and control
 * sockets and the interrupt watchdog. Control requests arrive here as frames, replies go back through the
 * worker, and interrupts arrive even while user code holds the main thread.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { ControlWorkerData, MainToWorker, WorkerToMain } from "../control-worker";
import { afterTerminate, installWatchdogHooks, noteInterruptHandled } from "../watchdog";
import type { WireMessage } from "../wire";
import type { LogFn } from "./types";

/** What the link reports to the kernel. */
export interface ControlLinkEvents {
  /** A control request other than `interrupt_request` (which the worker answers itself). */
  control(frames: Buffer[]): void;
  /**
   * An interrupt arrived (SIGINT or `interrupt_request`); already acknowledged to the worker. `requestedAt` is
   * `Date.now()` when the worker received it, which the main thread may read much later. `source`: `signal`
   * for SIGINT seen by the worker's relay, `message` for `interrupt_request`.
   */
  interrupt(requestedAt: number, source: "signal" | "message"): void;
  log: LogFn;
}

/** The running control worker. */
export class ControlLink {
  readonly #worker: Worker;
  readonly #key: string;
  #token = 0;
  readonly #sent = new Map<number, () => void>();
  #closed: (() => void) | undefined;

  constructor(data: ControlWorkerData, events: ControlLinkEvents) {
    this.#key = data.key;
    const watchdogNote = installWatchdogHooks();
    if (watchdogNote) events.log(watchdogNote);
    const worker = new Worker(path.join(__dirname, "..", "control-worker.js"), { workerData: data });
    this.#worker = worker;
    worker.on("message", (m: WorkerToMain) => this.#receive(m, events));
    worker.on("error", (e) => events.log(`tslab-asyncio: control worker failed: ${String(e)}\n`));
    // The worker must never keep a shut-down kernel alive.
    worker.unref();
  }

  #receive(m: WorkerToMain, events: ControlLinkEvents): void {
    switch (m.type) {
      case "control":
        events.control(m.frames.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)));
        break;
      case "interrupt":
        noteInterruptHandled(m.seq);
        this.#post({ type: "interrupt-ack", seq: m.seq });
        events.interrupt(m.at, m.source);
        break;
      case "terminated":
        afterTerminate();
        events.log("tslab-asyncio: interrupt stopped synchronous code (Runtime.terminateExecution)\n");
        break;
      case "sent":
        this.#sent.get(m.token)?.();
        this.#sent.delete(m.token);
        break;
      case "log":
        events.log(m.text);
        break;
      case "closed":
        this.#closed?.();
        break;
      case "ready":
        break;
    }
  }

  #post(m: MainToWorker): void {
    this.#worker.postMessage(m);
  }

  /** Sends a message on the control channel and resolves once it was sent. */
  send(msg: WireMessage): Promise<void> {
    const token = ++this.#token;
    const done = new Promise<void>((resolve) => this.#sent.set(token, resolve));
    this.#post({ type: "send", frames: msg.serialize(this.#key), token });
    return done;
  }

  /** Asks the worker to close its sockets; resolves when it did. */
  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#closed = resolve;
      this.#post({ type: "close" });
    });
  }

  /** Stops the worker thread at once. */
  terminate(): void {
    void this.#worker.terminate();
  }
}
