/**
 * The shipped notebooks, executed headlessly by `npm run notebooks` (nbclient, tslab-asyncio kernel), show
 * what a reader relies on; their committed outputs still match a fresh run in structure; and they are in
 * sync with their sources in notebooks/src.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { jupyterEnv, ROOT, venvBin } from "../../scripts/jupyter-env";

jest.setTimeout(300_000);

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
}

const MIME = "application/vnd.tslab-asyncio.timeline.v1+json";
const NOTEBOOKS = path.join(ROOT, "notebooks");
const names = fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();
const out = fs.mkdtempSync(path.join(os.tmpdir(), "tutorials-"));
let run: ReturnType<typeof spawnSync>;

const join = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
const executed = (name: string) => read(path.join(out, name));
const code = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === "code");
/** The stdout of the first code cell whose source contains `marker`. */
function stdoutOf(nb: Notebook, marker: string): string {
  const cell = code(nb).find((c) => join(c.source).includes(marker));
  if (!cell) throw new Error(`no code cell contains ${JSON.stringify(marker)}`);
  return (cell.outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === "stdout")
    .map((o) => join(o.text))
    .join("");
}
function outputsOf(nb: Notebook, marker: string): Output[] {
  return code(nb).find((c) => join(c.source).includes(marker))?.outputs ?? [];
}
const seconds = (text: string, label: RegExp) => Number(label.exec(text)?.[1]);

beforeAll(() => {
  run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "notebooks.js"), "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
  });
});

test("every shipped notebook executes without error", () => {
  expect(names).toEqual([
    "01-asyncio-in-typescript.ipynb",
    "02-cancellation-and-timeouts.ipynb",
    "03-taskgroup-structured-concurrency.ipynb",
    "04-locks-semaphores-queues.ipynb",
    "05-reentrancy-and-the-kernel.ipynb",
  ]);
  if (run.status !== 0) throw new Error(`npm run notebooks failed:\n${run.stdout}\n${run.stderr}`);
  for (const name of names) {
    const nb = executed(name);
    for (const cell of code(nb)) {
      expect(cell.execution_count).toEqual(expect.any(Number));
      expect((cell.outputs ?? []).filter((o) => o.output_type === "error")).toEqual([]);
    }
    expect(fs.existsSync(path.join(out, name.replace(".ipynb", ".html")))).toBe(true);
  }
});

