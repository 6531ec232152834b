import { TASK_KINDS, TASK_STATES, type TimelinePayload } from "./schema";

/** Result of {@link validateTimeline}. */
export type TimelineValidation =
  | { valid: true; payload: TimelinePayload; errors: [] }
  | { valid: false; payload?: undefined; errors: string[] };

/** Stop collecting after this many problems: one bad column would otherwise yield 100,000 messages. */
const MAX_ERRORS = 20;

type Check = (path: string, problem: string) => void;

/**
 * Checks that a value is a well-formed timeline v1 payload.
 *
 * Every column length, index and range is checked, so a payload that passes can be decoded and drawn
 * without further checks. Messages name the exact place, e.g. `tasks.start[12] is not a number`; at most
 * 20 are returned.
 *
 * @param input A payload object or its JSON text.
 * @returns `{ valid: true, payload }` or `{ valid: false, errors }`.
 *
 * @example Reject a broken payload
 * ```ts
 * import { validateTimeline } from "tslab-asyncio/timeline";
 *
 * const result = validateTimeline('{"version": 2}');
 * console.log(result.valid); // false
 * console.log(result.errors[0]); // "version is 2, expected 1"
 * ```
 */
export function validateTimeline(input: unknown): TimelineValidation {
  const errors: string[] = [];
  const fail: Check = (path, problem) => {
    if (errors.length < MAX_ERRORS) errors.push(`${path} ${problem}`);
  };
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { valid: false, errors: [`payload is not valid JSON: ${(e as Error).message}`] };
    }
  }
  if (!isObject(value))
    return { valid: false, errors: [`payload is ${describe(value)}, expected an object`] };
  if (value.version !== 1) fail("version", `is ${describe(value.version)}, expected 1`);
  if (typeof value.title !== "string") fail("title", `is ${describe(value.title)}, expected a string`);
  if (!isFiniteNumber(value.tick) || value.tick <= 0) {
    fail("tick", `is ${describe(value.tick)}, expected a positive number of milliseconds`);
  }
  if (!isFiniteNumber(value.origin)) fail("origin", "is not a number");
  if (!Number.isSafeInteger(value.end) || (value.end as number) < 0)
    fail("end", "is not a non-negative integer");
  const strings = value.strings;
  if (!Array.isArray(strings)) fail("strings", "is not an array");
  else {
    for (let i = 0; i < strings.length && errors.length < MAX_ERRORS; i++) {
      if (typeof strings[i] !== "string") fail(`strings[${i}]`, "is not a string");
    }
  }
  const nStrings = Array.isArray(strings) ? strings.length : 0;

  const tasks = table(value, "tasks", ["id", "name", "parent", "flags", "start", "segs", "tail"], fail);
  const n = tasks ? tasks.id.length : 0;
  if (tasks) {
    ints(tasks, "tasks", "id", fail, -Infinity);
    ints(tasks, "tasks", "name", fail, 0, nStrings);
    ints(tasks, "tasks", "parent", fail, 0, n);
    ints(tasks, "tasks", "flags", fail, 0, TASK_KINDS.length * TASK_STATES.length - 1);
    ints(tasks, "tasks", "start", fail, 0);
    ints(tasks, "tasks", "segs", fail, 0);
    ints(tasks, "tasks", "tail", fail, 0);
    for (let i = 0; i < n && errors.length < MAX_ERRORS; i++) {
      if (tasks.parent[i] === i + 1) fail(`tasks.parent[${i}]`, "is the task itself");
    }
  }
  const segments = table(value, "segments", ["gap", "dur"], fail);
  if (segments) {
    ints(segments, "segments", "gap", fail, 0);
    ints(segments, "segments", "dur", fail, 0);
    if (tasks && errors.length === 0) {
      let total = 0;
      for (const c of tasks.segs) total += c as number;
      if (total !== segments.gap.length) {
        fail("segments.gap", `has ${segments.gap.length} entries but tasks.segs adds up to ${total}`);
      }
    }
  }
  const errs = table(value, "errors", ["task", "text"], fail);
  if (errs) {
    ints(errs, "errors", "task", fail, 0, n - 1);
    ints(errs, "errors", "text", fail, 0, nStrings - 1);
  }
  const lag = table(value, "lag", ["t", "lag"], fail);
  if (lag) {
    ints(lag, "lag", "t", fail, 0);
    ints(lag, "lag", "lag", fail, 0);
  }
  const slow = table(value, "slow", ["t", "dur", "task"], fail);
  if (slow) {
    ints(slow, "slow", "t", fail, 0);
    ints(slow, "slow", "dur", fail, 0);
    ints(slow, "slow", "task", fail, 0, n);
  }
  const cells = table(value, "cells", ["start", "end", "label"], fail);
  if (cells) {
    ints(cells, "cells", "start", fail, 0);
    ints(cells, "cells", "end", fail, 0);
    ints(cells, "cells", "label", fail, 0, nStrings - 1);
    for (let i = 0; i < cells.start.length && errors.length < MAX_ERRORS; i++) {
      if ((cells.end[i] as number) < (cells.start[i] as number))
        fail(`cells.end[${i}]`, "is before its start");
    }
  }
  if (value.awaits !== undefined) {
    const awaits = table(value, "awaits", ["task", "target", "t"], fail);
    if (awaits) {
      ints(awaits, "awaits", "task", fail, -n, n);
      ints(awaits, "awaits", "target", fail, -n, n);
      ints(awaits, "awaits", "t", fail, 0);
      let task = 0;
      let target = 0;
      for (let i = 0; i < awaits.task.length && errors.length === 0; i++) {
        task += awaits.task[i] as number;
        target += awaits.target[i] as number;
        if (task < 0 || task >= n) fail(`awaits.task[${i}]`, `adds up to row ${task}, expected 0..${n - 1}`);
        else if (target < 0 || target >= n) {
          fail(`awaits.target[${i}]`, `adds up to row ${target}, expected 0..${n - 1}`);
        } else if (task === target) fail(`awaits.target[${i}]`, "is the waiting task itself");
      }
    }
  }
  if (errors.length > 0) return { valid: false, errors };
  return { valid: true, payload: value as unknown as TimelinePayload, errors: [] };
}

