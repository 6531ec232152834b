/**
 * One library per kernel: a notebook folder with its own installed copy of tslab-asyncio still gets the
 * kernel's, so the tasks and timers its cells create are the ones the kernel's interrupts, `cancelAll()` and
 * timelines see. (With two copies, `cancelAll()` found none of the cell's tasks and cleared the timer of the
 * task's sleep, leaving the task pending forever.)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../../scripts/jupyter-env";
import { Kernel, streamText, type Msg, type StartInfo } from "../support/kernel";
import { expectGone } from "../support/processes";

jest.setTimeout(120_000);

/** What went wrong in a cell, for the failure message. */
const errorsOf = (iopub: readonly Msg[]): string[] =>
  iopub
    .filter((m) => m.msg_type === "error")
    .map((m) => `${String(m.content.ename)}: ${String(m.content.evalue)}`);

let dir: string;
let kernel: Kernel & { info: StartInfo };
beforeAll(async () => {
  // A real copy (not a symlink, which would resolve to the same files) of the built package.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "library-copies-"));
  const copy = path.join(dir, "node_modules", "tslab-asyncio");
  fs.mkdirSync(copy, { recursive: true });
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(copy, "package.json"));
  for (const part of ["lib", "timeline", "kernel"]) {
    fs.cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  kernel = await Kernel.start("tslab-asyncio", { cwd: dir });
});
afterAll(async () => {
  const pid = kernel?.info.pid;
  await kernel?.close();
  if (pid) await expectGone(pid);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("the notebook folder's own copy would resolve elsewhere, yet cells get the kernel's library", async () => {
  const run = await kernel.execute(
    [
      'import * as asyncio from "tslab-asyncio";',
      'import * as timeline from "tslab-asyncio/timeline";',
      'const fs = require("fs");',
      'console.log(fs.realpathSync(require.resolve("tslab-asyncio")));',
      // The kernel's own build, by absolute path: the module the kernel itself loaded.
      `const own = require(${JSON.stringify(path.join(ROOT, "lib", "index.js"))});`,
      'console.log(timeline.TIMELINE_MIME, require("tslab-asyncio") === asyncio, own === asyncio);',
    ].join("\n"),
  );
  expect({ status: run.reply.content.status, errors: errorsOf(run.iopub) }).toEqual({
    status: "ok",
    errors: [],
  });
  const [resolved, second] = streamText(run.iopub).trim().split("\n");
  expect(fs.realpathSync(resolved)).toBe(
    fs.realpathSync(path.join(dir, "node_modules", "tslab-asyncio", "lib", "index.js")),
  );
  expect(second).toBe("application/vnd.tslab-asyncio.timeline.v1+json true true");
});

test("cancelAll() cancels a task a cell created through that import, and gather sees it cancelled", async () => {
  const start = await kernel.execute("const napper = asyncio.createTask(() => asyncio.sleep(1e6));");
  expect({ status: start.reply.content.status, errors: errorsOf(start.iopub) }).toEqual({
    status: "ok",
    errors: [],
  });
  const run = await kernel.execute(
    [
      "const summary = asyncio.cancelAll();",
      "const [outcome] = await asyncio.waitFor(asyncio.gather(napper, { returnExceptions: true }), 10_000);",
      "console.log(summary.tasks, String(outcome), napper.cancelled());",
    ].join("\n"),
  );
  expect({ status: run.reply.content.status, errors: errorsOf(run.iopub) }).toEqual({
    status: "ok",
    errors: [],
  });
  expect(streamText(run.iopub)).toBe("1 CancelledError: cancelAll() was called true\n");
});
