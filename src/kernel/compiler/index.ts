/**
 * The compile service: tslab's TypeScript converter on a worker thread, the executor that runs what it
 * emits, and the kernel start that binds sockets before the compiler is built.
 */
export { CompileService, type CompileServiceOptions } from "./compile-service";
export { deferConverter } from "./defer-converter";
export { startKernel, type StartKernelOptions } from "./start-kernel";
export { typeScriptVersion } from "./typescript-version";
export {
  createWorkerExecutor,
  isWorkerExecutor,
  type ExecutorConsole,
  type WorkerExecutor,
  type WorkerExecutorOptions,
} from "./worker-executor";
export type * from "./types";
