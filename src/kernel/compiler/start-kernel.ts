/**
 * Starts the kernel the way tslab's `startKernel` does (`dist/main.js`), with one difference that decides
 * how soon it is ready: tslab builds its TypeScript converter on the main thread before it binds a socket
 * (over a second), while here the converter is built on the compile worker. The server binds and answers
 * `kernel_info` at once; the first cell waits for the converter only if it arrives before it is built.
 */
import type { TslabHost } from "../host";
import { CompileService } from "./compile-service";
import { createWorkerExecutor, type ExecutorConsole, type WorkerExecutor } from "./worker-executor";

/** Options of {@link startKernel}. */
export interface StartKernelOptions {
  /** The connection file Jupyter passed on the command line. */
  configPath: string;
  /** Receives last-expression values and failures of cells (the kernel's executor console). */
  console: ExecutorConsole;
  /** The kernel's log (the Jupyter server's stderr). */
  log?: (text: string) => void;
}

interface TslabServer {
  init(): Promise<void>;
}

type ServerClass = new (handler: unknown, configPath: string) => TslabServer;
type HandlerClass = new (executor: WorkerExecutor, isJs: boolean) => unknown;

/**
 * Creates tslab's handler and server around a {@link WorkerExecutor}, installs tslab's process handlers,
 * and initialises the server; the compile worker starts once the sockets are bound.
 *
 * @example
 * ```ts
 * installKernelModule(host, { preloaded: true });
 * startKernel(host, { configPath, console: executorConsole });
 * ```
 */
export function startKernel(host: TslabHost, options: StartKernelOptions): WorkerExecutor {
  const service = new CompileService({ tslabRoot: host.root, log: options.log });
  const executor = createWorkerExecutor({
    service,
    rootDir: process.cwd(),
    tslabRoot: host.root,
    console: options.console,
  });
  const Handler = host.jupyter.JupyterHandlerImpl as unknown as HandlerClass;
  const Server = host.jupyter.ZmqServer as unknown as ServerClass;
  const server = new Server(new Handler(executor, false), options.configPath);
  // The same process handlers tslab installs (the kernel module may replace the last two).
  process.on("SIGINT", () => executor.interrupt());
  process.on("uncaughtException", (err) => console.error("UncaughtException:", err));
  process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));
  // Booting the worker competes for the CPU with binding the sockets; start it once they are bound.
  void server.init().then(
    () => service.start(),
    (e: unknown) => {
      (options.log ?? ((t: string) => void process.stderr.write(t)))(
        `tslab-asyncio: the kernel server failed to start: ${String(e)}\n`,
      );
      process.exit(1);
    },
  );
  return executor;
}
