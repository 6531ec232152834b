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
  /** The summary given to the constructor (Python's `eg.message`); `message` also lists the errors. */
  readonly summary: string;

  constructor(message: string, errors: readonly unknown[]) {
    const n = errors.length;
    const list = errors.map((e, i) => `  ${i + 1}. ${describeError(e)}`).join("\n");
    super(errors, `${message} (${n} sub-exception${n === 1 ? "" : "s"}):\n${list}`);
    this.name = "ExceptionGroup";
    this.exceptions = errors;
    this.summary = message;
  }

  /**
   * A group with the same summary (and `cause`) holding `errors`, like Python's `eg.derive(excs)`; `split`
   * and `subgroup` build their results with it, so a subclass can override it.
   *
   * @param errors The errors of the new group.
   * @returns The new group.
   */
  derive(errors: readonly unknown[]): ExceptionGroup {
    const group = new ExceptionGroup(this.summary, errors);
    if (this.cause !== undefined) group.cause = this.cause;
    return group;
  }

  /**
   * The errors matching `condition`, nested as in this group, like Python's `eg.subgroup(condition)`.
   *
   * @param condition An error class (matched with `instanceof`), an array of them, or a predicate. A
   *   predicate is also asked about this group and each nested group: a group it accepts is kept whole.
   * @returns This group if everything matches, a derived group of what matches, or `undefined` if nothing does.
   *
   * @example Keeping the type errors
   * ```ts
   * import * as asyncio from "tslab-asyncio";
   *
   * const eg = new asyncio.ExceptionGroup("failed", [new TypeError("a"), new RangeError("b")]);
   * console.log(eg.subgroup(TypeError)?.exceptions.length); // 1
   * console.log(eg.subgroup((e) => e instanceof SyntaxError)); // undefined
   * ```
   */
  subgroup(condition: ErrorCondition): ExceptionGroup | undefined {
    return this.split(condition)[0];
  }

  /**
   * Splits the group by `condition`, like Python's `eg.split(condition)`: the matching errors and the rest,
   * each keeping the nesting and the summary.
   *
   * @param condition An error class, an array of them, or a predicate (see {@link ExceptionGroup.subgroup}).
   * @returns `[match, rest]`, either `undefined` when empty; a side holding everything is this group itself.
   *
   * @example Handling the timeouts, re-throwing the rest
   * ```ts
   * import * as asyncio from "tslab-asyncio";
   *
   * const eg = new asyncio.ExceptionGroup("failed", [new asyncio.TimeoutError("slow"), new Error("broken")]);
   * const [timeouts, rest] = eg.split(asyncio.TimeoutError);
   * console.log(timeouts?.exceptions.length, rest?.exceptions.length); // 1 1
   * ```
   */
  split(condition: ErrorCondition): [ExceptionGroup | undefined, ExceptionGroup | undefined] {
    const matches = toPredicate(condition);
    if (matches(this)) return [this, undefined];
    const match: unknown[] = [];
    const rest: unknown[] = [];
    for (const e of this.exceptions) {
      if (e instanceof ExceptionGroup) {
        const [m, r] = e.split(condition);
        if (m !== undefined) match.push(m);
        if (r !== undefined) rest.push(r);
      } else if (matches(e)) match.push(e);
      else rest.push(e);
    }
    const side = (errors: unknown[], whole: boolean): ExceptionGroup | undefined =>
      errors.length === 0 ? undefined : whole ? this : this.derive(errors);
    return [side(match, rest.length === 0), side(rest, match.length === 0)];
  }
}

/** A constructor of errors, as `split` and `subgroup` accept it (`TypeError`, `asyncio.TimeoutError` …). */
export type ErrorClass = abstract new (...args: never[]) => unknown;

/** What `ExceptionGroup.split` and `subgroup` match: an error class, an array of them, or a predicate. */
export type ErrorCondition = ErrorClass | readonly ErrorClass[] | ((error: unknown) => boolean);

function toPredicate(condition: ErrorCondition): (e: unknown) => boolean {
  if (Array.isArray(condition)) {
    const classes = condition as readonly ErrorClass[];
    return (e) => classes.some((c) => e instanceof c);
  }
  if (typeof condition !== "function") {
    throw new TypeError(
      `split() and subgroup() take an error class, an array of them or a predicate, but received ${String(condition)}.`,
    );
  }
  // A class (its prototype is an Error's, or Error's own) is matched with instanceof; any other function is a
  // predicate. Python tells them apart the same way: by whether the condition is a type.
  const proto = (condition as { prototype?: unknown }).prototype;
  if (proto === Error.prototype || proto instanceof Error) {
    const cls = condition as ErrorClass;
    return (e) => e instanceof cls;
  }
  return condition as (e: unknown) => boolean;
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
