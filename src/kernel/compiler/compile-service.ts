/**
 * The main thread's side of the compile worker (./compile-worker.ts): starts the thread, sends requests,
 * and resolves each with the worker's answer. Nothing here loads TypeScript, so the kernel can bind its
 * sockets and answer `kernel_info` while the worker is still building the converter.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { CompileAnswers, CompileRequest, CompileWorkerData, WorkerReply } from "./types";

/** Options of {@link CompileService}. */
export interface CompileServiceOptions {
  /** tslab's package directory (its `dist/converter.js` does the compiling). */
  tslabRoot: string;
  /** Where the worker's own console output and failures go (the kernel's log, not a cell). */
  log?: (text: string) => void;
}

/** The compile worker's young generation, in MB (see `#spawn`). */
const YOUNG_GENERATION_MB = 8;

type Op = keyof CompileAnswers;
type RequestOf<K extends Op> = Omit<Extract<CompileRequest, { op: K }>, "id" | "op">;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Runs tslab's converter on a worker thread. Requests are answered in order; if the worker dies, pending
 * requests fail with an error saying so and the next request starts a fresh worker (which has forgotten
 * `@module` cells registered before).
 *
 * @example
 * ```ts
 * const service = new CompileService({ tslabRoot: path.dirname(require.resolve("tslab/package.json")) });
 * const compiled = await service.request("compile", { prevDecl: "", src: "const x: number = 1; x" });
 * // compiled.kind === "cell"; compiled.output is the cell as CommonJS
 * await service.close();
 * ```
 */
export class CompileService {
  readonly #options: CompileServiceOptions;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #ready: Promise<number> | undefined;
  #markReady: ((ms: number) => void) | undefined;
  #failReady: ((e: Error) => void) | undefined;
  #closed = false;

  constructor(options: CompileServiceOptions) {
    this.#options = options;
  }

  /** Starts the worker now (requests start it too); the converter is built in the background. */
  start(): void {
    this.#spawn();
  }

  /**
   * Resolves once the worker has built its converter, with the milliseconds that took; cells compile
   * without waiting for the converter after that.
   */
  ready(): Promise<number> {
    this.#spawn();
    return this.#ready as Promise<number>;
  }

  /** Sends one request and resolves with its answer; rejects when the compiler threw or the worker died. */
  request<K extends Op>(op: K, args: RequestOf<K>): Promise<CompileAnswers[K]> {
    if (this.#closed) return Promise.reject(new Error("The compile service was closed; restart the kernel."));
    const worker = this.#spawn();
    const id = this.#nextId++;
    const message = { ...args, id, op } as CompileRequest;
    return new Promise<CompileAnswers[K]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // A request in flight keeps the process alive; an idle worker never does.
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage(message);
    });
  }

  /** Stops the worker; pending requests fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #spawn(): Worker {
    if (this.#worker) return this.#worker;
    const data: CompileWorkerData = { tslabRoot: this.#options.tslabRoot };
    const worker = new Worker(path.join(__dirname, "compile-worker.js"), {
      workerData: data,
      stdout: true,
      stderr: true,
      // V8's default young generation is sized for throughput. 16 MB kept the kernel about 20 MB smaller
      // on Node 20 and 80 MB on Node 24 once the converter was built; 8 MB another 6 MB (Node 20, idle
      // after the first cell), with no round-trip difference beyond the bench's noise for trivial or
      // 50-line cells. 4 MB made 50-line cells slower.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.#worker = worker;
    this.#ready = new Promise<number>((resolve, reject) => {
      this.#markReady = resolve;
      this.#failReady = reject;
    });
    // Nobody may be waiting for readiness; a failed start is reported through requests and the log.
    this.#ready.catch(() => undefined);
    const log = this.#options.log ?? ((text: string) => void process.stderr.write(text));
    worker.stdout.on("data", (d: Buffer) => log(`tslab-asyncio compiler: ${d.toString()}`));
    worker.stderr.on("data", (d: Buffer) => log(`tslab-asyncio compiler: ${d.toString()}`));
    worker.on("message", (m: WorkerReply) => this.#onReply(m));
    worker.on("error", (e) => log(`tslab-asyncio: the compile worker failed: ${String(e)}\n`));
    worker.on("exit", (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      const failure = new Error(
        `The TypeScript compiler thread stopped (exit code ${code}) before answering; run the cell again.`,
      );
      this.#failReady?.(failure);
      for (const p of this.#pending.values()) p.reject(failure);
      this.#pending.clear();
    });
    worker.unref();
    return worker;
  }

  #onReply(m: WorkerReply): void {
    if ("ready" in m) {
      this.#markReady?.(m.tookMs);
      return;
    }
    const pending = this.#pending.get(m.id);
    if (!pending) return;
    this.#pending.delete(m.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if (m.ok) pending.resolve(m.value);
    else {
      const e = new Error(m.error.message);
      e.name = m.error.name;
      if (m.error.stack) e.stack = m.error.stack;
      pending.reject(e);
    }
  }
}
