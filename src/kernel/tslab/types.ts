/**
 * The parts of tslab's objects the kernel reads and calls. They are tslab 1.x internals (not its public
 * API); docs/tslab-notes.md says what each one does and how we rely on it.
 */
import type { Content } from "../wire";

/** tslab's executor (the closure object `createExecutor` returns). */
export interface TslabExecutor {
  /** Type-checks, transpiles and runs one cell; resolves `false` when it failed (reported on the console). */
  execute(src: string): Promise<boolean>;
  /** Rejects the promise `execute` is waiting on. */
  interrupt(): void;
}

/** tslab's `JupyterHandlerImpl`. */
export interface TslabHandler {
  execCount: number;
  executor: TslabExecutor;
  handleKernel(): Content & { language_info: Content };
  handleIsComplete(req: Content): Content;
  handleInspect(req: Content): Content;
  handleComplete(req: Content): Content;
}

/** The `ZmqServer` fields the kernel reads and sets. */
export interface ServerFields {
  handler: TslabHandler;
  configPath: string;
  connInfo: unknown;
  iopub: unknown;
  shell: unknown;
  control: unknown;
  stdin: unknown;
  hb: unknown;
}
