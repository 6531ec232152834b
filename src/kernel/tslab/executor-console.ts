/**
 * What tslab's executor reports through its console. The executor is created with a `{ log, error }`
 * console and uses `log` only to print a cell's last expression value and `error` only for a cell's failure
 * (type errors as `"%s%d:%d - %s"` lines, thrown values as themselves). Capturing that console gives
 * `execute_result` and `error` without forking tslab (docs/tslab-notes.md, "The executor's console").
 */
import { format } from "node:util";
import { cellFileName, currentCell, type CellContext } from "../cell-context";

/** What the last expression and errors of a running cell turned out to be. */
export interface CellReport {
  hasValue: boolean;
  value: unknown;
  /** Thrown values, first one first. */
  errors: unknown[];
  /** Formatted TypeScript diagnostics. */
  diagnostics: string[];
  /** The JavaScript tslab generated for the cell (wrapped), for mapping stack lines back to the source. */
  js?: string;
}

/** tslab formats each diagnostic as `file:line:col - message` with this format string. */
const DIAGNOSTIC_FORMAT = "%s%d:%d";

const reports = new WeakMap<CellContext, CellReport>();

/** Starts collecting the executor's report for `cell`. */
export function startReport(cell: CellContext): CellReport {
  const report: CellReport = { hasValue: false, value: undefined, errors: [], diagnostics: [] };
  reports.set(cell, report);
  return report;
}

function runningReport(): CellReport | undefined {
  const cell = currentCell();
  return cell && reports.get(cell);
}

/** The console tslab's executor is created with. Outside a cell it writes like the real one. */
export const executorConsole = {
  log(...args: unknown[]): void {
    const report = runningReport();
    if (report && args.length === 1) {
      report.hasValue = true;
      report.value = args[0];
    } else {
      process.stdout.write(format(...args) + "\n");
    }
  },
  error(...args: unknown[]): void {
    const report = runningReport();
    if (!report) process.stderr.write(format(...args) + "\n");
    else if (typeof args[0] === "string" && args[0].startsWith(DIAGNOSTIC_FORMAT))
      report.diagnostics.push(format(...args));
    else report.errors.push(args[0]);
  },
};

/**
 * Remembers the JavaScript tslab generated for the running cell; returns the file name its script should
 * carry (`<cell N>`), or `undefined` outside a cell.
 */
export function recordGeneratedCode(js: string): string | undefined {
  const cell = currentCell();
  const report = cell && reports.get(cell);
  if (!cell || !report) return undefined;
  report.js = js;
  return cellFileName(cell);
}
