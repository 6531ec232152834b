/**
 * Replaces tslab's socket setup and message handling with the protocol kernel (`protocol/`) over the tslab
 * engine (`tslab/engine.ts`): loss-free IOPub, a real execute queue with `execute_input`/`execute_result`/
 * `error`, protocol-conformant replies, heartbeat and control in a worker thread, interrupts that stop
 * synchronous code, and the tcp and ipc transports with or without CurveZMQ.
 *
 * It only acts when the launcher preloads the module: an already-running tslab server (reached by
 * `apply()` in a plain tslab kernel) has its sockets and loops bound to tslab's own code.
 */
import type * as VmModule from "node:vm";
import type { TslabHost } from "../host";
import { readConnectionInfo } from "../protocol/connection";
import { serve } from "../protocol/kernel";
import { loadZeromq } from "../protocol/sockets";
import { TslabEngine } from "../tslab/engine";
import { executorConsole, recordGeneratedCode } from "../tslab/executor-console";
import type { ServerFields } from "../tslab/types";
import type { KernelPatch } from "./index";
import { captureServer } from "./server-capture";
import { serverStderr } from "./stdio";

/** tslab's wrapper around a cell's generated JavaScript (docs/tslab-notes.md, "Running a cell"). */
const CELL_WRAPPER =
  /^\((async )?function\(exports, require\) \{ [\s\S]*\n\}\)\(__tslab__\.exports, __tslab__\.require\)$/;

/**
 * tslab runs each cell with `vm.runInThisContext(wrapped, { breakOnSigint: true })` and no file name; giving
 * it `<cell N>` makes stack frames recognisable, and the generated code is kept to map lines back.
 */
function nameCellScripts(): void {
  // The module object itself (not an `import *` namespace copy), so tslab's `vm.runInThisContext` sees it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vm = require("node:vm") as typeof VmModule;
  const original = vm.runInThisContext;
  const patched = function (this: unknown, code: string, options?: VmModule.RunningScriptOptions | string) {
    if (typeof code === "string" && typeof options === "object" && CELL_WRAPPER.test(code)) {
      const filename = recordGeneratedCode(code);
      if (filename) options = { ...options, filename };
    }
    return original.call(vm, code, options);
  };
  vm.runInThisContext = patched as typeof vm.runInThisContext;
}

export const protocol: KernelPatch = {
  name: "protocol",
  install(host: TslabHost, options?: { preloaded: boolean }) {
    if (options && !options.preloaded) return;
    nameCellScripts();
    // tslab creates its executor with `{ log: console.log, error: console.error }` right after this runs;
    // hand it ours and put the real ones back as soon as the server initialises.
    const saved = { log: console.log, error: console.error };
    console.log = executorConsole.log;
    console.error = executorConsole.error;
    const proto = host.jupyter.ZmqServer.prototype as Record<string, unknown>;
    proto.init = async function (this: ServerFields): Promise<void> {
      console.log = saved.log;
      console.error = saved.error;
      const info = readConnectionInfo(this.configPath);
      this.connInfo = info;
      captureServer(this);
      const engine = new TslabEngine(this.handler, host);
      const log = (text: string): void => serverStderr(text);
      const { sockets, control } = await serve(info, engine, loadZeromq(host.root), log);
      // tslab's own shutdown path closes these; the worker owns heartbeat and control.
      Object.assign(this, {
        iopub: sockets.raw.iopub,
        shell: sockets.raw.shell,
        stdin: sockets.raw.stdin,
        control: { close: () => control.terminate() },
        hb: { close: () => undefined },
      });
    };
    proto.handleShellMessage = function (): void {
      serverStderr("tslab-asyncio: tslab's handleShellMessage called unexpectedly; ignored\n");
    };
  },
};
