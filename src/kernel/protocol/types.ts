/**
 * The shapes the protocol layer is built from. The layer owns sockets, dispatch, the execute queue and every
 * reply; what it needs from the language side (tslab, or anything else that runs cells) is {@link Engine}.
 * Shared here so the files of the layer never import each other for a type.
 */
import type { CellContext } from "../cell-context";
import type { ErrorContent } from "../errors";
import type { Content, WireMessage } from "../wire";

/** The two request channels. */
export type Channel = "shell" | "control";

/** Sends a reply on the channel the request came from. */
export type Reply = (msg: WireMessage) => void;

export type { LogFn } from "../output";

/** A channel the kernel sends on: messages are queued, never dropped, and sent in order. */
export interface Outbox {
  enqueue(msg: WireMessage): void;
  /** Resolves once everything queued so far has been handed to the transport. */
  flushed(): Promise<void>;
}

/** One parsed request and how to answer it. */
export interface Request {
  readonly msg: WireMessage;
  readonly channel: Channel;
  readonly reply: Reply;
}

/** What running one cell's code produced. */
export type CellOutcome =
  | { readonly ok: true; readonly hasValue: boolean; readonly value: unknown }
  | { readonly ok: false; readonly error: ErrorContent };

/**
 * The language side of the kernel: what the protocol layer asks of whatever compiles and runs cells. The
 * tslab implementation is `tslab/engine.ts`; tests use fakes.
 */
export interface Engine {
  /** The execution counter (`In [n]`); the execute queue increments it for cells that store history. */
  executionCount: number;
  /** `kernel_info_reply` content, without `status`. */
  kernelInfo(): Content;
  /** `is_complete_reply` content (a promise when the compiler answers from another thread). */
  isComplete(content: Content): Content | Promise<Content>;
  /** `inspect_reply` content (a promise when the compiler answers from another thread). */
  inspect(content: Content): Content | Promise<Content>;
  /** `complete_reply` content (a promise when the compiler answers from another thread). */
  complete(content: Content): Content | Promise<Content>;
  /**
   * Runs `code` as `cell` (inside its cell context). Settles when the code finished; rejects with the cell
   * signal's reason when the cell is interrupted.
   */
  execute(cell: CellContext, code: string): Promise<CellOutcome>;
  /** The protocol error for a value thrown while handling the cell's result (e.g. a failing display). */
  describe(cell: CellContext, thrown: unknown): ErrorContent;
  /** Stops the running cell's code as far as the engine can. Never throws. */
  interrupt(): void;
}

/** The channels the kernel sends on besides the reply channels. */
export interface KernelOutboxes {
  readonly iopub: Outbox;
  readonly shell: Outbox;
  readonly stdin: Outbox;
  /** Sends on control (through the control worker); resolves once sent. */
  sendControl(msg: WireMessage): Promise<void>;
}
