/**
 * Captures the running `ZmqServer` instance the first time it publishes a status, so other parts of the
 * kernel module can reach its sockets, connection info and handler (docs/tslab-notes.md).
 */
import type { TslabHost } from "../host";
import type { KernelPatch } from "./index";

/** The parts of tslab's `ZmqServer` this module relies on. */
export interface LiveServer {
  handler: { execCount: number; executor: Record<string, unknown> };
  connInfo: { key: string; [k: string]: unknown };
}

let live: LiveServer | undefined;
const waiters: Array<(s: LiveServer) => void> = [];

/** Resolves with the running server as soon as it is known. */
export function whenServer(): Promise<LiveServer> {
  return live ? Promise.resolve(live) : new Promise((resolve) => waiters.push(resolve));
}

/** Records the running server (called by the protocol patch when it initialises the server). */
export function captureServer(server: object): void {
  if (live === server) return;
  live = server as LiveServer;
  for (const w of waiters.splice(0)) w(live);
}

export const serverCapture: KernelPatch = {
  name: "server-capture",
  install(host: TslabHost) {
    const proto = host.jupyter.ZmqServer.prototype as {
      publishStatus: (this: LiveServer, ...args: unknown[]) => unknown;
    };
    const original = proto.publishStatus;
    proto.publishStatus = function (this: LiveServer, ...args: unknown[]) {
      if (live !== this) {
        // The server instance is closure-private in tslab; this is the only place it shows itself.
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        live = this;
        for (const w of waiters.splice(0)) w(this);
      }
      return original.apply(this, args);
    };
  },
};
