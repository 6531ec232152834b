/**
 * The stdin channel: `input_request` out for a running cell, `input_reply` back. One question at a time,
 * like a terminal; an interrupt rejects the pending one.
 */
import type { CellContext } from "../cell-context";
import { keyboardInterrupt } from "../errors";
import type { WireMessage } from "../wire";
import type { Outbox } from "./types";

/** Asks the front-end for input on behalf of cells. */
export class StdinChannel {
  readonly #out: Outbox;
  readonly #requests = new WeakMap<CellContext, WireMessage>();
  #pending: { resolve(v: string): void; reject(e: Error): void } | undefined;

  constructor(out: Outbox) {
    this.#out = out;
  }

  /** Remembers the execute_request of `cell`: its `input_request` must have that request as parent. */
  register(cell: CellContext, request: WireMessage): void {
    this.#requests.set(cell, request);
  }

  /** Sends `input_request` for the cell and resolves with the front-end's answer. */
  request(cell: CellContext, prompt: string, password: boolean): Promise<string> {
    const request = this.#requests.get(cell);
    if (!request || !cell.allowStdin) {
      const e = new Error(
        "input() needs a front-end that answers on the stdin channel, but this execute_request has " +
          "allow_stdin false (nbclient, nbconvert and papermill never allow it). Pass the value in code instead.",
      );
      e.name = "StdinNotImplementedError";
      return Promise.reject(e);
    }
    if (this.#pending)
      return Promise.reject(new Error("input() is already waiting for an answer; await it first."));
    cell.flush();
    return new Promise<string>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#out.enqueue(request.child("input_request", { prompt, password }));
    });
  }

  /** Handles a parsed message from the stdin socket; anything but `input_reply` is ignored. */
  receive(msg: WireMessage): void {
    if (msg.header.msg_type !== "input_reply") return;
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.resolve(String(msg.content.value ?? ""));
  }

  /** Rejects the pending question with KeyboardInterrupt. */
  interrupt(): void {
    this.#pending?.reject(keyboardInterrupt());
    this.#pending = undefined;
  }
}
