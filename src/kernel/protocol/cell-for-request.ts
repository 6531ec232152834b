/**
 * The cell context of one `execute_request`: writers that send on IOPub with the request as parent, stream
 * text coalesced and always flushed before anything else the cell sends, so the front-end sees output in the
 * order it was written.
 */
import type { CellContext, DisplayContent } from "../cell-context";
import { StreamBuffer } from "../output";
import type { WireMessage } from "../wire";
import type { Outbox } from "./types";

let sequence = 0;

/** A new cell context for `msg`, sending on `iopub`. */
export function cellForRequest(msg: WireMessage, executionCount: number | null, iopub: Outbox): CellContext {
  const stream = new StreamBuffer((name, text) => iopub.enqueue(msg.child("stream", { name, text })));
  const c = msg.content;
  return {
    id: ++sequence,
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
      iopub.enqueue(
        msg.child(update ? "update_display_data" : "display_data", {
          data: content.data,
          metadata: content.metadata ?? {},
          transient: content.transient ?? {},
        }),
      );
    },
    clearOutput: (wait: boolean) => {
      stream.flush();
      iopub.enqueue(msg.child("clear_output", { wait }));
    },
    flush: () => stream.flush(),
  };
}
