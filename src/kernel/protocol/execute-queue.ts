/**
 * The execute queue: `execute_request`s run one at a time in arrival order, each as its own cell context.
 * For each it sends `execute_input`, the cell's output, `execute_result` or `error`, the reply and `idle`,
 * in that order; after a failing cell (with `stop_on_error`) the requests already queued are answered
 * `aborted` without running, as ipykernel does.
 */
import { cellEvents, type CellContext } from "../cell-context";
import { interruptContent, type ErrorContent } from "../errors";
import { mimeBundle } from "../mime-bundle";
import type { Content, WireMessage } from "../wire";
import type { History } from "./handlers/history";
import { cellForRequest } from "./cell-for-request";
import type { StdinChannel } from "./stdin";
import { ABORT_COLLECT_TURNS } from "./timing";
import type { Engine, Outbox, Reply } from "./types";

interface Queued {
  msg: WireMessage;
  reply: Reply;
  aborted: boolean;
}

/** What the queue needs from the kernel around it. */
export interface ExecuteQueueDeps {
  engine: Engine;
  iopub: Outbox;
  stdin: StdinChannel;
  history: History;
  /** Publishes `status` with `msg` as parent. */
  status(msg: WireMessage, state: "busy" | "idle"): void;
  /** Called when the queue ran dry (after the last cell's `idle`). */
  drained(): void;
}

/** Runs execute requests in order. */
export class ExecuteQueue {
  readonly #deps: ExecuteQueueDeps;
  readonly #queue: Queued[] = [];
  #running: CellContext | undefined;
  #draining = false;

  constructor(deps: ExecuteQueueDeps) {
    this.#deps = deps;
  }

  /** The cell whose code is running now. */
  get running(): CellContext | undefined {
    return this.#running;
  }

  /** True while a cell runs or requests wait. */
  get busy(): boolean {
    return this.#running !== undefined || this.#queue.length > 0 || this.#draining;
  }

  /** Queues a request; it runs after those before it. */
  push(msg: WireMessage, reply: Reply): void {
    this.#queue.push({ msg, reply, aborted: false });
    if (!this.#draining) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      for (let item = this.#queue.shift(); item !== undefined; item = this.#queue.shift()) {
        await this.#runOne(item);
      }
    } finally {
      this.#draining = false;
      this.#deps.drained();
    }
  }

  async #runOne(item: Queued): Promise<void> {
    const { msg } = item;
    const { engine, iopub, status } = this.#deps;
    const c = msg.content;
    const silent = c.silent === true;
    const storeHistory = !silent && c.store_history !== false;
    if (item.aborted) {
      const content = { status: "aborted", execution_count: engine.executionCount };
      item.reply(msg.child("execute_reply", content, { status: "aborted" }));
      status(msg, "idle");
      return;
    }
    const code = String(c.code ?? "");
    if (storeHistory) {
      engine.executionCount += 1;
      this.#deps.history.add(engine.executionCount, code);
    }
    const count = engine.executionCount;
    if (!silent) iopub.enqueue(msg.child("execute_input", { code, execution_count: count }));
    const cell = cellForRequest(msg, storeHistory ? count : null, iopub);
    this.#deps.stdin.register(cell, msg);
    this.#running = cell;
    cellEvents.emit("cell-started", cell);
    const started = new Date(cell.startedAt).toISOString();

    const { data, error } = await this.#outcome(cell, code, silent);
    cell.flush();
    if (data) iopub.enqueue(msg.child("execute_result", { execution_count: count, data, metadata: {} }));
    if (error) iopub.enqueue(msg.child("error", { ...error }));
    if (error && c.stop_on_error !== false) {
      for (let i = 0; i < ABORT_COLLECT_TURNS; i++) await new Promise((r) => setImmediate(r));
      for (const q of this.#queue) q.aborted = true;
    }
    const state = error ? "error" : "ok";
    const content: Content = error
      ? { status: state, execution_count: count, ...error }
      : { status: state, execution_count: count, payload: [], user_expressions: {} };
    this.#running = undefined;
    cell.finishedAt = Date.now();
    const metadata = { started, status: state, dependencies_met: true, engine: String(process.pid) };
    item.reply(msg.child("execute_reply", content, metadata));
    cellEvents.emit("cell-finished", cell, state);
    status(msg, "idle");
    await iopub.flushed();
  }

  /** Runs the cell and turns what happened into a result bundle or an error. */
  async #outcome(
    cell: CellContext,
    code: string,
    silent: boolean,
  ): Promise<{ data?: Record<string, unknown>; error?: ErrorContent }> {
    const { engine } = this.#deps;
    const interrupted = (): { error: ErrorContent } | undefined =>
      cell.controller.signal.aborted ? { error: interruptContent() } : undefined;
    let outcome;
    try {
      outcome = await engine.execute(cell, code);
    } catch (e) {
      return interrupted() ?? { error: engine.describe(cell, e) };
    }
    if (!outcome.ok) return interrupted() ?? { error: outcome.error };
    if (!outcome.hasValue || silent) return {};
    try {
      return { data: mimeBundle(outcome.value) };
    } catch (e) {
      return { error: engine.describe(cell, e) };
    }
  }
}
