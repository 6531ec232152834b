// Subscribers of the library's hooks (failures nobody retrieved, executor jobs) and the loop exception handler.
// Kept apart from the public modules, with type-only imports, so future.ts and the executor can read them
// without importing each other. Each list is `null` without subscribers, so the hot paths test one variable.
import type { EventLoop } from "../event-loop";
import type { ExceptionHandler } from "../exception-handler";
import type { ExecutorJobWatcher, FailureWatcher } from "../hooks";

export let failureWatchers: FailureWatcher[] | null = null;
export let jobWatchers: ExecutorJobWatcher[] | null = null;
export let exceptionHandler: ExceptionHandler | null = null;

export function setFailureWatchers(next: FailureWatcher[] | null): void {
  failureWatchers = next;
}

export function setJobWatchers(next: ExecutorJobWatcher[] | null): void {
  jobWatchers = next;
}

export function setHandler(next: ExceptionHandler | null): void {
  exceptionHandler = next;
}

/** The loop handed to exception handlers; registered by event-loop.ts when it loads. */
export let handlerLoop: EventLoop | undefined = undefined;

export function setHandlerLoop(loop: EventLoop): void {
  handlerLoop = loop;
}
