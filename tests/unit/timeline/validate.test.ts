import { validateTimeline } from "../../../src/timeline";
import { smallTimeline } from "./helpers";

// Payloads are edited as untyped JSON here, on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Payload = Record<string, any>;

function broken(edit: (p: Payload) => void): string[] {
  const p = JSON.parse(JSON.stringify(smallTimeline()));
  edit(p);
  return validateTimeline(p).errors;
}

describe("validateTimeline", () => {
  it("accepts an object or its JSON text", () => {
    expect(validateTimeline(smallTimeline()).valid).toBe(true);
    const fromText = validateTimeline(JSON.stringify(smallTimeline()));
    expect(fromText.valid && fromText.payload.title).toBe("demo");
  });

  it.each([
    ["not JSON", "{", /^payload is not valid JSON: /],
    ["null", null, /^payload is null, expected an object$/],
    ["an array", [], /^payload is an array, expected an object$/],
  ])("rejects %s", (_, input, message) => {
    const r = validateTimeline(input);
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatch(message);
  });

  it.each<[string, (p: Payload) => void, string]>([
    ["a wrong version", (p) => (p.version = 2), "version is 2, expected 1"],
    ["a non-number start", (p) => (p.tasks.start[2] = "7"), "tasks.start[2] is not a number"],
    ["a fractional start", (p) => (p.tasks.start[1] = 1.5), "tasks.start[1] is 1.5, expected an integer"],
    ["a negative start delta", (p) => (p.tasks.start[1] = -3), "tasks.start[1] is -3, expected at least 0"],
    [
      "a huge start",
      (p) => (p.tasks.start[3] = 1e300),
      "tasks.start[3] is 1e+300, beyond the safe integer range",
    ],
    ["a missing column", (p) => delete p.tasks.tail, "tasks.tail is missing, expected an array"],
    ["a short column", (p) => p.tasks.parent.pop(), "tasks.parent has 3 entries, expected 4 like tasks.id"],
    ["a parent out of range", (p) => (p.tasks.parent[1] = 9), "tasks.parent[1] is 9, expected 0..4"],
    ["a self parent", (p) => (p.tasks.parent[1] = 2), "tasks.parent[1] is the task itself"],
    ["an unknown state", (p) => (p.tasks.flags[0] = 16), "tasks.flags[0] is 16, expected 0..15"],
    ["a name outside the string table", (p) => (p.tasks.name[0] = 99), "tasks.name[0] is 99, expected 0..5"],
    ["a non-string name", (p) => (p.strings[0] = 5), "strings[0] is not a string"],
    [
      "a segment count mismatch",
      (p) => (p.tasks.segs[0] = 5),
      "segments.gap has 4 entries but tasks.segs adds up to 7",
    ],
    ["an error on a missing row", (p) => (p.errors.task[0] = 4), "errors.task[0] is 4, expected 0..3"],
    ["NaN lag", (p) => (p.lag.lag[0] = null), "lag.lag[0] is not a number"],
    [
      "a cell ending before it starts",
      (p) => (p.cells.start[0] = 40_000),
      "cells.end[0] is before its start",
    ],
    ["a zero tick", (p) => (p.tick = 0), "tick is 0, expected a positive number of milliseconds"],
    ["a missing table", (p) => delete p.slow, "slow is missing, expected an object of columns"],
  ])("names the exact place of %s", (_, edit, message) => {
    expect(broken(edit)).toContain(message);
  });

  it("reports the first bad entry per column and at most 20 problems", () => {
    const errors = broken((p) => {
      p.tasks.start = p.tasks.start.map(() => "x");
      for (const k of Object.keys(p.tasks)) if (k !== "start") p.tasks[k] = "oops";
      p.lag = p.slow = p.cells = p.errors = p.segments = 1;
      p.strings = Array(30).fill(0);
    });
    expect(errors).toHaveLength(20);
    expect(errors.filter((e) => e.startsWith("tasks.start"))).toEqual([]);
  });
});