type Columns = Record<string, unknown[]>;

/** Checks that `owner[key]` is an object of equally long arrays; returns it, or undefined after failing. */
function table(
  owner: Record<string, unknown>,
  key: string,
  names: string[],
  fail: Check,
): Columns | undefined {
  const t = owner[key];
  if (!isObject(t)) {
    fail(key, `is ${describe(t)}, expected an object of columns`);
    return undefined;
  }
  let ok = true;
  let length: number | undefined;
  for (const name of names) {
    const col = t[name];
    if (!Array.isArray(col)) {
      fail(`${key}.${name}`, `is ${describe(col)}, expected an array`);
      ok = false;
    } else if (length === undefined) {
      length = col.length;
    } else if (col.length !== length) {
      fail(`${key}.${name}`, `has ${col.length} entries, expected ${length} like ${key}.${names[0]}`);
      ok = false;
    }
  }
  return ok ? (t as Columns) : undefined;
}

/** Checks every entry of a column is an integer within [min, max]. */
function ints(t: Columns, key: string, name: string, fail: Check, min: number, max = Infinity): void {
  const col = t[name] as unknown[];
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= min && v <= max) continue;
    const where = `${key}.${name}[${i}]`;
    if (typeof v !== "number" || !Number.isFinite(v)) fail(where, "is not a number");
    else if (!Number.isInteger(v)) fail(where, `is ${v}, expected an integer`);
    else if (!Number.isSafeInteger(v)) fail(where, `is ${v}, beyond the safe integer range`);
    else if (max === Infinity) fail(where, `is ${v}, expected at least ${min}`);
    else fail(where, `is ${v}, expected ${min}..${max}`);
    return;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `a string`;
  if (typeof v === "number") return String(v);
  if (v === undefined) return "missing";
  return `a ${typeof v}`;
}
