/**
 * The plain data exchanged between the kernel's main thread and its compile worker. Everything here is
 * structured-clone safe: strings, numbers, booleans, arrays and plain objects, never TypeScript nodes.
 */

/** A position in a cell (0-based line and character, and the offset in the cell's source). */
export interface SourcePosition {
  offset: number;
  line: number;
  character: number;
}

/** One type-check diagnostic, as tslab reports it. */
export interface CompileDiagnostic {
  start: SourcePosition;
  end: SourcePosition;
  messageText: string;
  category: number;
  code: number;
  /** Set when the diagnostic is in another file than the cell (a local module the cell imports). */
  fileName?: string;
}

/** A local `.ts`/`.js` file a cell imports, transpiled to CommonJS. */
export interface SideOutput {
  path: string;
  data: string;
}

/** What compiling one ordinary cell produced. */
export interface CellCompiled {
  kind: "cell";
  /** The cell as CommonJS, undefined when the cell has nothing to run (only types). */
  output?: string;
  /** The declarations of every cell so far, for the next cell's type check. */
  declOutput?: string;
  diagnostics: CompileDiagnostic[];
  hasToplevelAwait: boolean;
  sideOutputs?: SideOutput[];
  /** The export holding the value of the cell's last expression, if it ends in one. */
  lastExpressionVar?: string;
}

/** What compiling a `/** @module name *\/` cell produced: it was registered, these are its errors. */
export interface ModuleCompiled {
  kind: "module";
  diagnostics: CompileDiagnostic[];
}

/** A `/** @browser *\/` cell: tslab does not run these. */
export interface BrowserCell {
  kind: "browser";
}

/** The answer to a compile request. */
export type Compiled = CellCompiled | ModuleCompiled | BrowserCell;

/** Completion candidates for a cursor position. */
export interface Completion {
  start: number;
  end: number;
  candidates: string[];
}

/** Hover text for a cursor position (`found: false` when there is nothing to show). */
export interface Inspection {
  found: boolean;
  text: string;
}

/** Whether code typed so far is a complete cell (the `is_complete_request` question). */
export interface Completeness {
  status: "complete" | "incomplete" | "invalid";
  indent?: string;
}

/** Requests, each answered by the worker with one {@link WorkerReply} carrying the same id. */
export type CompileRequest =
  | { id: number; op: "compile"; prevDecl: string; src: string }
  | { id: number; op: "complete"; prevDecl: string; src: string; position: number }
  | { id: number; op: "inspect"; prevDecl: string; src: string; position: number }
  | { id: number; op: "is-complete"; src: string };

/** What each operation answers with. */
export interface CompileAnswers {
  compile: Compiled;
  complete: Completion;
  inspect: Inspection;
  "is-complete": Completeness;
}

/** The worker's messages: answers to requests, and readiness of the compiler. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } }
  | { id: 0; ready: true; tookMs: number };

/** What the main thread hands the worker at start. */
export interface CompileWorkerData {
  /** tslab's package directory; the worker loads its converter from there. */
  tslabRoot: string;
}
