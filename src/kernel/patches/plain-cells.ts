/**
 * Cell contexts for a plain tslab kernel (`apply()`), where the kernel core cannot take over the running
 * server's sockets. tslab's own execute path still hands each request its writers (`writeStream`,
 * `writeDisplayData`, bound to that request's header), so each execution runs in a cell context built from
 * them: output of timers and tasks started in a cell goes to that cell, and the integration sees the cell
 * events it needs (late output, failures in their cell, interrupts that cancel the cell's work).
 * Preloaded kernels do all this in the kernel core; this patch then does nothing.
 */
import { StringDecoder } from "node:string_decoder";
import { cellEvents, currentCell, runInCell, type CellContext, type DisplayContent } from "../cell-context";
import type { TslabHost } from "../host";
import type { KernelPatch } from "./index";

type WriteStream = (name: string, text: string) => void;
type WriteDisplay = (content: DisplayContent, update: boolean) => void;
interface HandlerProto {
  execCount: number;
  handleExecuteImpl(
    this: HandlerProto,
    req: { code: string },
    ws: WriteStream,
    wd: WriteDisplay,
  ): Promise<unknown>;
  createWriteToIopub(this: HandlerProto, name: string, ws: WriteStream): (chunk: unknown) => boolean;
}

let seq = 0;

export const plainCells: KernelPatch = {
  name: "plain-cells",
  install(host: TslabHost, options?: { preloaded: boolean }) {
    if (!options || options.preloaded) return;
    const proto = host.jupyter.JupyterHandlerImpl.prototype as unknown as HandlerProto;
    const execute = proto.handleExecuteImpl;
    proto.handleExecuteImpl = function (req, writeStream, writeDisplay) {
      const cell: CellContext = {
        id: ++seq,
        msgId: `plain-${seq}`,
        // tslab increments execCount inside handleExecuteImpl, for this request.
        executionCount: this.execCount + 1,
        parentHeader: {},
        code: req.code,
        allowStdin: false,
        controller: new AbortController(),
        startedAt: Date.now(),
        finishedAt: undefined,
        writeStream: (name, text) => writeStream(name, text),
        writeDisplay: (content, update) => writeDisplay(content, update),
        clearOutput: () =>
          writeStream(
            "stderr",
            "clearOutput() needs the tslab-asyncio kernel: plain tslab cannot send clear_output.\n",
          ),
        flush: () => undefined,
      };
      return runInCell(cell, async () => {
        cellEvents.emit("cell-started", cell);
        let status: "ok" | "error" = "error";
        try {
          const result = await execute.call(this, req, writeStream, writeDisplay);
          status = "ok";
          return result;
        } finally {
          cell.finishedAt = Date.now();
          cellEvents.emit("cell-finished", cell, status);
        }
      });
    };
    // tslab installs a fresh stdout/stderr writer bound to the request at every execution; this one sends
    // text to the cell the writing code belongs to, and to that request's writer otherwise.
    proto.createWriteToIopub = function (name, writeStream) {
      const decoder = new StringDecoder("utf8");
      return (chunk) => {
        const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
        const cell = currentCell();
        if (cell) cell.writeStream(name as "stdout" | "stderr", text);
        else writeStream(name, text);
        return true;
      };
    };
    // tslab's own SIGINT listener ends the cell; this one lets the integration cancel the cell's work too.
    process.on("SIGINT", () => cellEvents.emit("interrupt-requested", currentCell()));
  },
};
