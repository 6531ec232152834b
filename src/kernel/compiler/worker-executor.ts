/**
 * An executor with the behaviour of tslab's (`dist/executor.js` `createExecutor`) whose compiling happens
 * on the compile worker: a cell is type-checked and emitted there, and only the emitted JavaScript runs
 * here. What users rely on stays as it was:
 *
 * - type errors are printed, and the cell does not run, when the check fails;
 * - declarations carry over between cells: each successful cell's declarations (`prevDecl`) are the
 *   context of the next check, and values live in `__tslab__.exports`, which the emitted code reads;
 * - `require("tslab")` returns the running tslab, and local files a cell imports run from memory;
 * - `/** @module name *\/` cells register a module and `/** @browser *\/` cells are skipped;
 * - the value of a cell's last expression is handed to `console.log` (the kernel turns it into a result).
 */
import * as nodeModule from "node:module";
import * as path from "node:path";
import type * as VmModule from "node:vm";
import { isSigintInterruption, mainThreadSawSigint } from "../sigint";
import type { CompileService } from "./compile-service";
import type { CompileDiagnostic, Completeness, Completion, Inspection, SideOutput } from "./types";

/** Where an executor prints (the kernel passes a console that turns these into results and errors). */
export interface ExecutorConsole {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Options of {@link createWorkerExecutor}. */
export interface WorkerExecutorOptions {
  /** The compile service that type-checks and emits cells. */
  service: CompileService;
  /** The notebook's folder: `require` and imports resolve from here. */
  rootDir: string;
  /** tslab's package directory, for `require("tslab")`. */
  tslabRoot: string;
  /** Receives last-expression values (`log`) and failures (`error`). */
  console: ExecutorConsole;
}

/** The executor: tslab's executor surface, with inspection and completion answered asynchronously. */
export interface WorkerExecutor {
  /** Type-checks, then runs, one cell; resolves false when the cell had errors or threw. */
  execute(src: string): Promise<boolean>;
  /** Hover information at `position` in `src`, in the context of earlier cells. */
  inspect(src: string, position: number): Promise<Inspection>;
  /** Completion candidates at `position` in `src`, in the context of earlier cells. */
  complete(src: string, position: number): Promise<Completion>;
  /** Whether `src` is a complete cell. */
  isComplete(src: string): Promise<Completeness>;
  /** Every variable earlier cells declared (the object cells read through `exports`). */
  readonly locals: Record<string, unknown>;
  /** Forgets every declaration and value. */
  reset(): void;
  /** Ends the running cell's wait for its promise, as tslab's interrupt does. */
  interrupt(): void;
  /** Stops the compile worker. */
  close(): Promise<void>;
}

type NodeRequire = NodeJS.Require;

const workerExecutors = new WeakSet<object>();

/**
 * Variables of all cells. TypeScript turns named imports into `Object.defineProperty`; turning that into a
 * plain set keeps them assignable from later cells.
 */
function createExports(): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  return new Proxy(target, {
    defineProperty(_t, prop, attrs) {
      if (prop === "__esModule") return true;
      target[prop as string] = attrs.get ? (attrs.get as () => unknown)() : attrs.value;
      return true;
    },
  });
}

interface ModuleInternals {
  _compile(content: string, filename: string): void;
}

/** This package's name, as cells import it. */
const SELF = "tslab-asyncio";

/**
 * A `require` from `dirname` that returns the running tslab and tslab-asyncio, and runs local files a cell
 * compiled.
 */
function cellRequire(
  base: NodeRequire,
  dirname: string,
  tslabRoot: string,
  files: Map<string, string>,
  loaded: Map<string, NodeJS.Module>,
): NodeRequire {
  const fromMemory = (id: string): unknown => {
    let filename = path.join(dirname, id);
    if (path.extname(filename) === "") filename += ".js";
    const cached = loaded.get(filename);
    if (cached) return cached.exports;
    const code = files.get(filename);
    if (code === undefined) return undefined;
    const mod = new nodeModule.Module(filename, module);
    mod.filename = filename;
    mod.paths = (
      nodeModule.Module as unknown as { _nodeModulePaths(dir: string): string[] }
    )._nodeModulePaths(path.dirname(filename));
    mod.require = cellRequire(mod.require as NodeRequire, path.dirname(filename), tslabRoot, files, loaded);
    loaded.set(filename, mod);
    (mod as unknown as ModuleInternals)._compile(code, filename);
    return mod.exports;
  };
  return new Proxy(base, {
    apply(_target, thisArg, args: unknown[]) {
      if (args.length === 1 && typeof args[0] === "string") {
        const id = args[0];
        // The running kernel's own tslab, whichever copy the notebook's folder would resolve.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        if (id === "tslab") return require(path.join(tslabRoot, "dist", "public.js"));
        // Likewise the kernel's own tslab-asyncio (a package may require itself by name): a second copy
        // installed in the notebook's folder would have tasks, timers and jobs this kernel cannot see, so
        // interrupts, cancelAll() and timelines would miss them.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        if (id === SELF || id.startsWith(SELF + "/")) return require(id);
        const local = fromMemory(id);
        if (local !== undefined) return local;
      }
      return Reflect.apply(base, thisArg, args);
    },
  });
}

