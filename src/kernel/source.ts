/**
 * Source-level helpers that use the TypeScript parser tslab bundles (`@tslab/typescript-for-tslab`):
 * the top-level `for await` rewrite and the `invalid` answer of `is_complete`.
 */
import * as path from "node:path";

/** The subset of the TypeScript compiler API used here. */
interface TsNode {
  kind: number;
  pos: number;
  end: number;
  awaitModifier?: unknown;
  getStart(): number;
}
interface TsApi {
  version: string;
  createSourceFile(
    name: string,
    text: string,
    target: number,
    setParents: boolean,
    kind: number,
  ): TsNode & {
    statements: TsNode[];
    parseDiagnostics?: Array<{ start?: number; length?: number; messageText: unknown }>;
  };
  forEachChild(node: TsNode, cb: (child: TsNode) => boolean | void): boolean | void;
  SyntaxKind: Record<string, number>;
  ScriptTarget: { Latest: number };
  ScriptKind: { TSX: number; TS: number };
}

let cached: TsApi | undefined;

/** Where tslab's TypeScript (`@tslab/typescript-for-tslab`) is, resolved from tslab's own dependency tree. */
export function tslabTypeScriptId(tslabRoot: string): string {
  return require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot, path.dirname(tslabRoot)] });
}

/** tslab's TypeScript, loaded from tslab's own dependency tree. */
export function tslabTypeScript(tslabRoot: string): TsApi {
  if (!cached) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = require(tslabTypeScriptId(tslabRoot)) as TsApi;
  }
  return cached;
}

/**
 * Makes a cell whose only top-level await is a `for await` run: tslab detects top-level await through a
 * diagnostic that `for await` does not produce, and then runs the cell in a non-async wrapper. Inserting
 * `await 0;` on the same line before that statement keeps every line number and declaration unchanged.
 *
 * @example
 * ```ts
 * rewriteForAwait(ts, "for await (const x of gen()) console.log(x);");
 * // "await 0; for await (const x of gen()) console.log(x);"
 * ```
 */
export function rewriteForAwait(ts: TsApi, code: string): string {
  if (!code.includes("await")) return code;
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const k = ts.SyntaxKind;
  const scopes = new Set([
    k.FunctionDeclaration,
    k.FunctionExpression,
    k.ArrowFunction,
    k.MethodDeclaration,
    k.ClassDeclaration,
    k.ClassExpression,
    k.ModuleDeclaration,
    k.GetAccessor,
    k.SetAccessor,
    k.Constructor,
  ]);
  const hasTopLevelForAwait = (node: TsNode): boolean => {
    if (node.kind === k.ForOfStatement && node.awaitModifier) return true;
    if (scopes.has(node.kind)) return false;
    return ts.forEachChild(node, (c) => hasTopLevelForAwait(c) || undefined) === true;
  };
  for (const st of sf.statements) {
    if (hasTopLevelForAwait(st)) {
      const at = st.getStart();
      return code.slice(0, at) + "await 0; " + code.slice(at);
    }
  }
  return code;
}

/**
 * True when the code cannot parse at all (as opposed to being merely unfinished).
 *
 * @example
 * ```ts
 * hasSyntaxError(ts, "1 +* 2"); // true
 * ```
 */
export function hasSyntaxError(ts: TsApi, code: string): boolean {
  const sf = ts.createSourceFile("cell.tsx", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  return (sf.parseDiagnostics?.length ?? 0) > 0;
}
