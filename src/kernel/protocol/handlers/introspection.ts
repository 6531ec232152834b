/**
 * The request families answered straight from the engine: `kernel_info`, `is_complete`, `inspect`,
 * `complete`, and the comm family (no comm targets exist, so `comm_info` lists none and comm messages are
 * ignored, as the messaging spec asks).
 */
import type { Content } from "../../wire";
import type { Engine, Request } from "../types";

/** A handler for one request type; a promise when it answers later (the dispatcher waits before `idle`). */
export type Handler = (req: Request) => void | Promise<void>;

/** Replies at once with a plain answer, or when a promised one arrives. */
function answer(content: Content | Promise<Content>, send: (c: Content) => void): void | Promise<void> {
  if (content instanceof Promise) return content.then(send);
  send(content);
}

/** The handlers of this file, by `msg_type`. */
export function introspectionHandlers(engine: Engine): Record<string, Handler> {
  const ignore: Handler = () => undefined;
  return {
    kernel_info_request: ({ msg, reply }) =>
      reply(msg.child("kernel_info_reply", { ...engine.kernelInfo(), status: "ok" })),
    is_complete_request: ({ msg, reply }) =>
      answer(engine.isComplete(msg.content), (c) => reply(msg.child("is_complete_reply", c))),
    inspect_request: ({ msg, reply }) =>
      answer(engine.inspect(msg.content), (c) => reply(msg.child("inspect_reply", c))),
    complete_request: ({ msg, reply }) =>
      answer(engine.complete(msg.content), (c) => reply(msg.child("complete_reply", c))),
    comm_info_request: ({ msg, reply }) => reply(msg.child("comm_info_reply", { status: "ok", comms: {} })),
    comm_open: ignore,
    comm_msg: ignore,
    comm_close: ignore,
  };
}
