/**
 * "Running" in a recorded timeline is time a task's code was executing, measured per step; every other
 * moment of its life (native timers, fetch, fs, bare promises) is waiting.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import * as asyncio from "../../../src/asyncio";
import { lastTimeline, recordTimeline, timeline } from "../../../src/kernel/timeline";
import { decodeTimeline, summarize, type TimelinePayload } from "../../../src/timeline";

jest.setTimeout(30_000);

interface Row {
  name: string;
  kind: string;
  lifetime: number;
  running: number;
  segments: number;
}

function rows(payload: TimelinePayload): Row[] {
  const t = decodeTimeline(payload);
  const out: Row[] = [];
  for (let i = 0; i < t.count; i++) {
    let running = 0;
    for (let s = t.segIndex[i]; s < t.segIndex[i + 1]; s++) running += t.segTo[s] - t.segFrom[s];
    out.push({
      name: t.name(i),
      kind: t.kindOf(i),
      lifetime: t.stop[i] - t.start[i],
      running,
      segments: t.segIndex[i + 1] - t.segIndex[i],
    });
  }
  return out;
}

const named = (payload: TimelinePayload, prefix: string) =>
  rows(payload).filter((r) => r.name.startsWith(prefix));

async function quietTimeline<T>(body: () => PromiseLike<T> | T, title: string): Promise<TimelinePayload> {
  await timeline(body, { title, display: false, lagSampleMs: 0 });
  return lastTimeline()!.payload;
}

describe("running time is measured, not inferred from the library's waits", () => {
  it("counts tasks awaiting native timer promises as waiting", async () => {
    const payload = await quietTimeline(
      () =>
        asyncio.gather(
          ...[1, 2, 3].map((i) =>
            asyncio.createTask(() => new Promise((r) => setTimeout(r, 200)), { name: `nap ${i}` }),
          ),
        ),
      "timers",
    );
    const naps = named(payload, "nap");
    expect(naps).toHaveLength(3);
    for (const nap of naps) {
      expect(nap.lifetime).toBeGreaterThanOrEqual(190);
      expect(nap.running).toBeLessThan(nap.lifetime / 4);
    }
  });

  it("counts tasks awaiting fetch from a local server as waiting", async () => {
    const server = http.createServer((_req, res) => void setTimeout(() => res.end("ok"), 150));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    try {
      // The first fetch of a process loads its implementation: real work, but not what this test is about.
      await (await fetch(url)).text();
      const payload = await quietTimeline(
        () =>
          asyncio.gather(
            asyncio.createTask(async () => (await fetch(url)).text(), { name: "get a" }),
            asyncio.createTask(async () => (await fetch(url)).text(), { name: "get b" }),
          ),
        "fetch",
      );
      const gets = named(payload, "get");
      expect(gets).toHaveLength(2);
      for (const get of gets) {
        expect(get.lifetime).toBeGreaterThanOrEqual(140);
        expect(get.running).toBeLessThan(get.lifetime / 2);
        expect(get.segments).toBeGreaterThan(1);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("counts a task reading a file that is not ready yet as waiting", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-fifo-"));
    const fifo = path.join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    try {
      const payload = await quietTimeline(async () => {
        const reader = asyncio.createTask(() => fs.promises.readFile(fifo, "utf8"), { name: "read fifo" });
        await delay(150);
        fs.writeFileSync(fifo, "hello");
        return reader;
      }, "fifo");
      const [read] = named(payload, "read fifo");
      expect(read.lifetime).toBeGreaterThanOrEqual(140);
      expect(read.running).toBeLessThan(read.lifetime / 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("splits a task doing sequential fs reads into steps with waits between them", async () => {
    const payload = await quietTimeline(
      () =>
        asyncio.createTask(
          async () => {
            for (let i = 0; i < 20; i++) await fs.promises.readFile(__filename);
          },
          { name: "reader" },
        ),
      "fs",
    );
    const [reader] = named(payload, "reader");
    expect(reader.segments).toBeGreaterThanOrEqual(20);
    expect(reader.running).toBeLessThan(reader.lifetime);
  });

  it("does not count bare promises given to gather as running tasks", async () => {
    const payload = await quietTimeline(() => asyncio.gather(asyncio.sleep(200), delay(200)), "bare");
    const wrapped = rows(payload).filter((r) => r.kind === "task");
    expect(wrapped).toHaveLength(2);
    for (const w of wrapped) {
      expect(w.lifetime).toBeGreaterThanOrEqual(190);
      expect(w.running).toBeLessThan(w.lifetime / 10);
    }
  });

  it("counts a task that keeps the CPU busy as running", async () => {
    const payload = await quietTimeline(
      () =>
        asyncio.createTask(
          async () => {
            for (let k = 0; k < 3; k++) {
              const until = performance.now() + 20;
              while (performance.now() < until);
              await Promise.resolve();
            }
          },
          { name: "spin" },
        ),
      "cpu-bound",
    );
    const [busy] = named(payload, "spin");
    expect(busy.lifetime).toBeGreaterThanOrEqual(60);
    expect(busy.running).toBeGreaterThan(busy.lifetime * 0.9);
  });
});

describe("what a timeline counts and draws", () => {
  it("does not count the body given to timeline() as a task", async () => {
    const payload = await quietTimeline(
      () => asyncio.gather(...[1, 2, 3].map(() => asyncio.createTask(() => asyncio.sleep(100)))),
      "three",
    );
    const s = summarize(payload);
    expect(s.tasks).toBe(3);
    expect(s.concurrency).toBeGreaterThan(1.5);
    expect(s.concurrency).toBeLessThanOrEqual(3);
    const frame = rows(payload).filter((r) => r.kind === "cell");
    expect(frame.map((r) => r.name)).toEqual(["three"]);
    expect(lastTimeline()!.toString()).toMatch(/^three: 3 tasks,/);
  });

  it("draws a TaskGroup's body as part of its caller, not as a second root row", async () => {
    const payload = await quietTimeline(
      () =>
        asyncio.TaskGroup.run((tg) => {
          tg.createTask(() => asyncio.sleep(30), { name: "a" });
          tg.createTask(() => asyncio.sleep(40), { name: "b" });
        }),
      "group",
    );
    expect(rows(payload).map((r) => `${r.kind} ${r.name}`)).toEqual(["cell group", "task a", "task b"]);
    const t = decodeTimeline(payload);
    expect([t.parent[1], t.parent[2]]).toEqual([0, 0]);
  });

  it("measures steps only while a recording runs", async () => {
    const ran = jest.fn();
    await asyncio.createTask(async () => await Promise.resolve());
    const stop = asyncio.addTaskRecorder({ ran });
    await asyncio.createTask(async () => await Promise.resolve());
    stop();
    const seen = ran.mock.calls.length;
    expect(seen).toBeGreaterThanOrEqual(2);
    await asyncio.createTask(async () => await Promise.resolve());
    expect(ran.mock.calls.length).toBe(seen);
  });

  it("attributes each measured step to the task whose code ran", async () => {
    const rec = recordTimeline({ lagSampleMs: 0 });
    const a = asyncio.createTask(
      async () => {
        await delay(20);
        const until = performance.now() + 30;
        while (performance.now() < until);
      },
      { name: "spinner" },
    );
    const b = asyncio.createTask(() => delay(80), { name: "sleeper" });
    await asyncio.gather(a, b);
    const payload = rec.stop().payload;
    const [spinner] = named(payload, "spinner");
    const [sleeper] = named(payload, "sleeper");
    expect(spinner.running).toBeGreaterThanOrEqual(29);
    expect(sleeper.running).toBeLessThan(sleeper.lifetime / 4);
  });
});
