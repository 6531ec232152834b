import type { EventLoop, Handle } from "./event-loop";
import type { Future } from "./future";
import { exceptionHandler, handlerLoop, setHandler } from "./internal/hook-state";
import type { Task } from "./task";

/**
 * What went wrong, as the loop exception handler receives it: Python's `context` dict as an object.
 * `message` is always there; the other keys depend on the failure.
 *
 * @example A context as the library builds it for a task nobody awaited
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const context: asyncio.ExceptionContext = {
 *   message: "Task exception was never retrieved",
 *   exception: new Error("boom"),
 * };
 * console.log(Object.keys(context)); // ["message", "exception"]
 * ```
 */
export interface ExceptionContext {
  /** A summary, e.g. `"Task exception was never retrieved"` or `"Exception in callback"`. */
  message: string;
  /** The error, when there is one. */
  exception?: unknown;
  /** The future (or task) whose failure nobody retrieved. */
  future?: Future<unknown>;
  /** The same object as `future` when it is a task. */
  task?: Task<unknown>;
  /** The scheduled callback that threw (`callSoon`, `callLater`, `callAt`). */
  handle?: Handle;
  /**
   * The future's repr when the future itself is gone: the library reports a failure nobody retrieved when the
   * future is garbage-collected, and a collected object cannot be handed out.
   */
  futureRepr?: string;
  /** Anything else the caller of `callExceptionHandler` adds. */
  [key: string]: unknown;
}

/** A loop exception handler, like the `handler(loop, context)` of Python's `loop.set_exception_handler`. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/**
 * Sets the loop exception handler, like Python's `loop.set_exception_handler(handler)`: it then receives every
 * failure the library cannot hand to a caller — a task or future whose exception was never retrieved, a done
 * callback or loop callback (`callSoon`, `callLater`) that threw. `null` restores the default handler, which
 * logs to `console.error`. Also available as `getRunningLoop().setExceptionHandler`.
 *
 * @param handler Called as `handler(loop, context)`; an error it throws is logged, never propagated.
 * @throws {TypeError} If `handler` is neither a function nor `null`.
 *
 * @example Collecting callback errors instead of logging them
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const seen: string[] = [];
 * asyncio.setExceptionHandler((_loop, context) => seen.push(context.message));
 * asyncio.getRunningLoop().callSoon(() => {
 *   throw new Error("oops");
 * });
 * await asyncio.sleep(10);
 * asyncio.setExceptionHandler(null);
 * console.log(seen); // ["Exception in callback"]
 * ```
 */
export function setExceptionHandler(handler: ExceptionHandler | null): void {
  if (handler !== null && typeof handler !== "function") {
    throw new TypeError(
      `A callable object or null is expected, but received ${typeof handler}: pass (loop, context) => … or null.`,
    );
  }
  setHandler(handler);
}

/**
 * The handler set by {@link setExceptionHandler}, like Python's `loop.get_exception_handler()`.
 *
 * @returns The handler, or `null` when the default one is in use.
 *
 * @example
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * console.log(asyncio.getExceptionHandler()); // null
 * ```
 */
export function getExceptionHandler(): ExceptionHandler | null {
  return exceptionHandler;
}

/**
 * Reports a failure to the loop exception handler (or the default one), like Python's
 * `loop.call_exception_handler(context)`. Never throws: if the handler throws, both errors are logged by the
 * default handler.
 *
 * @param context What went wrong; `message` is required.
 *
 * @example Reporting a failure of one's own
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * asyncio.callExceptionHandler({ message: "Lost connection to the sensor", exception: new Error("ECONNRESET") });
 * ```
 */
export function callExceptionHandler(context: ExceptionContext): void {
  const handler = exceptionHandler;
  if (handler === null) {
    safeDefault(context);
    return;
  }
  try {
    handler(handlerLoop as EventLoop, context);
  } catch (error) {
    safeDefault({ message: "Unhandled error in exception handler", exception: error, context });
    safeDefault(context);
  }
}

/**
 * The default exception handler, like Python's `loop.default_exception_handler(context)`: writes the message,
 * the future or handle, any extra keys and the error's stack to `console.error`. Custom handlers may call it
 * for the cases they do not handle.
 *
 * @param context What went wrong.
 *
 * @example Handling some failures and passing the rest on
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * asyncio.setExceptionHandler((_loop, context) => {
 *   if (context.exception instanceof RangeError) return; // expected, ignore
 *   asyncio.defaultExceptionHandler(context);
 * });
 * asyncio.setExceptionHandler(null);
 * ```
 */
export function defaultExceptionHandler(context: ExceptionContext): void {
  const subject = context.future ?? context.futureRepr ?? context.handle;
  const lines = [subject !== undefined ? `${context.message}: ${String(subject)}` : context.message];
  for (const [key, value] of Object.entries(context)) {
    if (["message", "exception", "future", "task", "futureRepr", "handle"].includes(key)) continue;
    lines.push(`${key}: ${describe(value)}`);
  }
  if ("exception" in context) lines.push(describeException(context.exception));
  console.error(lines.join("\n"));
}

function safeDefault(context: ExceptionContext): void {
  try {
    defaultExceptionHandler(context);
  } catch {
    // The default handler only formats and logs; a hostile toString must not break the caller.
  }
}

function describeException(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `thrown value ${describe(error)}`;
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  // A nested context (the one a failing handler received) by its message: it may hold cycles.
  if (typeof value === "object" && value !== null && !(value instanceof Error) && "message" in value) {
    return String((value as { message: unknown }).message);
  }
  try {
    return String(value);
  } catch {
    return "(unprintable)";
  }
}
