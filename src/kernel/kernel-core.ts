/**
 * The protocol core that replaces tslab's `ZmqServer` message handling (installed by
 * `patches/protocol.ts`). tslab keeps doing what it is good at — type-checking, transpiling and running
 * cells, completion, inspection — through its executor and handler objects; this module owns the sockets,
 * the execute queue, IOPub ordering and every reply.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect, format } from "node:util";
import { Worker } from "node:worker_threads";
import { cellEvents, currentCell, runInCell, type CellContext, type DisplayContent } from "./cell-context";
import type { ControlWorkerData, MainToWorker, WorkerToMain } from "./control-worker";
import { describeError, type ErrorContent } from "./errors";
import type { TslabHost } from "./host";
import { SendQueue, StreamBuffer, type FrameSocket, type LogFn } from "./output";
import { hasSyntaxError, rewriteForAwait, tslabTypeScript } from "./source";
import { VERSION } from "./version";
import { afterTerminate, installWatchdogHooks, noteInterruptHandled } from "./watchdog";
import { WireMessage, type Content } from "./wire";

/** tslab's executor (closure object from `createExecutor`). */
export interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  interrupt(): void;
}

/** tslab's `JupyterHandlerImpl`. */
export interface TslabHandler {
  execCount: number;
  executor: TslabExecutor;
  handleKernel(): Content & { language_info: Content };
  handleIsComplete(req: Content): Content;
  handleInspect(req: Content): Content;
  handleComplete(req: Content): Content;
}

interface ZmqSocket extends AsyncIterable<Buffer[]>, FrameSocket {
  bind(address: string): Promise<void>;
  close(): void;
}

interface ZmqModule {
  Publisher: new (options?: Record<string, unknown>) => ZmqSocket;
  Router: new (options?: Record<string, unknown>) => ZmqSocket;
}

/** The `ZmqServer` fields this core reads and sets. */
export interface ServerFields {
  handler: TslabHandler;
  configPath: string;
  connInfo: ConnectionInfo;
  iopub: unknown;
  shell: unknown;
  control: unknown;
  stdin: unknown;
  hb: unknown;
}

