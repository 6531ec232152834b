/**
 * Cheaper per-cell programs for tslab's converter, in the compile worker only.
 *
 * tslab compiles each cell with TypeScript's watch API, whose default "builder" wraps every new program in
 * state for incremental rebuilds: a file version table and a map of what each of the ~150 library files
 * references. tslab never rebuilds incrementally (it asks for one file's diagnostics and one file's
 * emit), yet that state was computed again for every cell: a third of each compile and most of the
 * garbage a compile leaves behind (measured with `--cpu-prof` in the worker). Here the watch host is
 * given a builder that is the program itself, plus the one question tslab asks of the builder's state,
 * "which files does this cell depend on", answered by walking the cell's resolved imports only.
 *
 * tslab reaches TypeScript through `require("@tslab/typescript-for-tslab")`, whose exports are read-only
 * getters; {@link useDirectPrograms} puts a copy with the watch host factory replaced into `require`'s
 * cache before tslab's converter is loaded. The copy also converts the emitted ES module to CommonJS by
 * splicing where it can (./commonjs-fast.ts). Nothing else in TypeScript changes.
 */

import { withFastCommonJs } from "./commonjs-fast";

/** A TypeScript source file, as far as this module looks at it. */
interface SourceFileLike {
  fileName: string;
  /** Set by the program for each import (TypeScript 5.0's `ModeAwareCache` of resolutions). */
  resolvedModules?: {
    forEach(cb: (resolution: { resolvedModule?: { resolvedFileName: string } } | undefined) => void): void;
  };
  referencedFiles?: ReadonlyArray<{ fileName: string }>;
}

/** What a program and a builder both answer (the builder by asking its program). */
interface ProgramQueries {
  getSourceFile(fileName: string): SourceFileLike | undefined;
  getSourceFiles(): readonly SourceFileLike[];
  getCompilerOptions(): object;
  getCurrentDirectory(): string;
  emit(...args: unknown[]): unknown;
  getOptionsDiagnostics(...args: unknown[]): unknown;
  getGlobalDiagnostics(...args: unknown[]): unknown;
  getConfigFileParsingDiagnostics(): unknown;
  getSyntacticDiagnostics(...args: unknown[]): unknown;
  getSemanticDiagnostics(...args: unknown[]): unknown;
  getDeclarationDiagnostics(...args: unknown[]): unknown;
}

/** The program calls made here. */
interface ProgramLike extends ProgramQueries {
  getTypeChecker(): unknown;
}

/** What the watch program and tslab's converter call on a builder program. */
export interface DirectBuilder extends ProgramQueries {
  getProgram(): ProgramLike;
  getProgramOrUndefined(): ProgramLike | undefined;
  releaseProgram(): void;
  /** The file and every file it reaches through resolved imports and `/// <reference path>`. */
  getAllDependencies(sourceFile: SourceFileLike): string[];
}

/** The TypeScript API surface used here. */
export interface TypeScriptLike {
  createProgram(options: {
    rootNames: readonly string[];
    options: object;
    host?: unknown;
    oldProgram?: unknown;
    configFileParsingDiagnostics?: unknown;
    projectReferences?: unknown;
  }): ProgramLike;
  createWatchCompilerHost(...args: unknown[]): unknown;
  /** Sets `locals` and the other binder results of one file; does nothing for a file already bound. */
  bindSourceFile?(file: SourceFileLike, options: object): void;
  version: string;
}

/** The TypeScript line whose program internals (`sourceFile.resolvedModules`) this module reads. */
export const DIRECT_PROGRAMS_TYPESCRIPT = "5.0.";

/**
 * A builder that is just the program. It builds on `old`'s program so unchanged files are reused, but
 * keeps no reference to `old`. tslab reads the cell's `sourceFile.locals` right after the program is
 * created: TypeScript's own builders have bound every file by then, because they create the type checker
 * at once. Here only the root files (the cell and the previous cells' declarations) are bound, and the
 * checker is created when a diagnostic or an emit first needs it. For a cell that declares anything,
 * tslab builds a first program only to read those locals and then a second one with the `export`
 * suffix; the first program's checker (merging the globals of every library file, about a millisecond
 * per cell, and its garbage) is never made.
 */
