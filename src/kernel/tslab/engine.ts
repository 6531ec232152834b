/**
 * The tslab engine: the protocol layer's {@link Engine} on top of tslab's handler and executor. This is the
 * one place where a cell's code is handed to tslab (`execute` below); type-checking, transpiling, completion
 * and inspection stay tslab's.
 */
import { cellFileName, runInCell, type CellContext } from "../cell-context";
import { isWorkerExecutor, typeScriptVersion, type WorkerExecutor } from "../compiler";
import { errorContent, type ErrorContent } from "../errors";
import type { TslabHost } from "../host";
import type { CellOutcome, Engine } from "../protocol/types";
import { hasSyntaxError, rewriteForAwait, tslabTypeScript } from "../source";
import { VERSION } from "../version";
import type { Content } from "../wire";
import { startReport, type CellReport } from "./executor-console";
import type { TslabHandler } from "./types";

/** Runs cells through tslab. */
export class TslabEngine implements Engine {
  readonly #handler: TslabHandler;
  readonly #host: TslabHost;
  readonly #reports = new WeakMap<CellContext, CellReport>();

  constructor(handler: TslabHandler, host: TslabHost) {
    this.#handler = handler;
    this.#host = host;
  }

  get executionCount(): number {
    return this.#handler.execCount;
  }

  set executionCount(n: number) {
    this.#handler.execCount = n;
  }

  #ts(): ReturnType<typeof tslabTypeScript> {
    return tslabTypeScript(this.#host.root);
  }

  /** The executor when it compiles on the compile worker (then TypeScript is never loaded here). */
  #worker(): WorkerExecutor | undefined {
    const executor = this.#handler.executor;
    return isWorkerExecutor(executor) ? executor : undefined;
  }

  /** tslab's kernel info with the true TypeScript, tslab and Node versions. */
  kernelInfo(): Content {
    const base = this.#handler.handleKernel();
    const version = typeScriptVersion(this.#host.root);
    return {
      ...base,
      protocol_version: "5.3",
      implementation: "tslab-asyncio",
      implementation_version: VERSION,
      language_info: { ...base.language_info, version },
      banner: `TypeScript ${version} (tslab ${this.#host.version}, tslab-asyncio ${VERSION}, Node ${process.version})`,
      help_links: [{ text: "tslab", url: "https://github.com/yunabe/tslab" }],
    };
  }

  /** tslab's answer, except that code which cannot parse is `invalid` (tslab says `complete`). */
  isComplete(content: Content): Content | Promise<Content> {
    const worker = this.#worker();
    if (worker) return worker.isComplete(String(content.code ?? "")).then((r) => ({ ...r }));
    const res = this.#handler.handleIsComplete(content);
    if (res.status === "complete" && hasSyntaxError(this.#ts(), String(content.code ?? "")))
      return { status: "invalid" };
    return res;
  }

  inspect(content: Content): Content | Promise<Content> {
    const worker = this.#worker();
    if (!worker) return this.#handler.handleInspect(content);
    return worker.inspect(String(content.code ?? ""), Number(content.cursor_pos ?? 0)).then((r) => ({
      status: "ok",
      found: r.found,
      data: r.found ? { "text/plain": r.text } : {},
      metadata: {},
    }));
  }

  complete(content: Content): Content | Promise<Content> {
    const worker = this.#worker();
    if (!worker) return this.#handler.handleComplete(content);
    return worker.complete(String(content.code ?? ""), Number(content.cursor_pos ?? 0)).then((r) => ({
      status: "ok",
      cursor_start: r.start,
      cursor_end: r.end,
      matches: r.candidates,
      metadata: {},
    }));
  }

  /**
   * Runs the code through tslab's executor inside the cell context; rejects when the cell is interrupted.
   * This is the seam where the cell's source becomes running code.
   */
  async execute(cell: CellContext, code: string): Promise<CellOutcome> {
    const report = startReport(cell);
    this.#reports.set(cell, report);
    // The compile worker rewrites top-level `for await` itself.
    const src = this.#worker() ? code : rewriteForAwait(this.#ts(), code);
    const executor = this.#handler.executor;
    const signal = cell.controller.signal;
    const interrupted = new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
    // setImmediate gives the executor its own stack: if the watchdog terminates a stuck synchronous cell,
    // V8 unwinds that stack only, and this method still settles through `interrupted`.
    const run = new Promise<boolean>((resolve, reject) => {
      runInCell(cell, () => setImmediate(() => executor.execute(src).then(resolve, reject)));
    });
    let ok: boolean;
    try {
      ok = await Promise.race([run, interrupted]);
    } catch (e) {
      report.errors.push(e);
      ok = false;
    }
    if (ok) return { ok: true, hasValue: report.hasValue, value: report.value };
    return { ok: false, error: this.#failure(cell, report) };
  }

  #failure(cell: CellContext, report: CellReport): ErrorContent {
    if (report.diagnostics.length > 0) {
      const lines = report.diagnostics.map((d) => d.trim());
      return { ename: "TypeScriptError", evalue: lines.join("\n"), traceback: lines };
    }
    const thrown =
      report.errors.length > 0 ? report.errors[0] : new Error("The cell failed without an error value.");
    return this.describe(cell, thrown);
  }

  describe(cell: CellContext, thrown: unknown): ErrorContent {
    const js = this.#reports.get(cell)?.js;
    return errorContent(thrown, { fileName: cellFileName(cell), code: cell.code, js });
  }

  interrupt(): void {
    try {
      this.#handler.executor.interrupt();
    } catch {
      // tslab's interrupt only rejects a promise; nothing to recover.
    }
  }
}