function interruptedError(): Error {
  return new Error("Interrupted asynchronously");
}

/**
 * Creates the executor and publishes `globalThis.__tslab__` (`exports` and `require`), which the emitted
 * code of every cell refers to.
 *
 * @example
 * ```ts
 * const service = new CompileService({ tslabRoot });
 * const executor = createWorkerExecutor({ service, rootDir: process.cwd(), tslabRoot, console });
 * await executor.execute("const x: number = 41;");
 * await executor.execute("x + 1"); // console.log(42)
 * ```
 */
export function createWorkerExecutor(options: WorkerExecutorOptions): WorkerExecutor {
  const { service, rootDir, tslabRoot, console: out } = options;
  const files = new Map<string, string>();
  const loaded = new Map<string, NodeJS.Module>();
  const exports = createExports();
  const req = cellRequire(
    nodeModule.createRequire(path.join(rootDir, "src.js")),
    rootDir,
    tslabRoot,
    files,
    loaded,
  );
  // The module object itself, so a patched `vm.runInThisContext` (cell file names) is the one called.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vm = require("node:vm") as typeof VmModule;
  (vm.runInThisContext("(x) => { globalThis.__tslab__ = x; }") as (x: unknown) => void)({
    exports,
    require: req,
  });

  let prevDecl = "";
  /** Counts interrupts, so a cell interrupted while it compiled never starts. */
  let interrupts = 0;
  let rejectInterrupt: (e: Error) => void = () => undefined;
  let interruptPromise: Promise<never>;
  const resetInterrupt = (): void => {
    interruptPromise = new Promise<never>((_, reject) => (rejectInterrupt = reject));
    interruptPromise.catch(() => undefined);
  };
  resetInterrupt();

  const printDiagnostics = (diagnostics: readonly CompileDiagnostic[]): void => {
    for (const d of diagnostics) {
      out.error(
        "%s%d:%d - %s",
        d.fileName ? d.fileName + " " : "",
        d.start.line + 1,
        d.start.character + 1,
        d.messageText,
      );
    }
  };

  const updateFiles = (outputs: readonly SideOutput[]): void => {
    for (const o of outputs) {
      loaded.delete(o.path);
      files.set(o.path, o.data);
    }
  };

  async function execute(src: string): Promise<boolean> {
    const before = interrupts;
    const compiled = await service.request("compile", { prevDecl, src });
    if (interrupts !== before) return false;
    if (compiled.kind === "browser") return true;
    if (compiled.kind === "module") {
      // A module is registered even when it has errors, as in tslab.
      printDiagnostics(compiled.diagnostics);
      return true;
    }
    if (compiled.sideOutputs) updateFiles(compiled.sideOutputs);
    if (compiled.diagnostics.length > 0) {
      printDiagnostics(compiled.diagnostics);
      return false;
    }
    if (!compiled.output) {
      prevDecl = compiled.declOutput ?? "";
      return true;
    }
    let promise: unknown;
    try {
      const prefix = compiled.hasToplevelAwait
        ? "(async function(exports, require) { "
        : "(function(exports, require) { ";
      const wrapped = prefix + compiled.output + "\n})(__tslab__.exports, __tslab__.require)";
      const ret: unknown = vm.runInThisContext(wrapped, { breakOnSigint: true });
      if (compiled.hasToplevelAwait) promise = ret;
    } catch (e) {
      // While the script runs, Node gives SIGINT to the script instead of the process listeners.
      if (isSigintInterruption(e)) mainThreadSawSigint();
      out.error(e);
      return false;
    }
    if (promise) {
      try {
        await Promise.race([promise, interruptPromise]);
      } catch (e) {
        out.error(e);
        return false;
      }
    }
    prevDecl = compiled.declOutput ?? "";
    const name = compiled.lastExpressionVar;
    if (name !== undefined && exports[name] != null) {
      const value = exports[name];
      delete exports[name];
      out.log(value);
    }
    return true;
  }

  const executor: WorkerExecutor = {
    execute,
    inspect: (src, position) => service.request("inspect", { prevDecl, src, position }),
    complete: (src, position) => service.request("complete", { prevDecl, src, position }),
    isComplete: (src) => service.request("is-complete", { src }),
    locals: exports,
    reset() {
      prevDecl = "";
      for (const key of Object.getOwnPropertyNames(exports)) delete exports[key];
    },
    interrupt() {
      interrupts += 1;
      rejectInterrupt(interruptedError());
      resetInterrupt();
    },
    close: () => service.close(),
  };
  workerExecutors.add(executor);
  return executor;
}

/** True for an executor made by {@link createWorkerExecutor} (its introspection answers asynchronously). */
export function isWorkerExecutor(executor: unknown): executor is WorkerExecutor {
  return typeof executor === "object" && executor !== null && workerExecutors.has(executor);
}
