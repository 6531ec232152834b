/**
 * Several errors raised together, like Python's `ExceptionGroup`: `TaskGroup` rejects with one when its tasks
 * (or its body) fail. It is an `AggregateError`, so `errors` lists them; `exceptions` is the Python name.
 *
 * The message names every error, so a notebook traceback shows them all.
 *
 * @param message A summary, e.g. "unhandled errors in a TaskGroup".
 * @param errors The errors, in the order they happened.
 *
 * @example Looking at what failed in a task group
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * try {
 *   await asyncio.TaskGroup.run(async (tg) => {
 *     tg.createTask(async () => { throw new RangeError("bad range"); });
 *     tg.createTask(async () => { throw new TypeError("bad type"); });
 *   });
 * } catch (e) {
 *   if (e instanceof asyncio.ExceptionGroup) console.log(e.exceptions.map((x) => (x as Error).message));
 * }
 * ```
 */
export class ExceptionGroup extends AggregateError {
  /** The grouped errors (Python's name for `errors`). */
  readonly exceptions: readonly unknown[];

  constructor(message: string, errors: readonly unknown[]) {
    const n = errors.length;
    const list = errors.map((e, i) => `  ${i + 1}. ${describeError(e)}`).join("\n");
    super(errors, `${message} (${n} sub-exception${n === 1 ? "" : "s"}):\n${list}`);
    this.name = "ExceptionGroup";
    this.exceptions = errors;
  }
}

/** One line naming an error: "RangeError: bad range". */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return `thrown value ${typeof e === "string" ? JSON.stringify(e) : String(e)}`;
  } catch {
    return "thrown value (unprintable)";
  }
}