interface ConnectionInfo {
  key: string;
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/** What the last expression and errors of a running cell turned out to be (filled by tslab's console). */
interface Outcome {
  hasValue: boolean;
  value: unknown;
  errors: unknown[];
  diagnostics: string[];
  js?: string;
}

interface QueuedExecute {
  msg: WireMessage;
  reply: (m: WireMessage) => void;
  aborted: boolean;
}

type Channel = "shell" | "control";

const outcomes = new WeakMap<CellContext, Outcome>();
const requests = new WeakMap<CellContext, WireMessage>();
const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** How long the main thread has to acknowledge an interrupt before the worker terminates its JS. */
const INTERRUPT_GRACE_MS = 300;

/** The kernel's real stderr (the Jupyter server's log), captured before any routing. */
let logToServer: LogFn = (text) => void text;

/** Records where kernel diagnostics go. Called once at install time. */
export function setServerLog(log: LogFn): void {
  logToServer = log;
}

/**
 * The console tslab's executor is created with. The executor uses `log` only to print a cell's last
 * expression value and `error` only for a cell's failure, so capturing them gives `execute_result` and
 * `error` without forking tslab.
 */
export const executorConsole = {
  log(...args: unknown[]): void {
    const cell = currentCell();
    const out = cell && outcomes.get(cell);
    if (out && args.length === 1) {
      out.hasValue = true;
      out.value = args[0];
    } else {
      process.stdout.write(format(...args) + "\n");
    }
  },
  error(...args: unknown[]): void {
    const cell = currentCell();
    const out = cell && outcomes.get(cell);
    if (!out) {
      process.stderr.write(format(...args) + "\n");
    } else if (typeof args[0] === "string" && args[0].startsWith("%s%d:%d")) {
      out.diagnostics.push(format(...args));
    } else {
      out.errors.push(args[0]);
    }
  },
};

/** Remembers the JavaScript tslab generated for the running cell, for traceback line mapping. */
export function recordGeneratedCode(js: string): string | undefined {
  const cell = currentCell();
  const out = cell && outcomes.get(cell);
  if (!cell || !out) return undefined;
  out.js = js;
  return cellFileName(cell);
}

function cellFileName(cell: CellContext): string {
  return `<cell ${cell.executionCount ?? `s${cell.id}`}>`;
}

/**
 * The MIME bundle of a value: `text/plain` through `util.inspect` (so `"42"` and `42` differ), merged with
 * what the value's `Symbol.for("Jupyter.display")` method returns (the protocol Deno's kernel uses).
 *
 * @example
 * ```ts
 * mimeBundle({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b>hi</b>" }) });
 * ```
 */
export function mimeBundle(value: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const method =
    value !== null && (typeof value === "object" || typeof value === "function")
      ? (value as { [JUPYTER_DISPLAY]?: unknown })[JUPYTER_DISPLAY]
      : undefined;
  if (typeof method === "function") {
    const rich = (method as () => unknown).call(value);
    if (rich && typeof rich === "object") Object.assign(data, rich as Record<string, unknown>);
  }
  if (!("text/plain" in data)) data["text/plain"] = inspect(value);
  return data;
}

function interruptError(): Error {
  const e = new Error("Interrupted by the front-end");
  e.name = "KeyboardInterrupt";
  return e;
}

/** The running core, reachable by notebook-facing functions (`input`) from any copy of this package. */
const CORE = Symbol.for("tslab-asyncio.kernel-core");

/** What notebook-facing functions may ask of the core. */
export interface CoreApi {
  requestInput(cell: CellContext, prompt: string, password: boolean): Promise<string>;
}

/** The running core's API, if this process is a kernel with the module installed. */
export function coreApi(): CoreApi | undefined {
  return (globalThis as { [CORE]?: CoreApi })[CORE];
}

/** Owns sockets, queues and replies for one kernel. */
export class KernelCore implements CoreApi {
  readonly #server: ServerFields;
  readonly #host: TslabHost;
  readonly #key: string;
  #iopub!: SendQueue;
  #shell!: SendQueue;
  #stdin!: SendQueue;
  #worker: Worker | undefined;
  #sendToken = 0;
  #workerClosed: (() => void) | undefined;
  #sentWaiters = new Map<number, () => void>();
  readonly #queue: QueuedExecute[] = [];
  #running: CellContext | undefined;
  #draining = false;
  readonly #deferredIdle: WireMessage[] = [];
  readonly #history: Array<[number, number, string]> = [];
  #cellSeq = 0;
  #pendingInput: { resolve(v: string): void; reject(e: Error): void } | undefined;

  constructor(server: ServerFields, host: TslabHost) {
    this.#server = server;
    this.#host = host;
    this.#key = server.connInfo.key;
    (globalThis as { [CORE]?: CoreApi })[CORE] = this;
  }

