/**
 * Python's asyncio vocabulary for TypeScript. Pure: knows nothing of Jupyter or tslab. Time is milliseconds.
 *
 * @packageDocumentation
 */
export { CancelledError } from "./cancelled-error";
export { TimeoutError } from "./timeout-error";
export { InvalidStateError } from "./invalid-state-error";
export { BrokenBarrierError } from "./broken-barrier-error";
export { QueueEmpty, QueueFull, QueueShutDown } from "./queue-errors";
export { ExceptionGroup } from "./exception-group";
export type { ErrorClass, ErrorCondition } from "./exception-group";
export { Future } from "./future";
export { Task, createTask, currentTask, allTasks, preserveAsyncContext, eagerTaskFactory } from "./task";
export type { TaskBody, TaskOptions, TaskFactory } from "./task";
export { addTaskRecorder, currentTaskId } from "./recorder";
export type { TaskRecorder, TaskRecord, TaskKind, TaskEndState } from "./recorder";
export {
  setExceptionHandler,
  getExceptionHandler,
  callExceptionHandler,
  defaultExceptionHandler,
} from "./exception-handler";
export type { ExceptionContext, ExceptionHandler } from "./exception-handler";
export { addFailureWatcher, addExecutorJobWatcher } from "./hooks";
export type { FailureWatcher, ExecutorJob, ExecutorJobWatcher } from "./hooks";
export { sleep } from "./sleep";
export type { SignalOptions } from "./sleep";
export { ensureFuture } from "./ensure-future";
export type { Awaitable } from "./ensure-future";
export { gather } from "./gather";
export type { GatherOptions, GatherResults, GatherSettled } from "./gather";
export { TaskLog } from "./task-log";
export { shield } from "./shield";
export { Timeout, timeout, timeoutAt } from "./timeout";
export { waitFor } from "./wait-for";
export { wait, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED } from "./wait";
export type { ReturnWhen, WaitOptions } from "./wait";
export { asCompleted } from "./as-completed";
export type { AsCompletedOptions } from "./as-completed";
export { TaskGroup } from "./task-group";
export { Lock } from "./lock";
export { Event } from "./event";
export { Condition } from "./condition";
export { Semaphore, BoundedSemaphore } from "./semaphore";
export { Barrier } from "./barrier";
export { Queue, PriorityQueue, LifoQueue } from "./queue";
export type { QueueOptions } from "./queue";
export { ThreadPoolExecutor } from "./thread-pool-executor";
export type { ThreadPoolExecutorOptions, WorkerFunction } from "./thread-pool-executor";
export { getDefaultExecutor, shutdownDefaultExecutor } from "./default-executor";
export { toThread } from "./to-thread";
export { runSync } from "./run-sync";
export { setDebug, getDebug } from "./debug";
export { EventLoop, getRunningLoop, getEventLoop } from "./event-loop";
export type { Handle } from "./event-loop";
export { run } from "./run";
export type { RunOptions } from "./run";
export { Runner } from "./runner";
export type { RunnerOptions } from "./runner";
