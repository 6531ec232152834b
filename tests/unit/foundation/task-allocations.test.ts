import { spawnSync } from "node:child_process";
import * as path from "node:path";

const tool = path.join(__dirname, "..", "..", "..", "bench", "task-allocations.js");

function run(...args: string[]) {
  const out = spawnSync(process.execPath, [tool, ...args], { encoding: "utf8", timeout: 60_000 });
  const total = /^(\w+): (\d+) bytes allocated per task/m.exec(out.stdout);
  return {
    status: out.status,
    stdout: out.stdout,
    stderr: out.stderr,
    bytes: total ? Number(total[2]) : NaN,
  };
}

describe("bench/task-allocations.js", () => {
  it("prints bytes allocated per task by function, more for tasks than for raw async functions", () => {
    const ours = run("off");
    const raw = run("raw");
    expect(ours.status).toBe(0);
    expect(raw.status).toBe(0);
    // Every task is at least its Task object and the body's promise.
    expect(ours.bytes).toBeGreaterThan(100);
    expect(raw.bytes).toBeGreaterThan(0);
    expect(ours.bytes).toBeGreaterThan(raw.bytes);
    expect(ours.stdout).toMatch(/^\s+\d+\.\d {2}.* > .*task\.js:\d+$/m);
  });

  it("names the modes it knows when given another", () => {
    const bad = run("fast");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('unknown mode "fast": use off, rec or raw');
  });
});
