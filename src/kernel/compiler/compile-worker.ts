/**
 * The compile worker: a thread that owns tslab's TypeScript converter. Type-checking and emitting a cell
 * take tens to hundreds of milliseconds (and building the converter over the standard library and
 * `@types/node` more than a second), so they run here, and the kernel's event loop keeps serving timers,
 * tasks, servers and live displays meanwhile. Requests are answered one at a time, in arrival order, with
 * plain data only (./types.ts).
 */
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import { hasSyntaxError, rewriteForAwait, tslabTypeScript, tslabTypeScriptId } from "../source";
import { useDirectPrograms, type TypeScriptLike } from "./direct-programs";
import { COMPILE_WORKER_NICENESS, lowerThreadPriority } from "./thread-priority";
import type {
  CompileDiagnostic,
  CompileRequest,
  CompileWorkerData,
  Compiled,
  Completeness,
  Completion,
  Inspection,
  WorkerReply,
} from "./types";

/** The parts of tslab's converter (`dist/converter.js` `createConverter`) used here. */
interface TslabConverter {
  convert(
    prevDecl: string,
    src: string,
  ): {
    output?: string;
    declOutput?: string;
    diagnostics: CompileDiagnostic[];
    hasToplevelAwait?: boolean;
    sideOutputs?: Array<{ path: string; data: string }>;
    lastExpressionVar?: string;
  };
  inspect(prevDecl: string, src: string, position: number): unknown;
  complete(
    prevDecl: string,
    src: string,
    position: number,
  ): { start: number; end: number; candidates: string[] };
  addModule(name: string, src: string, meta: CodeMetadata): CompileDiagnostic[];
  close(): void;
}

interface CodeMetadata {
  module?: string;
  mode?: "node" | "browser";
  jsx?: boolean;
}

interface ConverterModule {
  createConverter(options: { isJS: boolean; isBrowser: boolean }): TslabConverter;
  isCompleteCode(src: string): { completed: boolean; indent?: string };
}

const { tslabRoot } = workerData as CompileWorkerData;
// Background work: the kernel's event loop wins a contested core (./thread-priority.ts).
lowerThreadPriority(COMPILE_WORKER_NICENESS);
// tslab is found at run time (a path, not a package name).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (relative: string): unknown => require(path.join(tslabRoot, relative));
const ts = tslabTypeScript(tslabRoot);
// Before tslab's converter is loaded: it then builds plain programs per cell (./direct-programs.ts).
useDirectPrograms(ts as unknown as TypeScriptLike, tslabTypeScriptId(tslabRoot));
const converterModule = load("dist/converter.js") as ConverterModule;
const { getCodeMetadata } = load("dist/metadata.js") as { getCodeMetadata(src: string): CodeMetadata };
const { printQuickInfo } = load("dist/inspect.js") as { printQuickInfo(info: unknown): string };

let nodeConverter: TslabConverter | undefined;
let browserConverter: TslabConverter | undefined;

function converterFor(meta: CodeMetadata): TslabConverter {
  if (meta.mode === "browser") {
    browserConverter ??= converterModule.createConverter({ isJS: false, isBrowser: true });
    return browserConverter;
  }
  if (!nodeConverter) {
    const started = performance.now();
    nodeConverter = converterModule.createConverter({ isJS: false, isBrowser: false });
    post({ id: 0, ready: true, tookMs: performance.now() - started });
  }
  return nodeConverter;
}

function compile(prevDecl: string, original: string): Compiled {
  const src = rewriteForAwait(ts, original);
  const meta = getCodeMetadata(src);
  if (meta.module) {
    return { kind: "module", diagnostics: converterFor(meta).addModule(meta.module, src, meta) };
  }
  if (meta.mode === "browser") return { kind: "browser" };
  const r = converterFor(meta).convert(prevDecl, src);
  return {
    kind: "cell",
    output: r.output,
    declOutput: r.declOutput,
    diagnostics: r.diagnostics.map(plainDiagnostic),
    hasToplevelAwait: r.hasToplevelAwait === true,
    sideOutputs: r.sideOutputs,
    lastExpressionVar: r.lastExpressionVar,
  };
}

/** tslab's diagnostics may carry TypeScript message chains; only the fields the executor prints cross. */
function plainDiagnostic(d: CompileDiagnostic): CompileDiagnostic {
  const out: CompileDiagnostic = {
    start: { ...d.start },
    end: { ...d.end },
    messageText: String(d.messageText),
    category: d.category,
    code: d.code,
  };
  if (d.fileName !== undefined) out.fileName = d.fileName;
  return out;
}