  /** Creates and binds the sockets; the control and heartbeat sockets live in a worker thread. */
  async start(): Promise<void> {
    const cinfo = this.#server.connInfo;
    const zeromqPath = require.resolve("zeromq", { paths: [this.#host.root] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const zmq = require(zeromqPath) as ZmqModule;
    // No high-water mark: messages are queued, never silently dropped by a PUB socket.
    const iopub = new zmq.Publisher({ sendHighWaterMark: 0 });
    const shell = new zmq.Router({ sendHighWaterMark: 0 });
    const stdin = new zmq.Router();
    const stub = { close: () => this.#worker?.terminate() };
    Object.assign(this.#server, { iopub, shell, stdin, control: stub, hb: { close: () => undefined } });
    this.#iopub = new SendQueue(iopub, this.#key, logToServer);
    this.#shell = new SendQueue(shell, this.#key, logToServer);
    this.#stdin = new SendQueue(stdin, this.#key, logToServer);

    void this.#readLoop(shell, (frames) => this.handle("shell", frames));
    void this.#readLoop(stdin, (frames) => this.#handleStdin(frames));
    const address = (p: number): string => `${cinfo.transport}://${cinfo.ip}:${p}`;
    await Promise.all([
      iopub.bind(address(cinfo.iopub_port)),
      shell.bind(address(cinfo.shell_port)),
      stdin.bind(address(cinfo.stdin_port)),
    ]);
    // After binding: booting the worker must not delay the first kernel_info_reply on a busy machine.
    this.#startWorker(zeromqPath, cinfo);
  }

  async #readLoop(sock: ZmqSocket, onFrames: (frames: Buffer[]) => void): Promise<void> {
    try {
      for await (const frames of sock) onFrames(frames);
    } catch (e) {
      logToServer(`tslab-asyncio: socket loop ended: ${String(e)}\n`);
    }
  }

  #startWorker(zeromqPath: string, cinfo: ConnectionInfo): void {
    const data: ControlWorkerData = {
      zeromqPath,
      transport: cinfo.transport,
      ip: cinfo.ip,
      hbPort: cinfo.hb_port,
      controlPort: cinfo.control_port,
      key: cinfo.key,
      graceMs: INTERRUPT_GRACE_MS,
    };
    const watchdogNote = installWatchdogHooks();
    if (watchdogNote) logToServer(watchdogNote);
    const worker = new Worker(path.join(__dirname, "control-worker.js"), { workerData: data });
    this.#worker = worker;
    worker.on("message", (m: WorkerToMain) => {
      switch (m.type) {
        case "control":
          this.handle(
            "control",
            m.frames.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)),
          );
          break;
        case "interrupt":
          noteInterruptHandled(m.seq);
          this.#post({ type: "interrupt-ack", seq: m.seq });
          this.interrupt(m.at);
          break;
        case "terminated":
          afterTerminate();
          logToServer("tslab-asyncio: interrupt stopped synchronous code (Runtime.terminateExecution)\n");
          break;
        case "sent":
          this.#sentWaiters.get(m.token)?.();
          this.#sentWaiters.delete(m.token);
          break;
        case "log":
          logToServer(m.text);
          break;
        case "closed":
          this.#workerClosed?.();
          break;
        case "ready":
          break;
      }
    });
    worker.on("error", (e) => logToServer(`tslab-asyncio: control worker failed: ${String(e)}\n`));
    // The worker must never keep a shut-down kernel alive.
    worker.unref();
  }

  #post(m: MainToWorker): void {
    this.#worker?.postMessage(m);
  }

  /** Sends a message on the control channel (through the worker) and resolves once it was sent. */
  #sendControl(msg: WireMessage): Promise<void> {
    const token = ++this.#sendToken;
    const done = new Promise<void>((resolve) => this.#sentWaiters.set(token, resolve));
    this.#post({ type: "send", frames: msg.serialize(this.#key), token });
    return done;
  }

  #replier(channel: Channel): (m: WireMessage) => void {
    return channel === "shell" ? (m) => this.#shell.enqueue(m) : (m) => void this.#sendControl(m);
  }

