/**
 * Process checks for tests that must prove what they started is gone. A zombie (exited, not yet reaped by
 * whoever adopted it) counts as gone: it runs nothing and holds no memory.
 */
import * as fs from "node:fs";

/** Whether `pid` names a live, non-zombie process. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/PID/stat: "pid (comm) S ..." — comm may contain spaces or parentheses, the state follows the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

/** Waits until none of `pids` runs; resolves with those still running when `timeoutMs` passed. */
export async function waitGone(pids: readonly number[], timeoutMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = pids.filter(isRunning);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fails unless `pid` is gone within `timeoutMs` (a test's processes must not outlive it). */
export async function expectGone(pid: number, what = "kernel process", timeoutMs = 10_000): Promise<void> {
  const left = await waitGone([pid], timeoutMs);
  if (left.length > 0)
    throw new Error(`${what} ${pid} is still running ${timeoutMs} ms after it was stopped`);
}

/** PIDs of every descendant of `pid` (children, grandchildren, …), read from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // exited while we were reading
    }
  }
  const out: number[] = [];
  const todo = [pid];
  while (todo.length) {
    for (const c of children.get(todo.pop() as number) ?? []) {
      out.push(c);
      todo.push(c);
    }
  }
  return out;
}

/** The command line of `pid`, or "" when it is gone. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}
