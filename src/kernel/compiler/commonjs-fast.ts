/**
 * tslab emits each cell as an ES module and then turns that JavaScript into CommonJS with a second
 * `ts.transpileModule`, which builds a whole program and type checker for the one file (its emit resolver
 * checks the file): about a millisecond per cell, much of a trivial cell's compile, and most of its garbage.
 * For the shape almost every cell's output has, the conversion is mechanical: `export const tsLastExpr = …`
 * (the cell's value), `export { a, b }` of names the cell declared at its top level, and no imports. This
 * module does that conversion by splicing the text, writing what TypeScript 5.0 writes, and declines (returns
 * `undefined`, so TypeScript converts) for anything else: imports and `import()`, renamed or re-exported
 * names, destructured or nested declarations, a function or class value exported by `export const` (TypeScript
 * keeps its name through a local), an exported name that is assigned anywhere (TypeScript then
 * rewrites every assignment), comments it would have to move.
 */
import type * as TS from "typescript";

/** More names than this and TypeScript splits its `exports.x = void 0` line; left to TypeScript. */
const MAX_NAMES = 50;

/** The value `ts.transpileModule` returns, as far as tslab reads it. */
export interface TranspileOutput {
  outputText: string;
  diagnostics?: unknown[];
  sourceMapText?: string;
}

/**
 * The CommonJS form of `js`, an ES module as tslab's emit writes it, or `undefined` when this module does not
 * handle its shape. `ts` is the TypeScript that parses it (only its parser is used).
 */
