/**
 * Routes `process.stdout`/`process.stderr` writes and tslab's display writer through the cell context, so
 * output lands in the cell that started the code writing it (tslab reassigns them per execution and sends
 * late output to the latest cell; tslab-defects.md §1.3). Writes are coalesced and sent loss-free by the
 * cell's writers; nothing a cell writes can throw `EBUSY` back at it.
 */
import { StringDecoder } from "node:string_decoder";
import { currentCell } from "../cell-context";
import type { TslabHost } from "../host";
import type { KernelPatch } from "./index";

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

function route(stream: NodeJS.WriteStream, name: "stdout" | "stderr"): Write {
  const original = stream.write.bind(stream) as Write;
  const decoder = new StringDecoder("utf8");
  const write: Write = (chunk, encoding, callback) => {
    const cb = typeof encoding === "function" ? encoding : callback;
    const cell = currentCell();
    if (!cell) return original(chunk, encoding, callback);
    const text =
      typeof chunk === "string"
        ? chunk
        : chunk instanceof Uint8Array
          ? decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          : String(chunk);
    cell.writeStream(name, text);
    if (typeof cb === "function") process.nextTick(cb as () => void);
    return true;
  };
  // A property whose setter ignores assignments: tslab assigns its own per-execution writer in code paths
  // we no longer call, and user code must not be able to break routing by accident either.
  Object.defineProperty(stream, "write", { configurable: true, get: () => write, set: () => undefined });
  return original;
}

/** The kernel's own stderr (the Jupyter server's log), valid after the patch is installed. */
export let serverStderr: (text: string) => void = (text) => void process.stderr.write(text);

export const stdioRouting: KernelPatch = {
  name: "stdio-routing",
  install(host: TslabHost, options?: { preloaded: boolean }) {
    // In a running plain tslab (`apply()`), no cell contexts exist: tslab's own routing must stay.
    if (options && !options.preloaded) return;
    route(process.stdout, "stdout");
    const err = route(process.stderr, "stderr");
    serverStderr = (text) => void err(text);
    Object.defineProperty(host.jupyter, "lastWriteDisplayData", {
      configurable: true,
      enumerable: true,
      get() {
        const cell = currentCell();
        return cell ? cell.writeDisplay : null;
      },
      set: () => undefined,
    });
  },
};
