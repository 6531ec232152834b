import { addTaskRecorder } from "./recorder";
import type { TaskEndState, TaskKind, TaskRecord, TaskRecorder } from "./recorder";

const KINDS: readonly TaskKind[] = ["task", "executor", "timer"];
const STATES: readonly TaskRecord["state"][] = ["pending", "running", "done", "failed", "cancelled"];
const STATE_CODE: Record<TaskEndState, number> = { done: 2, failed: 3, cancelled: 4 };

const CHUNK_SHIFT = 11;
/** Rows per chunk: 2,048 rows of 30 bytes, one 60 KiB buffer. */
const CHUNK_ROWS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_ROWS - 1;
const CHUNK_BYTES = CHUNK_ROWS * 30;

/** The columns of `CHUNK_ROWS` rows, as views into one buffer. */
class Chunk {
  readonly createdAt: Float64Array;
  readonly startedAt: Float64Array;
  readonly finishedAt: Float64Array;
  readonly parent: Int32Array;
  readonly state: Uint8Array;
  readonly kind: Uint8Array;

  constructor() {
    const buffer = new ArrayBuffer(CHUNK_BYTES);
    const n = CHUNK_ROWS;
    this.createdAt = new Float64Array(buffer, 0, n);
    this.startedAt = new Float64Array(buffer, 8 * n, n);
    this.finishedAt = new Float64Array(buffer, 16 * n, n);
    this.parent = new Int32Array(buffer, 24 * n, n);
    this.state = new Uint8Array(buffer, 28 * n, n);
    this.kind = new Uint8Array(buffer, 29 * n, n);
  }
}

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
  // Fixed-size chunks, never copied or over-allocated as the log grows (a doubling array reserves up to twice
  // the rows and leaves each outgrown copy to the collector).
  #chunks: Chunk[] = [];
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
    this.#rows = 0;
    this.#chunks = [];
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
    return this.#chunks.length * CHUNK_BYTES + this.#segments.length * 8;
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
    const chunks = this.#chunks;
    while (row >> CHUNK_SHIFT >= chunks.length) chunks.push(new Chunk());
    if (row >= this.#rows) this.#rows = row + 1;
    const c = chunks[row >> CHUNK_SHIFT];
    const i = row & CHUNK_MASK;
    c.createdAt[i] = time;
    c.startedAt[i] = NaN;
    c.finishedAt[i] = NaN;
    c.parent[i] = parentId;
    c.kind[i] = kind === "task" ? 0 : kind === "executor" ? 1 : 2;
    if (name !== undefined) this.#names.set(row, name);
    if (site !== undefined) this.#sites.set(row, site);
  }

  started(id: number, time: number): void {
    const row = this.#row(id);
    if (row < 0) return;
    const c = this.#chunks[row >> CHUNK_SHIFT];
    c.startedAt[row & CHUNK_MASK] = time;
    c.state[row & CHUNK_MASK] = 1;
  }

  suspended(id: number, time: number): void {
    const row = this.#row(id);
    if (row < 0) return;
    const since = this.#runningSince.get(row) ?? this.#chunks[row >> CHUNK_SHIFT].startedAt[row & CHUNK_MASK];
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
    const c = this.#chunks[row >> CHUNK_SHIFT];
    c.finishedAt[row & CHUNK_MASK] = time;
    c.state[row & CHUNK_MASK] = STATE_CODE[state];
    // Most tasks never waited on the library: no lookup while nothing is open.
    const since = this.#runningSince.size === 0 ? undefined : this.#runningSince.get(row);
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
      const c = this.#chunks[row >> CHUNK_SHIFT];
      const i = row & CHUNK_MASK;
      const kind = KINDS[c.kind[i]];
      const segments = segmentsByRow.get(row) ?? [];
      const startedAt = c.startedAt[i];
      const finishedAt = c.finishedAt[i];
      const state = STATES[c.state[i]];
      // A task that never waited ran in one segment; the others' last segment was logged when they finished.
      if (segments.length === 0 && !Number.isNaN(finishedAt) && !Number.isNaN(startedAt)) {
        segments.push([startedAt, finishedAt]);
      }
      const record: TaskRecord = {
        id,
        name: this.#names.get(row) ?? (kind === "task" ? `Task-${id}` : `${kind}-${id}`),
        kind,
        parentId: c.parent[i],
        createdAt: c.createdAt[i],
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
}