function complete(prevDecl: string, src: string, position: number): Completion {
  const r = converterFor(getCodeMetadata(src)).complete(prevDecl, src, position);
  return { start: r.start, end: r.end, candidates: [...r.candidates] };
}

function inspect(prevDecl: string, src: string, position: number): Inspection {
  const info = converterFor(getCodeMetadata(src)).inspect(prevDecl, src, position);
  return info ? { found: true, text: printQuickInfo(info) } : { found: false, text: "" };
}

function isComplete(src: string): Completeness {
  const r = converterModule.isCompleteCode(src);
  if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
  return hasSyntaxError(ts, src) ? { status: "invalid" } : { status: "complete" };
}

function answer(req: CompileRequest): unknown {
  switch (req.op) {
    case "compile":
      return compile(req.prevDecl, req.src);
    case "complete":
      return complete(req.prevDecl, req.src, req.position);
    case "inspect":
      return inspect(req.prevDecl, req.src, req.position);
    case "is-complete":
      return isComplete(req.src);
  }
}

function post(reply: WorkerReply): void {
  parentPort?.postMessage(reply);
}

/**
 * Each compile leaves a superseded TypeScript program behind (most of a megabyte for a trivial cell), and
 * V8 collects old space only under pressure: without help the worker's heap grows by hundreds of
 * megabytes over a few hundred cells. Two collections keep it near its starting size, both on this
 * thread, so the notebook's event loop never waits for them:
 * - once the heap has grown by {@link GROWTH_GC_MB} since the last collection, an incremental one: V8
 *   marks concurrently and in small steps between and during compiles, so no compile waits for a whole
 *   collection;
 * - a full one once the kernel has been quiet for {@link IDLE_GC_MS}. Up to V8 12 (Node 22) it compacts:
 *   compaction hands the pages a collection emptied back to the system (about 8 MB resident after the
 *   converter is built); the V8 flag is process-wide, so it is on only for that collection. From V8 13
 *   (Node 24) a compacting collection instead keeps the pages it moved in a pool of the isolate, resident
 *   until a memory-reducing collection that comes seconds later: forcing it kept about 65-85 MB more
 *   resident at idle (`--trace-gc-verbose`: "pooled: 85 MB"), so there the collection does not compact.
 */
const IDLE_GC_MS = 300;
const COMPACT_WHEN_IDLE = Number(process.versions.v8.split(".")[0]) < 13;
const GROWTH_GC_MB = 32;
type Gc = (options?: { type: "major"; execution: "async" }) => Promise<void> | undefined;
const gc = ((): Gc | undefined => {
  try {
    v8.setFlagsFromString("--expose-gc");
    const fn: unknown = vm.runInNewContext("gc");
    return typeof fn === "function" ? (fn as Gc) : undefined;
  } catch {
    return undefined;
  }
})();
const heapUsed = (): number => v8.getHeapStatistics().used_heap_size;
let heapAfterGc = 0;
let collecting = false;
let idleTimer: NodeJS.Timeout | undefined;

function collectIfGrown(): void {
  if (!gc || collecting || heapUsed() - heapAfterGc < GROWTH_GC_MB * 1024 * 1024) return;
  collecting = true;
  const done = (): void => {
    collecting = false;
    heapAfterGc = heapUsed();
  };
  const pending = gc({ type: "major", execution: "async" });
  if (pending) pending.then(done, done);
  else done();
}

function collectWhenIdle(): void {
  if (!gc) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (COMPACT_WHEN_IDLE) v8.setFlagsFromString("--compact-on-every-full-gc");
    gc();
    if (COMPACT_WHEN_IDLE) v8.setFlagsFromString("--no-compact-on-every-full-gc");
    heapAfterGc = heapUsed();
  }, IDLE_GC_MS);
  idleTimer.unref();
}

parentPort?.on("message", (req: CompileRequest) => {
  try {
    post({ id: req.id, ok: true, value: answer(req) });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ id: req.id, ok: false, error: { name: err.name, message: err.message, stack: err.stack } });
  }
  collectIfGrown();
  collectWhenIdle();
});

// Build the converter as soon as the thread is up, so the first cell does not wait for it. (V8's module
// compile cache, Node 22+, was measured here too: about 25 MB more resident on Node 24 and no start-up
// gain that stood out of the noise, so it is not used.)
setImmediate(() => {
  converterFor({});
  collectWhenIdle();
});
