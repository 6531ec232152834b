import { CancelledError } from "./cancelled-error";
import { ExceptionGroup } from "./exception-group";
import { getCurrent, recorders } from "./internal/context";
import { park, Task } from "./task";
import type { TaskBody, TaskOptions } from "./task";

/**
 * Structured concurrency, like Python's `async with asyncio.TaskGroup() as tg`, in callback form: tasks
 * created with `tg.createTask()` are awaited before `run()` returns. The first failure cancels the body and
 * every other task; once all have finished, `run()` rejects with an {@link ExceptionGroup} of the errors
 * (cancellations are not errors). Cancelling the caller cancels them all and rejects with `CancelledError`.
 *
 * @example Fetching in parallel, all or nothing
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const results = await asyncio.TaskGroup.run(async (tg) => {
 *   const a = tg.createTask(() => asyncio.sleep(20, "a"));
 *   const b = tg.createTask(() => asyncio.sleep(10, "b"));
 *   return [a, b];
 * });
 * console.log(results.map((t) => t.result())); // ["a", "b"]
 * ```
 */
export class TaskGroup {
  #tasks = new Set<Task<unknown>>();
  #errors: unknown[] = [];
  #body: Task<unknown> | null = null;
  #entered = false;
  #exiting = false;
  #aborting = false;
  #wake: (() => void) | null = null;

  /**
   * Creates a group and runs `body` with it (shorthand for `new TaskGroup().run(body)`).
   *
   * @param body Creates the group's tasks; may await, may return a value.
   * @returns The body's value, after every task of the group finished.
   * @throws {ExceptionGroup} If the body or any task failed.
   * @throws {CancelledError} If the caller was cancelled.
   */
  static run<T>(body: (tg: TaskGroup) => PromiseLike<T> | T): Promise<T> {
    return new TaskGroup().run(body);
  }

  /**
   * Runs `body` with this group and waits for all its tasks. A group runs once.
   *
   * @param body Creates the group's tasks; may await, may return a value.
   * @returns The body's value, after every task of the group finished.
   * @throws {ExceptionGroup} If the body or any task failed.
   * @throws {CancelledError} If the caller was cancelled.
   * @throws {Error} If the group already ran.
   */
  async run<T>(body: (tg: TaskGroup) => PromiseLike<T> | T): Promise<T> {
    if (this.#entered)
      throw new Error("TaskGroup has already been entered: create a new TaskGroup for each run().");
    this.#entered = true;
    const parent = getCurrent() as Task<unknown> | undefined;
    const bodyTask = new Task<T>(() => body(this), {
      name: parent !== undefined ? `${parent.getName()}:taskgroup` : "taskgroup",
    });
    this.#body = bodyTask as Task<unknown>;
    if (recorders !== null && parent !== undefined) {
      for (const r of recorders) r.folded?.(bodyTask.id, parent.id);
    }
    let callerCancelled: CancelledError | null = null;
    let value: T | undefined;
    try {
      value = await bodyTask;
    } catch (e) {
      if (e instanceof CancelledError) {
        // Either we cancelled the body because a task failed, or the caller was cancelled (and so the body).
        if (!this.#aborting || (parent !== undefined && parent.cancelling() > 0)) callerCancelled = e;
      } else {
        this.#errors.push(e);
        this.#abort();
      }
    }
    if (callerCancelled !== null) this.#abort();
    this.#exiting = true;
    // Wait for the children; a cancellation of the caller meanwhile cancels them (Python does the same).
    while (this.#tasks.size > 0) {
      try {
        await park<void>(
          (resolve) => {
            this.#wake = resolve;
          },
          undefined,
          "TaskGroup (its tasks)",
        );
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        callerCancelled ??= e;
        this.#abort();
      } finally {
        this.#wake = null;
      }
    }
    if (this.#errors.length > 0) {
      const errors = this.#errors;
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
    if (callerCancelled !== null) throw callerCancelled;
    return value as T;
  }

  /**
   * Creates a task in this group (see `createTask`).
   *
   * @param body The task's code.
   * @param options `name`.
   * @returns The task.
   * @throws {Error} Outside `run()`, after the group finished, or while it is shutting down after a failure.
   */
  createTask<T>(body: TaskBody<T>, options?: TaskOptions): Task<T> {
    if (!this.#entered)
      throw new Error("TaskGroup has not been entered: call createTask() inside run(body).");
    if (this.#exiting && this.#tasks.size === 0)
      throw new Error("TaskGroup is finished: it cannot take new tasks.");
    if (this.#aborting)
      throw new Error("TaskGroup is shutting down after a failure: it cannot take new tasks.");
    const task = new Task<T>(body, options);
    const t = task as Task<unknown>;
    this.#tasks.add(t);
    task.addDoneCallback(() => this.#onTaskDone(t));
    return task;
  }

  #onTaskDone(task: Task<unknown>): void {
    this.#tasks.delete(task);
    if (this.#tasks.size === 0) this.#wake?.();
    if (task.cancelled()) return;
    const error = task.exception();
    if (error === undefined) return;
    this.#errors.push(error);
    this.#abort();
  }

  #abort(): void {
    if (this.#aborting) return;
    this.#aborting = true;
    for (const t of this.#tasks) t.cancel();
    this.#body?.cancel();
  }
}
