/**
 * Fakes for driving the protocol kernel without sockets or tslab: outboxes that record what was sent, an
 * engine whose "code" is a tiny script, and signed request frames.
 */
import type { CellContext } from "../../../src/kernel/cell-context";
import type { ErrorContent } from "../../../src/kernel/errors";
import { ProtocolKernel } from "../../../src/kernel/protocol/kernel";
import type { CellOutcome, Engine, KernelOutboxes, Outbox } from "../../../src/kernel/protocol/types";
import { WireMessage, type Content, type MessageHeader } from "../../../src/kernel/wire";

export const KEY = "unit-test-key";

/** An outbox that keeps every message. */
export class RecordingOutbox implements Outbox {
  readonly sent: WireMessage[] = [];
  enqueue(msg: WireMessage): void {
    this.sent.push(msg);
  }
  flushed(): Promise<void> {
    return Promise.resolve();
  }
  /** `msg_type` of every message, in order; status messages as `status:busy`/`status:idle`. */
  types(): string[] {
    return this.sent.map((m) =>
      m.header.msg_type === "status" ? `status:${String(m.content.execution_state)}` : m.header.msg_type,
    );
  }
  of(type: string): WireMessage[] {
    return this.sent.filter((m) => m.header.msg_type === type);
  }
}

/**
 * An engine that interprets cell code as commands, one per line: `print TEXT`, `value JSON`, `fail TEXT`,
 * `block` (wait until interrupted), `throw` (reject with an Error).
 */
export class ScriptEngine implements Engine {
  executionCount = 0;
  interrupts = 0;
  kernelInfo(): Content {
    return { implementation: "fake", language_info: { name: "fake" } };
  }
  isComplete(): Content {
    return { status: "complete" };
  }
  inspect(): Content {
    return { status: "ok", found: false, data: {}, metadata: {} };
  }
  complete(): Content {
    return { status: "ok", matches: [], cursor_start: 0, cursor_end: 0, metadata: {} };
  }
  async execute(cell: CellContext, code: string): Promise<CellOutcome> {
    let outcome: CellOutcome = { ok: true, hasValue: false, value: undefined };
    for (const line of code.split("\n")) {
      const [cmd, ...rest] = line.split(" ");
      const arg = rest.join(" ");
      if (cmd === "print") cell.writeStream("stdout", `${arg}\n`);
      else if (cmd === "value") outcome = { ok: true, hasValue: true, value: JSON.parse(arg) as unknown };
      else if (cmd === "fail") return { ok: false, error: { ename: "Failure", evalue: arg, traceback: [] } };
      else if (cmd === "throw") throw new Error(arg);
      else if (cmd === "block") {
        const signal = cell.controller.signal;
        await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      }
      await Promise.resolve();
    }
    return outcome;
  }
  describe(_cell: CellContext, thrown: unknown): ErrorContent {
    return { ename: "Described", evalue: String(thrown), traceback: [] };
  }
  interrupt(): void {
    this.interrupts++;
  }
}

/** Everything a test needs: the kernel, its fakes, and helpers to send requests. */
export function fakeKernel() {
  const iopub = new RecordingOutbox();
  const shell = new RecordingOutbox();
  const stdin = new RecordingOutbox();
  const control: WireMessage[] = [];
  const logs: string[] = [];
  const engine = new ScriptEngine();
  const exits: number[] = [];
  const scheduled: Array<() => void> = [];
  const outboxes: KernelOutboxes = {
    iopub,
    shell,
    stdin,
    sendControl: (m) => {
      control.push(m);
      return Promise.resolve();
    },
  };
  let closed = 0;
  const kernel = new ProtocolKernel({
    key: KEY,
    engine,
    outboxes,
    log: (text) => logs.push(text),
    closeWorker: () => {
      closed++;
      return Promise.resolve();
    },
    exit: () => exits.push(Date.now()),
    clock: { sleep: () => Promise.resolve(), schedule: (fn) => void scheduled.push(fn) },
  });
  let n = 0;
  /** Signed frames of a request, as a client's DEALER socket would deliver them to the ROUTER. */
  const frames = (type: string, content: Content = {}, key = KEY): { id: string; frames: Buffer[] } => {
    const id = `req-${++n}`;
    const header: MessageHeader = {
      msg_id: id,
      msg_type: type,
      session: "s",
      username: "u",
      date: new Date().toISOString(),
      version: "5.3",
    };
    const msg = new WireMessage([Buffer.from("client")], header, {}, {}, content);
    return { id, frames: msg.serialize(key) };
  };
  const send = (type: string, content: Content = {}, channel: "shell" | "control" = "shell"): string => {
    const f = frames(type, content);
    kernel.handle(channel, f.frames);
    return f.id;
  };
  const execute = (code: string, extra: Content = {}): string =>
    send("execute_request", { code, silent: false, store_history: true, stop_on_error: true, ...extra });
  return {
    kernel,
    engine,
    iopub,
    shell,
    stdin,
    control,
    logs,
    exits,
    scheduled,
    frames,
    send,
    execute,
    closed: () => closed,
  };
}

/** Waits until `check` is true, polling each macrotask turn (at most `turns`). */
export async function until(check: () => boolean, turns = 200): Promise<void> {
  for (let i = 0; i < turns && !check(); i++) await new Promise((r) => setImmediate(r));
  if (!check()) throw new Error("condition not reached");
}

/** Messages whose parent is request `id`. */
export const childrenOf = (box: RecordingOutbox, id: string): WireMessage[] =>
  box.sent.filter((m) => m.parent.msg_id === id);
