/**
 * The compiler lives on its own thread: the kernel's main thread never loads TypeScript, timers keep
 * firing while a large cell compiles, and requests that arrive while a cell compiles are answered at once.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { Kernel, executeContent, streamText, type StartInfo } from "../support/kernel";
import { expectGone } from "../support/processes";

jest.setTimeout(180_000);

let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  kernel = await Kernel.start("tslab-asyncio");
});
afterAll(async () => {
  const pid = kernel?.info.pid;
  await kernel?.close();
  if (pid) await expectGone(pid);
});

/** A cell that takes the type checker a while: many generic functions and a long chain of uses. */
function largeCell(tag: string): string {
  const lines = [`const firstStatement${tag} = (globalThis as any).__ticks as number;`];
  for (let i = 0; i < 400; i++) {
    lines.push(
      `function f${tag}${i}<T extends { v: number }>(x: T): T & { w${i}: string } { return { ...x, w${i}: String(x.v + ${i}) }; }`,
    );
  }
  lines.push(
    `const chain${tag} = [${Array.from({ length: 400 }, (_, i) => `f${tag}${i}({ v: ${i} }).w${i}`).join(", ")}];`,
  );
  lines.push(`console.log(firstStatement${tag}, chain${tag}.length);`);
  return lines.join("\n");
}

test("the kernel's main thread never loads TypeScript, though cells are type-checked", async () => {
  const run = await kernel.execute(
    [
      "const checked: number = 1;",
      'const loaded = Object.keys(require.cache).filter((k) => k.includes("typescript-for-tslab"));',
      "console.log(JSON.stringify(loaded));",
    ].join("\n"),
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub)).toBe("[]\n");
  const typed = await kernel.execute("const wrong: string = checked;");
  expect(typed.reply.content.ename).toBe("TypeScriptError");
});

test("a 1 ms interval keeps firing while a large cell compiles", async () => {
  await kernel.execute(
    "(globalThis as any).__ticks = 0;\n(globalThis as any).__timer = setInterval(() => (globalThis as any).__ticks++, 1);",
  );
  const before = await kernel.execute("console.log((globalThis as any).__ticks);");
  const ticksBefore = Number(streamText(before.iopub).trim());
  const run = await kernel.execute(largeCell("A"), { timeout: 120 });
  expect(run.reply.content.status).toBe("ok");
  const [atFirstStatement, length] = streamText(run.iopub).trim().split(" ").map(Number);
  expect(length).toBe(400);
  // Compiling 800 lines of generics takes the checker far longer than the interval period; a compile on
  // the main thread would have let at most a tick or two through between the request and the first
  // statement.
  expect(atFirstStatement - ticksBefore).toBeGreaterThan(10);
  await kernel.execute("clearInterval((globalThis as any).__timer);");
});

test("kernel_info is answered while a large cell compiles, before the cell's first statement runs", async () => {
  const code = `console.log(new Date().toISOString());\n${largeCell("B")}`;
  const cell = await kernel.send("execute_request", executeContent(code));
  const info = await kernel.reply(await kernel.send("kernel_info_request", {}), "shell", 60);
  expect(info.content.status).toBe("ok");
  const done = await kernel.waitIdle(cell, 120);
  expect(done.idle).toBe(true);
  const [ranAt, counts] = streamText(done.iopub).trim().split("\n");
  expect(counts.split(" ")[1]).toBe("400");
  // A compile on the main thread would have held the kernel_info request until the cell ran.
  expect(Date.parse(info.date.replace(" ", "T"))).toBeLessThan(Date.parse(ranAt));
});

test("the kernel process starts with glibc's arena cap, and the processes a cell starts do not inherit it", async () => {
  const run = await kernel.execute(
    [
      'const seenAtStart = require("fs").readFileSync("/proc/self/environ", "utf8").split("\\0");',
      'const child = require("child_process").execFileSync("sh", ["-c", "echo [$MALLOC_ARENA_MAX]"], { encoding: "utf8" });',
      "console.log(seenAtStart.includes('MALLOC_ARENA_MAX=2'), String(process.env.MALLOC_ARENA_MAX), child.trim());",
    ].join("\n"),
  );
  expect(run.reply.content.status).toBe("ok");
  expect(streamText(run.iopub).trim()).toBe("true undefined []");
});

test("the compile worker's thread yields to the event loop: it runs at a lower priority, the main thread does not", async () => {
  // A cell has been compiled by now, so the compile worker is running.
  expect(streamText((await kernel.execute("const warm: number = 1;\nconsole.log(warm);")).iopub)).toBe("1\n");
  const pid = kernel.info.pid;
  const threads = fs.readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields from the state (field 3) on: utime is field 14, stime 15, nice 19.
    return {
      tid: Number(tid),
      cpu: Number(fields[14 - 3]) + Number(fields[15 - 3]),
      nice: Number(fields[19 - 3]),
    };
  });
  const main = threads.find((t) => t.tid === pid);
  const base = os.getPriority(pid);
  expect(main?.nice).toBe(base);
  const lowered = threads.filter((t) => t.nice === Math.min(19, base + 10));
  expect(lowered).toHaveLength(1);
  // The lowered thread is the compile worker's: it built the converter, far more work than the main thread's.
  expect(lowered[0].tid).not.toBe(pid);
  expect(lowered[0].cpu).toBeGreaterThan(main?.cpu ?? Infinity);
});