describe("01-asyncio-in-typescript", () => {
  const nb = () => executed("01-asyncio-in-typescript.ipynb");

  test("gather prints in the seed's order and shows [undefined, undefined]", () => {
    const marker = "await asyncio.gather(sayHelloAsync(), doSomethingElse());";
    expect(stdoutOf(nb(), marker)).toBe("Doing something else...\nFinished something else.\nHello, Async World!\n");
    const result = outputsOf(nb(), marker).find((o) => o.output_type === "execute_result");
    expect(join(result?.data?.["text/plain"] as string)).toMatch(/^\[\s*undefined,\s*undefined\s*\]$/);
  });

  test("the concurrent HTTP run takes at most 0.7 of the sequential one", () => {
    const sequential = seconds(stdoutOf(nb(), "const page1 = fetchSync("), /Done in ([0-9.]+) seconds/);
    const concurrent = seconds(stdoutOf(nb(), "async function fetchAsync"), /Done in ([0-9.]+) seconds/);
    expect(sequential).toBeGreaterThan(0);
    expect(concurrent).toBeGreaterThan(0);
    expect(concurrent).toBeLessThanOrEqual(0.7 * sequential);
  });

  test("the executor runs the blocking task and the ticker advances only when it is used", () => {
    expect(stdoutOf(nb(), "function syncTask")).toBe("Starting a long sync task...\nFinished the sync task.\n");
    const text = stdoutOf(nb(), "async function withTicker");
    expect(Number(/in the executor: the ticker ran (\d+) times/.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toContain("on the event loop: the ticker ran 0 times");
  });

  test("the Future's result and exception paths", () => {
    expect(stdoutOf(nb(), "const future = new asyncio.Future")).toBe("Operation succeeded\n");
    expect(stdoutOf(nb(), "const failing = new asyncio.Future")).toBe("result() threw: Operation failed\n");
  });

  test("the gather and HTTP timelines come with their HTML and text fallbacks", () => {
    for (const marker of ['title: "gather(', 'title: "HTTP:']) {
      const shown = outputsOf(nb(), marker).filter((o) => o.output_type === "display_data");
      expect(shown).toHaveLength(1); // live updates replaced the first picture in place
      expect(Object.keys(shown[0].data ?? {}).sort()).toEqual([MIME, "text/html", "text/plain"].sort());
      expect((shown[0].data?.[MIME] as { version: number }).version).toBe(1);
      expect(join(shown[0].data?.["text/html"] as string)).not.toMatch(/<script/i);
    }
  });

  test("the file-reading cell reads both data files", () => {
    const text = stdoutOf(nb(), "readAllAsync(filepaths)");
    expect(text).toContain("data/large_log_file.txt: 4000 lines");
    expect(text).toContain("data/processed_errors.txt: 127 lines");
  });
});

test("02: a cancelled task ran its finally block and reports cancelled", () => {
  const nb = executed("02-cancellation-and-timeouts.ipynb");
  expect(stdoutOf(nb, "download.cancel(")).toBe(
    "download: started\ndownload: cleaning up\nawaiting it threw CancelledError: user pressed stop\ncancelled: true\n",
  );
  expect(stdoutOf(nb, "asyncio.shield(save)")).toContain("save result: saved");
  // Cancelled through its AbortSignal while inside Node's timers/promises: still counts as cancelled.
  expect(stdoutOf(nb, 'name: "poll"')).toContain("poll cancelled: true");
});

test("03: a TaskGroup failure cancels its siblings and reports every error", () => {
  const nb = executed("03-taskgroup-structured-concurrency.ipynb");
  const failing = stdoutOf(nb, 'job("fails at 100 ms"');
  expect(failing).toContain("would take 1 s: finally");
  expect(failing).toContain("- fails at 100 ms failed");
  expect(stdoutOf(nb, "const go = new asyncio.Event()")).toContain("'disk failed', 'network failed'");
});

test("04: the lock prevents lost updates and the semaphore caps concurrency", () => {
  const nb = executed("04-locks-semaphores-queues.ipynb");
  expect(stdoutOf(nb, "const account")).toBe("without a lock: balance = 1\n");
  expect(stdoutOf(nb, "lock.hold(deposit)")).toBe("with a lock: balance = 10\n");
  expect(stdoutOf(nb, "new asyncio.Semaphore(3)")).toContain("at most 3 at once");
  expect(stdoutOf(nb, "const batches = new asyncio.Queue")).toContain("the producer waited for room several times");
});

describe("05-reentrancy-and-the-kernel", () => {
  const nb = () => executed("05-reentrancy-and-the-kernel.ipynb");

  test("script code with run() works in a cell, cleanup included, and run() nests three deep", () => {
    expect(stdoutOf(nb(), "async function main()")).toBe(
      "leftover task: cancelled by run()'s cleanup\nmain finished\n",
    );
    expect(stdoutOf(nb(), "const depth = await asyncio.run(")).toBe("[ 1, 2, 3 ]\n");
    expect(stdoutOf(nb(), "asyncio.runSync(async (w: string)")).toBe("[ 1, 2, 3 ]\n");
  });

  test("background output is saved in the cell that started it, not in the cell running then", () => {
    const marker = 'name: "background printer"';
    const late = outputsOf(nb(), marker)
      .filter((o) => o.output_type === "display_data")
      .map((o) => join(o.data?.["text/plain"] as string))
      .join("");
    expect(late).toContain("background line 1");
    expect(late).toContain("background line 3");
    const later = outputsOf(nb(), 'console.log("a later cell");');
    expect(JSON.stringify(later)).not.toContain("background line");
  });

  test("an unawaited task failure is reported once, in its own cell, naming the task", () => {
    const errors = outputsOf(nb(), 'name: "forgotten writer"')
      .filter((o) => o.output_type === "stream" && o.name === "stderr")
      .map((o) => join(o.text))
      .join("");
    expect(errors.match(/Task exception was never retrieved/g)).toHaveLength(1);
    expect(errors).toContain("forgotten writer");
    expect(errors).toContain("the disk is full");
  });

  test("pstree shows the crawler with its two fetchers under it, and debug mode names the slow task", () => {
    const tree = outputsOf(nb(), "asyncio.pstree();").find((o) => o.output_type === "execute_result");
    const text = join(tree?.data?.["text/plain"] as string);
    expect(text).toMatch(/crawler[\s\S]*fetch a[\s\S]*fetch b/);
    expect(Object.keys(tree?.data ?? {})).toContain("text/html");
    const debug = outputsOf(nb(), "asyncio.setDebug(true);")
      .map((o) => join(o.text))
      .join("");
    expect(debug).toContain("number cruncher");
  });
});

/** A notebook's outputs with timings and counts blurred, for comparing two runs. */
function shape(nb: Notebook) {
  const blur = (s: string) =>
    s
      .replace(/\d[\d,]*(\.\d+)?/g, "N")
      .split("\n")
      .filter((line, i, lines) => !/^\s*tick N$/.test(line) || !/^\s*tick N$/.test(lines[i - 1] ?? ""))
      .join("\n");
  return code(nb).map((cell) => {
    const merged: string[] = [];
    for (const o of cell.outputs ?? []) {
      if (o.output_type === "stream") {
        const key = `stream:${o.name}:`;
        const last = merged[merged.length - 1];
        if (last?.startsWith(key)) merged[merged.length - 1] = last + join(o.text);
        else merged.push(key + join(o.text));
      } else if (o.data) {
        const first = join(o.data["text/plain"] as string).split("\n")[0];
        merged.push(`${o.output_type}:${Object.keys(o.data).sort().join(",")}:${first}`);
      } else merged.push(`${o.output_type}:${o.ename ?? ""}`);
    }
    return merged.map(blur);
  });
}

test.each(names)("the committed outputs of %s match a fresh run in structure", (name) => {
  expect(shape(executed(name))).toEqual(shape(read(path.join(NOTEBOOKS, name))));
});

test("the committed notebooks are built from notebooks/src", () => {
  const check = spawnSync(venvBin("python"), [path.join(ROOT, "scripts", "build_notebooks.py"), "--check"], {
    env: jupyterEnv(),
    encoding: "utf8",
  });
  expect(check.stderr).toBe("");
  expect(check.status).toBe(0);
});