export function fastCommonJs(ts: object, js: string): string | undefined {
  // Any `import` (declarations, `import()`, `import.meta`) and code without exports: TypeScript's.
  if (js.includes("import") || !js.includes("export")) return undefined;
  const t = ts as typeof TS;
  const sf = t.createSourceFile("custom.js", js, t.ScriptTarget.Latest, true, t.ScriptKind.JS);
  const statements = sf.statements;
  if (statements.length === 0 || /\S/.test(js.slice(0, statements[0].getStart(sf)))) return undefined;

  /** Names exported by `export { … }`, with the statement that declares each. */
  const listed = new Set<string>();
  /** Names exported by `export const X = …` (TypeScript drops the local and writes `exports.X`). */
  const exportedVars = new Set<string>();
  const declaredAt = new Map<string, number>();
  const order: string[] = [];
  const declaredTwice = new Set<string>();
  /** Per statement: whether it has `export`, and the top-level names it declares (read by the splice). */
  const exportedAt: boolean[] = [];
  const namesAt: string[][] = [];
  const declare = (name: string, at: number): void => {
    if (declaredAt.has(name)) declaredTwice.add(name);
    declaredAt.set(name, at);
    namesAt[at].push(name);
  };
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    namesAt.push([]);
    exportedAt.push(false);
    if (t.isExportDeclaration(s)) {
      const clause = s.exportClause;
      if (s.moduleSpecifier || s.isTypeOnly || !clause || !t.isNamedExports(clause)) return undefined;
      for (const e of clause.elements) {
        if (e.propertyName || e.isTypeOnly || listed.has(e.name.text)) return undefined;
        listed.add(e.name.text);
        order.push(e.name.text);
      }
      continue;
    }
    const exported = exportModifier(t, s);
    if (exported === "other") return undefined;
    exportedAt[i] = exported;
    if (t.isVariableStatement(s)) {
      const decls = s.declarationList.declarations;
      if (exported) {
        const init = decls[0]?.initializer;
        if (decls.length !== 1 || !t.isIdentifier(decls[0].name) || !init) return undefined;
        // A function or class keeps its name through a local (`const f = () => 1; exports.f = f;`).
        let value: TS.Expression = init;
        while (t.isParenthesizedExpression(value)) value = value.expression;
        if (t.isArrowFunction(value) || t.isFunctionExpression(value) || t.isClassExpression(value))
          return undefined;
        const name = decls[0].name.text;
        if (exportedVars.has(name) || declaredAt.has(name)) return undefined;
        exportedVars.add(name);
        order.push(name);
        continue;
      }
      for (const d of decls) if (t.isIdentifier(d.name)) declare(d.name.text, i);
    } else if (exported) {
      return undefined; // `export function`, `export class`: TypeScript's
    } else if ((t.isFunctionDeclaration(s) || t.isClassDeclaration(s)) && s.name) {
      declare(s.name.text, i);
    }
  }
  for (const name of declaredTwice) if (listed.has(name)) return undefined;
  if (order.length === 0 || order.length > MAX_NAMES) return undefined;
  for (const name of listed) if (!declaredAt.has(name) || exportedVars.has(name)) return undefined;
  if (!onlyReadsOf(t, sf, listed, exportedVars)) return undefined;

  let out =
    'Object.defineProperty(exports, "__esModule", { value: true });\n' +
    order.reduceRight((chain, name) => chain + `exports.${name} = `, "") +
    "void 0;\n";
  let from = 0;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    const start = s.getStart(sf);
    if (t.isExportDeclaration(s)) {
      if (/\S/.test(js.slice(s.pos, start))) return undefined; // a comment before it
      out += js.slice(from, s.pos);
      from = s.end;
      continue;
    }
    if (exportedAt[i]) {
      const d = (s as TS.VariableStatement).declarationList.declarations[0];
      const init = d.initializer as TS.Expression;
      if (/\/[/*]/.test(js.slice(start, init.getStart(sf)))) return undefined;
      out +=
        js.slice(from, start) +
        `exports.${(d.name as TS.Identifier).text} = ${js.slice(init.getStart(sf), s.end)}`;
      if (!out.endsWith(";")) out += ";";
      from = s.end;
      continue;
    }
    const names = namesAt[i].filter((n) => listed.has(n) && declaredAt.get(n) === i);
    if (names.length === 0) continue;
    // TypeScript keeps a comment that ends the statement's line before the exports it adds.
    const lineEnd = js.indexOf("\n", s.end);
    if (js.slice(s.end, lineEnd === -1 ? js.length : lineEnd).includes("/")) return undefined;
    out += js.slice(from, s.end) + names.map((n) => `\nexports.${n} = ${n};`).join("");
    from = s.end;
  }
  out += js.slice(from);
  return out.endsWith("\n") ? out : out + "\n";
}

/** `true` for a statement with `export`, `"other"` for `export default`, else `false` (`async` is neither). */
function exportModifier(t: typeof TS, s: TS.Statement): boolean | "other" {
  const kinds = (t.canHaveModifiers(s) ? (t.getModifiers(s) ?? []) : []).map((m) => m.kind);
  if (!kinds.includes(t.SyntaxKind.ExportKeyword)) return false;
  return kinds.includes(t.SyntaxKind.DefaultKeyword) ? "other" : true;
}

/**
 * True when no name in `listed` is written anywhere (an assignment target, `++`/`--`, a `for … in/of`
 * target, or anything that may be a destructuring target) and no name in `exportedVars` appears except in
 * its own declaration. Shadowing is not resolved: a same-named local elsewhere makes this answer false.
 */
function onlyReadsOf(
  t: typeof TS,
  sf: TS.SourceFile,
  listed: Set<string>,
  exportedVars: Set<string>,
): boolean {
  let ok = true;
  const k = t.SyntaxKind;
  const visit = (node: TS.Node): void => {
    if (!ok) return;
    if (t.isIdentifier(node)) {
      const name = node.text;
      const p = node.parent;
      if (exportedVars.has(name)) {
        if (!(t.isVariableDeclaration(p) && p.name === node && t.isSourceFile(p.parent.parent.parent)))
          ok = false;
      } else if (listed.has(name)) {
        if (
          (t.isBinaryExpression(p) &&
            p.left === node &&
            p.operatorToken.kind >= k.FirstAssignment &&
            p.operatorToken.kind <= k.LastAssignment) ||
          ((t.isPrefixUnaryExpression(p) || t.isPostfixUnaryExpression(p)) &&
            (p.operator === k.PlusPlusToken || p.operator === k.MinusMinusToken)) ||
          ((t.isForInStatement(p) || t.isForOfStatement(p)) && p.initializer === node) ||
          t.isArrayLiteralExpression(p) ||
          t.isShorthandPropertyAssignment(p) ||
          (t.isPropertyAssignment(p) && p.initializer === node) ||
          t.isSpreadElement(p) ||
          t.isSpreadAssignment(p) ||
          t.isParenthesizedExpression(p)
        ) {
          ok = false;
        }
      }
      return;
    }
    t.forEachChild(node, visit);
  };
  visit(sf);
  return ok;
}

/**
 * Wraps `ts.transpileModule` so that tslab's ES-module-to-CommonJS pass takes {@link fastCommonJs} where it
 * applies; every other call, and every shape it declines, goes to TypeScript unchanged.
 */
export function withFastCommonJs(
  ts: object,
  transpileModule: (
    input: string,
    options: { fileName?: string; compilerOptions?: object },
  ) => TranspileOutput,
): typeof transpileModule {
  const t = ts as typeof TS;
  return (input, options) => {
    const o = options?.compilerOptions as TS.CompilerOptions | undefined;
    if (
      options?.fileName === "custom.js" &&
      o?.module === t.ModuleKind.CommonJS &&
      o.esModuleInterop === true
    ) {
      const fast = fastCommonJs(ts, input);
      if (fast !== undefined) return { outputText: fast, diagnostics: [] };
    }
    return transpileModule(input, options);
  };
}
