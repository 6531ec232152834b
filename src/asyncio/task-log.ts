import { addTaskRecorder } from "./recorder";
import type { TaskEndState, TaskKind, TaskRecord, TaskRecorder } from "./recorder";

const KINDS: readonly TaskKind[] = ["task", "executor", "timer"];
const STATES: readonly TaskRecord["state"][] = ["pending", "running", "done", "failed", "cancelled"];
const STATE_CODE: Record<TaskEndState, number> = { done: 2, failed: 3, cancelled: 4 };

/**
 * A {@link TaskRecorder} that keeps every event in compact typed-array columns (about 30 bytes per task, plus
 * names, errors and suspension segments only where there are some), for timelines of 100,000 tasks.
 *
 * @example Recording a run and reading it back
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const log = new asyncio.TaskLog().start();
 * await asyncio.gather(asyncio.createTask(() => asyncio.sleep(10), { name: "nap" }), asyncio.sleep(5));
 * log.stop();
 * for (const r of log.records()) console.log(r.name, r.state, r.segments.length);
 * ```
 */
export class TaskLog implements TaskRecorder {
  #base = -1;
  #rows = 0;
  #capacity = 0;
  #createdAt = new Float64Array(0);
  #startedAt = new Float64Array(0);
  #finishedAt = new Float64Array(0);
  #parent = new Int32Array(0);
  #state = new Uint8Array(0);
  #kind = new Uint8Array(0);
  #names = new Map<number, string>();
  #sites = new Map<number, string>();
  #errors = new Map<number, string>();
  /** Flat (row, start, end) triples of segments that ended in a suspension. */
  #segments: number[] = [];
  #runningSince = new Map<number, number>();
  #unsubscribe: (() => void) | null = null;

  /**
   * Subscribes this log (see `addTaskRecorder`).
   *
   * @returns This log.
   */
  start(): this {
    this.#unsubscribe ??= addTaskRecorder(this);
    return this;
  }

  /** Unsubscribes; the records stay. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Forgets every record. */
  clear(): void {
    this.#base = -1;
    this.#rows = this.#capacity = 0;
    this.#grow(0);
    this.#names.clear();
    this.#sites.clear();
    this.#errors.clear();
    this.#runningSince.clear();
    this.#segments = [];
  }

  /** How many tasks, jobs and timers are recorded. */
  get size(): number {
    return this.#rows;
  }

  /** Bytes held by the columns (allocated capacity, not just used rows) and the segment list. */
  get byteLength(): number {
    return this.#capacity * 30 + this.#segments.length * 8;
  }

  created(
    id: number,
    kind: TaskKind,
    name: string | undefined,
    parentId: number,
    time: number,
    site: string | undefined,
  ): void {
    if (this.#base < 0) this.#base = id;
    const row = id - this.#base;
    if (row < 0) return;
    if (row >= this.#capacity) this.#grow(Math.max(1024, row * 2));
    if (row >= this.#rows) this.#rows = row + 1;
    this.#createdAt[row] = time;
    this.#startedAt[row] = NaN;
    this.#finishedAt[row] = NaN;
    this.#parent[row] = parentId;
    this.#kind[row] = kind === "task" ? 0 : kind === "executor" ? 1 : 2;
    if (name !== undefined) this.#names.set(row, name);
    if (site !== undefined) this.#sites.set(row, site);
  }

  started(id: number, time: number): void {
    const row = this.#row(id);
    if (row < 0) return;
    this.#startedAt[row] = time;
    this.#state[row] = 1;
  }

  suspended(id: number, time: number): void {
    const row = this.#row(id);
    if (row < 0) return;
    const since = this.#runningSince.get(row) ?? this.#startedAt[row];
    this.#runningSince.delete(row);
    this.#segments.push(row, since, time);
  }

  resumed(id: number, time: number): void {
    const row = this.#row(id);
    if (row >= 0) this.#runningSince.set(row, time);
  }

  finished(id: number, state: TaskEndState, time: number, error: string | undefined): void {
    const row = this.#row(id);
    if (row < 0) return;
    this.#finishedAt[row] = time;
    this.#state[row] = STATE_CODE[state];
    const since = this.#runningSince.get(row);
    if (since !== undefined) {
      this.#runningSince.delete(row);
      this.#segments.push(row, since, time);
    }
    if (error !== undefined) this.#errors.set(row, error);
  }

  /**
   * The records as plain objects (allocates; meant for display and export, not the hot path).
   *
   * @returns One record per task, job or timer, in creation order.
   */
  records(): TaskRecord[] {
    const segmentsByRow = new Map<number, [number, number][]>();
    const seg = this.#segments;
    for (let i = 0; i < seg.length; i += 3) {
      let list = segmentsByRow.get(seg[i]);
      if (list === undefined) segmentsByRow.set(seg[i], (list = []));
      list.push([seg[i + 1], seg[i + 2]]);
    }
    const out: TaskRecord[] = [];
    for (let row = 0; row < this.#rows; row++) {
      const id = row + this.#base;
      const kind = KINDS[this.#kind[row]];
      const segments = segmentsByRow.get(row) ?? [];
      const startedAt = this.#startedAt[row];
      const finishedAt = this.#finishedAt[row];
      const state = STATES[this.#state[row]];
      // A task that never waited ran in one segment; the others' last segment was logged when they finished.
      if (segments.length === 0 && !Number.isNaN(finishedAt) && !Number.isNaN(startedAt)) {
        segments.push([startedAt, finishedAt]);
      }
      const record: TaskRecord = {
        id,
        name: this.#names.get(row) ?? (kind === "task" ? `Task-${id}` : `${kind}-${id}`),
        kind,
        parentId: this.#parent[row],
        createdAt: this.#createdAt[row],
        state,
        segments,
      };
      if (!Number.isNaN(startedAt)) record.startedAt = startedAt;
      if (!Number.isNaN(finishedAt)) record.finishedAt = finishedAt;
      const site = this.#sites.get(row);
      if (site !== undefined) record.site = site;
      const error = this.#errors.get(row);
      if (error !== undefined) record.error = error;
      out.push(record);
    }
    return out;
  }

  #row(id: number): number {
    const row = id - this.#base;
    return this.#base >= 0 && row >= 0 && row < this.#rows ? row : -1;
  }

  #grow(capacity: number): void {
    const copy = <A extends Float64Array | Int32Array | Uint8Array>(old: A, make: (n: number) => A): A => {
      const next = make(capacity);
      next.set(old.subarray(0, Math.min(old.length, capacity)));
      return next;
    };
    this.#createdAt = copy(this.#createdAt, (n) => new Float64Array(n));
    this.#startedAt = copy(this.#startedAt, (n) => new Float64Array(n));
    this.#finishedAt = copy(this.#finishedAt, (n) => new Float64Array(n));
    this.#parent = copy(this.#parent, (n) => new Int32Array(n));
    this.#state = copy(this.#state, (n) => new Uint8Array(n));
    this.#kind = copy(this.#kind, (n) => new Uint8Array(n));
    this.#capacity = capacity;
  }
}
