/**
 * The protocol kernel: one object joining dispatch, the execute queue, stdin, history and shutdown over a
 * set of outboxes and an {@link Engine}. It knows nothing of zeromq or tslab, so tests drive it with fake
 * outboxes and a fake engine; {@link serve} puts it on real sockets.
 */
import { cellEvents, type CellContext } from "../cell-context";
import { keyboardInterrupt } from "../errors";
import { globalSlot } from "../global-slot";
import { onMainThreadSigint, SigintPairing } from "../sigint";
import type { WireMessage } from "../wire";
import { ControlLink } from "./control-link";
import { curveServerKeys, type ConnectionInfo } from "./connection";
import { Dispatcher, parseOrLog } from "./dispatcher";
import { ExecuteQueue } from "./execute-queue";
import { History } from "./handlers/history";
import { introspectionHandlers } from "./handlers/introspection";
import { realClock, shutdown } from "./handlers/shutdown";
import { bindMainSockets, createMainSockets, type MainSockets, type ZmqModule } from "./sockets";
import { StdinChannel } from "./stdin";
import { INTERRUPT_GRACE_MS } from "./timing";
import type { Channel, Engine, KernelOutboxes, LogFn } from "./types";

/** What notebook-facing functions (`input()`) may ask of the running kernel. */
export interface CoreApi {
  requestInput(cell: CellContext, prompt: string, password: boolean): Promise<string>;
}

const core = globalSlot<CoreApi>("kernel-core");

/** The running kernel's API, if this process is a tslab-asyncio kernel (from any copy of this package). */
export function coreApi(): CoreApi | undefined {
  return core.get();
}

/** What a {@link ProtocolKernel} runs on. */
export interface ProtocolKernelDeps {
  /** The connection key messages are signed with (empty: unsigned). */
  key: string;
  engine: Engine;
  outboxes: KernelOutboxes;
  log: LogFn;
  /** Closes the control worker's sockets before exit. */
  closeWorker(): Promise<void>;
  /** Ends the process after `shutdown_request` (tests pass a fake). */
  exit(): void;
  /** Timing of shutdown (tests pass fakes). Default: real timers. */
  clock?: { sleep(ms: number): Promise<void>; schedule(fn: () => void, ms: number): void };
}

/** Sockets-free kernel: requests in, messages out. */
export class ProtocolKernel implements CoreApi {
  readonly #deps: ProtocolKernelDeps;
  readonly #dispatcher: Dispatcher;
  readonly #queue: ExecuteQueue;
  readonly #stdin: StdinChannel;

  constructor(deps: ProtocolKernelDeps) {
    this.#deps = deps;
    const { engine, outboxes } = deps;
    const history = new History();
    this.#stdin = new StdinChannel(outboxes.stdin);
    const status = (msg: WireMessage, state: "busy" | "idle"): void => this.#dispatcher.status(msg, state);
    this.#queue = new ExecuteQueue({
      engine,
      iopub: outboxes.iopub,
      stdin: this.#stdin,
      history,
      status,
      drained: () => this.#dispatcher.releaseIdle(),
    });
    const clock = deps.clock ?? realClock;
    this.#dispatcher = new Dispatcher({
      key: deps.key,
      iopub: outboxes.iopub,
      queue: this.#queue,
      log: deps.log,
      replier: (channel) =>
        channel === "shell" ? (m) => outboxes.shell.enqueue(m) : (m) => void outboxes.sendControl(m),
      handlers: {
        ...introspectionHandlers(engine),
        history_request: ({ msg, reply }) =>
          reply(msg.child("history_reply", { status: "ok", history: history.query(msg.content) })),
        interrupt_request: ({ msg, reply }) => {
          // The control worker answers interrupt_request itself; this serves a request that reached the
          // main thread anyway (on shell, which some clients use).
          reply(msg.child("interrupt_reply", { status: "ok" }));
          this.interrupt();
        },
        shutdown_request: (req) =>
          void shutdown(req, {
            outboxes,
            status,
            closeWorker: deps.closeWorker,
            exit: deps.exit,
            ...clock,
          }),
      },
    });
  }

  /** Handles raw frames from shell or control. Never throws. */
  handle(channel: Channel, frames: Buffer[]): void {
    this.#dispatcher.handle(channel, frames);
  }

  /** Handles raw frames from stdin. Never throws. */
  handleStdin(frames: Buffer[]): void {
    const msg = parseOrLog(this.#deps.key, frames, "stdin", this.#deps.log);
    if (msg) this.#stdin.receive(msg);
  }

  /**
   * Interrupts the running cell (signal or `interrupt_request`). `requestedAt` is when the interrupt came in:
   * after stopping a busy callback the main thread reads it late, and a cell that started since then (the
   * request queued behind the loop) is not what the user interrupted.
   */
  interrupt(requestedAt = Infinity): void {
    const cell = this.#queue.running;
    if (cell && cell.startedAt > requestedAt) return;
    cellEvents.emit("interrupt-requested", cell);
    if (cell && !cell.controller.signal.aborted) cell.controller.abort(keyboardInterrupt());
    this.#stdin.interrupt();
    this.#deps.engine.interrupt();
  }

  /** Sends `input_request` for the cell and resolves with the front-end's answer. */
  requestInput(cell: CellContext, prompt: string, password: boolean): Promise<string> {
    return this.#stdin.request(cell, prompt, password);
  }
}

/** A kernel serving on real sockets. */
export interface ServedKernel {
  kernel: ProtocolKernel;
  sockets: MainSockets;
  control: ControlLink;
}

/**
 * Binds the sockets of `info`, starts the control worker and serves `engine`. The running kernel becomes
 * reachable through {@link coreApi}.
 *
 * @throws Error when a socket cannot be bound.
 */
export async function serve(
  info: ConnectionInfo,
  engine: Engine,
  zeromq: { path: string; zmq: ZmqModule },
  log: LogFn,
): Promise<ServedKernel> {
  const sockets = createMainSockets(zeromq.zmq, info, log);
  // The worker starts after binding; until then there is nothing to send control messages through.
  const link: { control?: ControlLink } = {};
  const kernel = new ProtocolKernel({
    key: info.key,
    engine,
    log,
    outboxes: {
      ...sockets,
      sendControl: (m) => link.control?.send(m) ?? Promise.resolve(),
    },
    closeWorker: () => link.control?.close() ?? Promise.resolve(),
    exit: () => process.exit(0),
  });
  core.set(kernel);
  // Each signal-mode interrupt reaches both the main thread and the worker's relay: interrupt once.
  const sigints = new SigintPairing();
  onMainThreadSigint(() => {
    if (sigints.seen("main")) kernel.interrupt();
  });
  await bindMainSockets(
    sockets,
    info,
    { shell: (frames) => kernel.handle("shell", frames), stdin: (frames) => kernel.handleStdin(frames) },
    log,
  );
  // After binding: booting the worker must not delay the first kernel_info_reply on a busy machine.
  const control = (link.control = new ControlLink(
    {
      zeromqPath: zeromq.path,
      transport: info.transport,
      ip: info.ip,
      hbPort: info.hb_port,
      controlPort: info.control_port,
      key: info.key,
      curve: curveServerKeys(info),
      graceMs: INTERRUPT_GRACE_MS,
    },
    {
      control: (frames) => kernel.handle("control", frames),
      interrupt: (at, source) => {
        if (source === "message" || sigints.seen("relay")) kernel.interrupt(at);
      },
      log,
    },
  ));
  return { kernel, sockets, control };
}