  #status(msg: WireMessage, state: "busy" | "idle"): void {
    this.#iopub.enqueue(msg.child("status", { execution_state: state }));
  }

  /** `idle` for a non-execute request is held back while a cell runs: front-ends read idle as "done". */
  #idleOrDefer(msg: WireMessage): void {
    if (this.#running || this.#queue.length > 0) this.#deferredIdle.push(msg);
    else this.#status(msg, "idle");
  }

  /**
   * Interrupts the running cell (signal or `interrupt_request`). `requestedAt` is when the interrupt came in:
   * after stopping a busy callback the main thread reads it late, and a cell that started since then (the
   * request queued behind the loop) is not what the user interrupted.
   */
  interrupt(requestedAt = Infinity): void {
    const cell = this.#running;
    if (cell && cell.startedAt > requestedAt) return;
    cellEvents.emit("interrupt-requested", cell);
    if (cell && !cell.controller.signal.aborted) cell.controller.abort(interruptError());
    this.#pendingInput?.reject(interruptError());
    this.#pendingInput = undefined;
    try {
      this.#server.handler.executor.interrupt();
    } catch {
      // tslab's interrupt only rejects a promise; nothing to recover.
    }
  }

  /** Handles one request from shell or control. Never throws. */
  handle(channel: Channel, frames: Buffer[]): void {
    let msg: WireMessage;
    try {
      msg = WireMessage.parse(this.#key, frames);
    } catch (e) {
      logToServer(`tslab-asyncio: dropped a ${channel} message: ${String(e)}\n`);
      return;
    }
    const reply = this.#replier(channel);
    this.#status(msg, "busy");
    const type = msg.header.msg_type;
    if (type === "execute_request") {
      this.#queue.push({ msg, reply, aborted: false });
      if (!this.#draining) void this.#drain();
      return;
    }
    try {
      this.#handleOther(msg, reply, channel);
    } catch (e) {
      logToServer(`tslab-asyncio: ${type} failed: ${String(e)}\n`);
      const replyType = type.replace(/_request$/, "_reply");
      if (replyType !== type) {
        reply(
          msg.child(replyType, { status: "error", ename: "KernelError", evalue: String(e), traceback: [] }),
        );
      }
    } finally {
      if (type !== "shutdown_request") this.#idleOrDefer(msg);
    }
  }

  #handleOther(msg: WireMessage, reply: (m: WireMessage) => void, channel: Channel): void {
    const handler = this.#server.handler;
    const c = msg.content;
    switch (msg.header.msg_type) {
      case "kernel_info_request":
        reply(msg.child("kernel_info_reply", this.kernelInfo()));
        break;
      case "is_complete_request": {
        let res = handler.handleIsComplete(c);
        if (res.status === "complete" && hasSyntaxError(this.#ts(), String(c.code ?? ""))) {
          res = { status: "invalid" };
        }
        reply(msg.child("is_complete_reply", res));
        break;
      }
      case "inspect_request":
        reply(msg.child("inspect_reply", handler.handleInspect(c)));
        break;
      case "complete_request":
        reply(msg.child("complete_reply", handler.handleComplete(c)));
        break;
      case "comm_info_request":
        reply(msg.child("comm_info_reply", { status: "ok", comms: {} }));
        break;
      case "history_request":
        reply(msg.child("history_reply", { status: "ok", history: this.#historyFor(c) }));
        break;
      case "interrupt_request":
        // Normally answered by the control worker; this path serves a main-thread fallback.
        reply(msg.child("interrupt_reply", { status: "ok" }));
        this.interrupt();
        break;
      case "shutdown_request":
        void this.#shutdown(msg, reply, channel);
        break;
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        // No comm targets are registered; the spec asks kernels to ignore these silently.
        break;
      default:
        logToServer(`tslab-asyncio: unsupported message type ${msg.header.msg_type}\n`);
    }
  }

  #ts(): ReturnType<typeof tslabTypeScript> {
    return tslabTypeScript(this.#host.root);
  }

  /** `kernel_info_reply` content with true versions. */
  kernelInfo(): Content {
    const base = this.#server.handler.handleKernel();
    const ts = this.#ts();
    return {
      ...base,
      status: "ok",
      protocol_version: "5.3",
      implementation: "tslab-asyncio",
      implementation_version: VERSION,
      language_info: { ...base.language_info, version: ts.version },
      banner: `TypeScript ${ts.version} (tslab ${this.#host.version}, tslab-asyncio ${VERSION}, Node ${process.version})`,
      help_links: [{ text: "tslab", url: "https://github.com/yunabe/tslab" }],
    };
  }

  #historyFor(c: Content): unknown[] {
    const output = c.output === true;
    const entry = (h: [number, number, string]): unknown[] => (output ? [h[0], h[1], [h[2], null]] : [...h]);
    const all = this.#history;
    switch (c.hist_access_type) {
      case "tail": {
        const n = typeof c.n === "number" ? c.n : 10;
        return all.slice(Math.max(0, all.length - n)).map(entry);
      }
      case "range": {
        const start = typeof c.start === "number" ? c.start : 0;
        const stop = typeof c.stop === "number" ? c.stop : Infinity;
        return all.filter((h) => h[1] >= start && h[1] < stop).map(entry);
      }
      case "search": {
        const pattern = typeof c.pattern === "string" ? c.pattern : "*";
        const re = new RegExp(
          "^" +
            pattern
              .split("")
              .map((ch) =>
                ch === "*" ? "[\\s\\S]*" : ch === "?" ? "[\\s\\S]" : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
              )
              .join("") +
            "$",
        );
        let hits = all.filter((h) => re.test(h[2]));
        if (c.unique === true) {
          const seen = new Set<string>();
          hits = hits
            .reverse()
            .filter((h) => !seen.has(h[2]) && seen.add(h[2]) !== undefined)
            .reverse();
        }
        if (typeof c.n === "number" && c.n > 0) hits = hits.slice(Math.max(0, hits.length - c.n));
        return hits.map(entry);
      }
      default:
        return [];
    }
  }

  async #shutdown(msg: WireMessage, reply: (m: WireMessage) => void, channel: Channel): Promise<void> {
    // Exit even if the orderly path below stalls; live timers must not keep the kernel around.
    setTimeout(() => process.exit(0), 400);
    const restart = msg.content.restart === true;
    const out = msg.child("shutdown_reply", { status: "ok", restart });
    this.#status(msg, "idle");
    if (channel === "control") await this.#sendControl(out);
    else {
      reply(out);
      await this.#shell.flushed();
    }
    await this.#iopub.flushed();
    // zeromq hands messages to its I/O thread asynchronously; give it a moment to put them on the wire.
    await new Promise((r) => setTimeout(r, 30));
    await Promise.race([
      new Promise<void>((resolve) => {
        this.#workerClosed = resolve;
        this.#post({ type: "close" });
      }),
      new Promise((r) => setTimeout(r, 150)),
    ]);
    process.exit(0);
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      for (let item = this.#queue.shift(); item !== undefined; item = this.#queue.shift()) {
        await this.#runOne(item);
      }
    } finally {
      this.#draining = false;
      for (const m of this.#deferredIdle.splice(0)) this.#status(m, "idle");
    }
  }

  #makeCell(msg: WireMessage, executionCount: number | null): CellContext {
    const stream = new StreamBuffer((name, text) => this.#iopub.enqueue(msg.child("stream", { name, text })));
    const c = msg.content;
    const cell: CellContext = {
      id: ++this.#cellSeq,
      msgId: msg.header.msg_id,
      executionCount,
      parentHeader: msg.header,
      code: String(c.code ?? ""),
      allowStdin: c.allow_stdin === true,
      controller: new AbortController(),
      startedAt: Date.now(),
      finishedAt: undefined,
      writeStream: (name, text) => stream.write(name, text),
      writeDisplay: (content: DisplayContent, update: boolean) => {
        stream.flush();
        this.#iopub.enqueue(
          msg.child(update ? "update_display_data" : "display_data", {
            data: content.data,
            metadata: content.metadata ?? {},
            transient: content.transient ?? {},
          }),
        );
      },
      clearOutput: (wait: boolean) => {
        stream.flush();
        this.#iopub.enqueue(msg.child("clear_output", { wait }));
      },
      flush: () => stream.flush(),
    };
    requests.set(cell, msg);
    return cell;
  }

  async #runOne(item: QueuedExecute): Promise<void> {
    const { msg } = item;
    const c = msg.content;
    const handler = this.#server.handler;
    const silent = c.silent === true;
    const storeHistory = !silent && c.store_history !== false;
    if (item.aborted) {
      item.reply(
        msg.child(
          "execute_reply",
          { status: "aborted", execution_count: handler.execCount },
          { status: "aborted" },
        ),
      );
      this.#status(msg, "idle");
      return;
    }
    const code = String(c.code ?? "");
    if (storeHistory) {
      handler.execCount += 1;
      this.#history.push([0, handler.execCount, code]);
    }
    const count = handler.execCount;
    if (!silent) this.#iopub.enqueue(msg.child("execute_input", { code, execution_count: count }));
    const cell = this.#makeCell(msg, storeHistory ? count : null);
    const outcome: Outcome = { hasValue: false, value: undefined, errors: [], diagnostics: [] };
    outcomes.set(cell, outcome);
    this.#running = cell;
    cellEvents.emit("cell-started", cell);
    const started = new Date(cell.startedAt).toISOString();

    let ok: boolean;
    try {
      ok = await this.#execute(cell, code);
    } catch (e) {
      ok = false;
      outcome.errors.push(e);
    }
    let error: ErrorContent | undefined;
    let data: Record<string, unknown> | undefined;
    if (ok && outcome.hasValue && !silent) {
      try {
        data = mimeBundle(outcome.value);
      } catch (e) {
        ok = false;
        outcome.errors.push(e);
      }
    }
    if (!ok) error = this.#errorContent(cell, outcome);
    cell.flush();
    if (data)
      this.#iopub.enqueue(msg.child("execute_result", { execution_count: count, data, metadata: {} }));
    if (error) this.#iopub.enqueue(msg.child("error", { ...error }));
    if (error && c.stop_on_error !== false) {
      // Requests the client sent before it could see this error may still sit in zeromq's buffer: let the
      // socket loop read them so they count as "already queued", as ipykernel's abort does.
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      for (const q of this.#queue) q.aborted = true;
    }
    const status = error ? "error" : "ok";
    const content: Content = error
      ? { status, execution_count: count, ...error }
      : { status, execution_count: count, payload: [], user_expressions: {} };
    this.#running = undefined;
    cell.finishedAt = Date.now();
    item.reply(
      msg.child("execute_reply", content, {
        started,
        status,
        dependencies_met: true,
        engine: String(process.pid),
      }),
    );
    cellEvents.emit("cell-finished", cell, status);
    this.#status(msg, "idle");
    await this.#iopub.flushed();
  }

  #errorContent(cell: CellContext, outcome: Outcome): ErrorContent {
    if (cell.controller.signal.aborted) {
      return {
        ename: "KeyboardInterrupt",
        evalue: "Interrupted by the front-end",
        traceback: ["KeyboardInterrupt: Interrupted by the front-end"],
      };
    }
    if (outcome.diagnostics.length > 0) {
      const lines = outcome.diagnostics.map((d) => d.trim());
      return { ename: "TypeScriptError", evalue: lines.join("\n"), traceback: lines };
    }
    const thrown =
      outcome.errors.length > 0 ? outcome.errors[0] : new Error("The cell failed without an error value.");
    return describeError(thrown, { fileName: cellFileName(cell), code: cell.code, js: outcome.js });
  }

  /** Runs the code through tslab's executor inside the cell context; rejects when the cell is interrupted. */
  #execute(cell: CellContext, code: string): Promise<boolean> {
    const src = rewriteForAwait(this.#ts(), code);
    const executor = this.#server.handler.executor;
    const interrupted = new Promise<never>((_, reject) => {
      cell.controller.signal.addEventListener("abort", () => reject(cell.controller.signal.reason), {
        once: true,
      });
    });
    // setImmediate gives the executor its own stack: if the watchdog terminates a stuck synchronous cell,
    // V8 unwinds that stack only, and this method still settles through `interrupted`.
    const run = new Promise<boolean>((resolve, reject) => {
      runInCell(cell, () => setImmediate(() => executor.execute(src).then(resolve, reject)));
    });
    return Promise.race([run, interrupted]);
  }

  #handleStdin(frames: Buffer[]): void {
    let msg: WireMessage;
    try {
      msg = WireMessage.parse(this.#key, frames);
    } catch (e) {
      logToServer(`tslab-asyncio: dropped a stdin message: ${String(e)}\n`);
      return;
    }
    if (msg.header.msg_type !== "input_reply") return;
    const pending = this.#pendingInput;
    this.#pendingInput = undefined;
    pending?.resolve(String(msg.content.value ?? ""));
  }

  /** Sends `input_request` for the cell and resolves with the front-end's answer. */
  requestInput(cell: CellContext, prompt: string, password: boolean): Promise<string> {
    const request = requests.get(cell);
    if (!request || !cell.allowStdin) {
      const e = new Error(
        "input() needs a front-end that answers on the stdin channel, but this execute_request has " +
          "allow_stdin false (nbclient, nbconvert and papermill never allow it). Pass the value in code instead.",
      );
      e.name = "StdinNotImplementedError";
      return Promise.reject(e);
    }
    if (this.#pendingInput)
      return Promise.reject(new Error("input() is already waiting for an answer; await it first."));
    cell.flush();
    return new Promise<string>((resolve, reject) => {
      this.#pendingInput = { resolve, reject };
      this.#stdin.enqueue(request.child("input_request", { prompt, password }));
    });
  }
}

/** Reads the connection file tslab's server was constructed with. */
export function readConnectionInfo(configPath: string): ConnectionInfo {
  return JSON.parse(fs.readFileSync(configPath, "utf8")) as ConnectionInfo;
}
