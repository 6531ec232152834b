/**
 * The request families answered straight from the engine: `kernel_info`, `is_complete`, `inspect`,
 * `complete`, and the comm family (no comm targets exist, so `comm_info` lists none and comm messages are
 * ignored, as the messaging spec asks).
 */
import type { Engine, Request } from "../types";

/** A handler for one request type. */
export type Handler = (req: Request) => void;

/** The handlers of this file, by `msg_type`. */
export function introspectionHandlers(engine: Engine): Record<string, Handler> {
  const ignore: Handler = () => undefined;
  return {
    kernel_info_request: ({ msg, reply }) =>
      reply(msg.child("kernel_info_reply", { ...engine.kernelInfo(), status: "ok" })),
    is_complete_request: ({ msg, reply }) =>
      reply(msg.child("is_complete_reply", engine.isComplete(msg.content))),
    inspect_request: ({ msg, reply }) => reply(msg.child("inspect_reply", engine.inspect(msg.content))),
    complete_request: ({ msg, reply }) => reply(msg.child("complete_reply", engine.complete(msg.content))),
    comm_info_request: ({ msg, reply }) => reply(msg.child("comm_info_reply", { status: "ok", comms: {} })),
    comm_open: ignore,
    comm_msg: ignore,
    comm_close: ignore,
  };
}