export function createDirectBuilder(
  ts: TypeScriptLike,
  rootNames: readonly string[] | undefined,
  options: object | undefined,
  host: unknown,
  old: DirectBuilder | undefined,
  configFileParsingDiagnostics?: unknown,
  projectReferences?: unknown,
): DirectBuilder {
  if (!rootNames || !options) {
    throw new Error("tslab-asyncio's compile worker expects root file names and options for each program");
  }
  const program = ts.createProgram({
    rootNames,
    options,
    host,
    oldProgram: old?.getProgramOrUndefined(),
    configFileParsingDiagnostics,
    projectReferences,
  });
  if (ts.bindSourceFile) {
    for (const name of rootNames) {
      const file = program.getSourceFile(name);
      if (file) ts.bindSourceFile(file, options);
    }
  } else {
    program.getTypeChecker();
  }
  return {
    getProgram: () => program,
    getProgramOrUndefined: () => program,
    releaseProgram: () => undefined,
    getCompilerOptions: () => program.getCompilerOptions(),
    getSourceFile: (fileName) => program.getSourceFile(fileName),
    getSourceFiles: () => program.getSourceFiles(),
    getOptionsDiagnostics: (...a) => program.getOptionsDiagnostics(...a),
    getGlobalDiagnostics: (...a) => program.getGlobalDiagnostics(...a),
    getConfigFileParsingDiagnostics: () => program.getConfigFileParsingDiagnostics(),
    getSyntacticDiagnostics: (...a) => program.getSyntacticDiagnostics(...a),
    getSemanticDiagnostics: (...a) => program.getSemanticDiagnostics(...a),
    getDeclarationDiagnostics: (...a) => program.getDeclarationDiagnostics(...a),
    getCurrentDirectory: () => program.getCurrentDirectory(),
    emit: (...a) => program.emit(...a),
    getAllDependencies: (sourceFile) => dependenciesOf(program, sourceFile),
  };
}

function dependenciesOf(program: ProgramLike, start: SourceFileLike): string[] {
  const seen = new Set<string>();
  const queue = [start];
  const visit = (fileName: string): void => {
    const file = program.getSourceFile(fileName);
    if (file && !seen.has(file.fileName)) queue.push(file);
  };
  for (let file = queue.pop(); file; file = queue.pop()) {
    if (seen.has(file.fileName)) continue;
    seen.add(file.fileName);
    file.resolvedModules?.forEach((resolution) => {
      const resolved = resolution?.resolvedModule;
      if (resolved) visit(resolved.resolvedFileName);
    });
    const dir = file.fileName.slice(0, file.fileName.lastIndexOf("/") + 1);
    for (const ref of file.referencedFiles ?? []) {
      visit(ref.fileName.startsWith("/") ? ref.fileName : normalize(dir + ref.fileName));
    }
  }
  return [...seen];
}

/** Resolves `.` and `..` segments of a `/`-separated absolute path (TypeScript's file names). */
function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return "/" + out.join("/");
}

/**
 * Makes every later `require(moduleId)` (tslab's `@tslab/typescript-for-tslab`) return a copy of `ts`
 * whose watch compiler hosts build {@link createDirectBuilder} programs. Call it before tslab's converter
 * is loaded; `ts` itself is left as it is. Returns false, and changes nothing, for a TypeScript other
 * than {@link DIRECT_PROGRAMS_TYPESCRIPT} (tslab then compiles with TypeScript's own builder, as before).
 */
export function useDirectPrograms(ts: TypeScriptLike, moduleId: string): boolean {
  if (!ts.version.startsWith(DIRECT_PROGRAMS_TYPESCRIPT)) return false;
  const cached = require.cache[moduleId];
  if (!cached || cached.exports !== ts) {
    throw new Error(`useDirectPrograms: ${moduleId} must be loaded (and be the given TypeScript) first`);
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(ts)) copy[key] = (ts as unknown as Record<string, unknown>)[key];
  const createProgram = (...a: unknown[]): DirectBuilder =>
    createDirectBuilder(
      ts,
      a[0] as readonly string[] | undefined,
      a[1] as object | undefined,
      a[2],
      a[3] as DirectBuilder | undefined,
      a[4],
      a[5],
    );
  copy.createWatchCompilerHost = (...a: unknown[]): unknown => {
    // (rootFiles, options, system, createProgram, …): tslab passes null for createProgram.
    const args = [...a];
    args[3] = createProgram;
    return ts.createWatchCompilerHost(...args);
  };
  // tslab's second pass from ES module to CommonJS: spliced for the common shape (./commonjs-fast.ts).
  copy.transpileModule = withFastCommonJs(
    ts,
    (ts as unknown as { transpileModule: Parameters<typeof withFastCommonJs>[1] }).transpileModule,
  );
  cached.exports = copy;
  return true;
}
