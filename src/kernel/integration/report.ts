/**
 * Error reports for failures nobody was waiting for: a task whose exception was never retrieved, a rejected
 * promise nobody handled, a timer callback that threw. Each is written once, as stderr text, to the cell that
 * started the failing code (after that cell finished, the text goes into the cell's late-output display).
 */
import { cellFileName, type CellContext } from "../cell-context";
import { errorContent } from "../errors";

/** What failed, for the report's first lines. */
export type FailureKind =
  | { kind: "task"; name: string; id: number }
  | { kind: "rejection" }
  | { kind: "callback"; api: string }
  /** A report from the library's loop exception handler (`message`, e.g. "Exception in callback"). */
  | { kind: "loop"; message: string; subject?: string };

/** The text of a failure report (Python's wording where Python has one). */
export function failureText(cell: CellContext | undefined, what: FailureKind, error: unknown): string {
  const fileName = cell ? cellFileName(cell) : "<detached>";
  const { traceback } = errorContent(error, { fileName, code: cell?.code ?? "" });
  const where = cell?.executionCount != null ? ` (started in cell [${cell.executionCount}])` : "";
  const head =
    what.kind === "task"
      ? `Task exception was never retrieved: task '${what.name}' (id ${what.id})${where}`
      : what.kind === "rejection"
        ? `Unhandled promise rejection${where}`
        : what.kind === "loop"
          ? `${what.message}${what.subject !== undefined ? `: ${what.subject}` : ""}${where}`
          : `Exception in ${what.api} callback${where}`;
  return `${head}\n${traceback.join("\n")}\n`;
}
