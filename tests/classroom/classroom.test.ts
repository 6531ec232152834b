/**
 * A class on one machine through a real JupyterHub (`npm run classroom`): three students log in with the
 * shared password, each gets a server with the tutorials in their home, and their tslab-asyncio kernels run
 * side by side. Outputs — also late ones and background failures — stay in their own student's cell; one
 * student's interrupt or restart leaves the others alone; JupyterLab behind the hub draws a live timeline
 * with our renderer; and stopping the class leaves no process behind (checked by PID).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext } from "playwright-core";
import { ROOT } from "../../scripts/jupyter-env";
import { ARTIFACTS, describeWithChromium, launchChromium } from "../browser/lab-server";
import { commandLine, descendants, isRunning, waitGone } from "../support/processes";
import { Classroom, shownText, StudentKernel } from "./hub";

jest.setTimeout(600_000);

const USERS = ["alice", "bob", "carol"];
const PASSWORD = "classroom-test-password";
const DIR = path.join(ROOT, "build", "classroom-test");

let room: Classroom | undefined;
const kernels = new Map<string, StudentKernel>();
let everything: number[] = [];

async function pidOf(k: StudentKernel): Promise<number> {
  const { msgId, reply } = await k.execute("console.log(process.pid);");
  expect(reply.content.status).toBe("ok");
  return Number(k.stdoutOf(msgId).trim());
}

beforeAll(async () => {
  room = await Classroom.start(DIR, USERS, PASSWORD);
  await Promise.all(USERS.map((u) => room!.startServer(u)));
  for (const user of USERS) {
    kernels.set(user, await StudentKernel.start(room.info.url, user, await room.userToken(user)));
  }
});

afterAll(async () => {
  for (const k of kernels.values()) k.close();
  // Normally the last test has stopped the class already; after a failure this still cleans up.
  if (room && room.proc.exitCode === null) {
    const before = [room.proc.pid!, ...descendants(room.proc.pid!)];
    await room.stop();
    for (const pid of await waitGone(before, 20_000)) process.kill(pid, "SIGKILL");
  }
});

test("the hub lists the students, each home holds the tutorials, and every server is up", async () => {
  const listed = await room!.hubApi<{ name: string; servers: Record<string, { ready: boolean }> }[]>(
    "GET",
    "/users",
  );
  expect(listed.map((u) => u.name).sort()).toEqual(USERS);
  for (const u of listed) expect(u.servers[""]?.ready).toBe(true);
  const tutorials = fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"));
  expect(tutorials.length).toBeGreaterThan(0);
  for (const user of USERS) {
    const home = path.join(DIR, "homes", user);
    for (const t of tutorials) expect(fs.existsSync(path.join(home, t))).toBe(true);
    expect(fs.existsSync(path.join(home, "data"))).toBe(true);
  }
  // The teacher's token works; a wrong one is refused.
  await expect(
    fetch(`${room!.info.api}/users`, { headers: { Authorization: "token not-the-token" } }).then(
      (r) => r.status,
    ),
  ).resolves.toBe(403);
});

/** A cell that prints now, prints late (after it ended) and fails in the background, all tagged with `who`. */
function busyCell(who: string): string {
  return [
    'import * as asyncio from "tslab-asyncio";',
    `asyncio.createTask(async () => { await asyncio.sleep(1500); console.log("late-${who}"); }, { name: "late-${who}" });`,
    `asyncio.createTask(async () => { await asyncio.sleep(900); throw new Error("boom-${who}"); }, { name: "doomed-${who}" });`,
    `for (let i = 0; i < 5; i++) { console.log("now-${who}-" + i); await asyncio.sleep(60); }`,
  ].join("\n");
}

const tagged = (text: string) => USERS.filter((u) => new RegExp(`-${u}\\b`).test(text));

test("students run cells at the same time and every output, also late ones and failures, stays in its own cell", async () => {
  const runs = await Promise.all(
    USERS.map(async (user) => {
      const k = kernels.get(user)!;
      const first = await k.execute(busyCell(user));
      expect(first.reply.content.status).toBe("ok");
      // A second cell runs while the first cell's background work finishes.
      const second = await k.execute(`await asyncio.sleep(2500); console.log("second-${user}");`);
      expect(second.reply.content.status).toBe("ok");
      return { user, k, first: first.msgId, second: second.msgId };
    }),
  );
  for (const { user, k, first, second } of runs) {
    await k.waitFor((m) => shownText(m).includes(`late-${user}`), 30_000, `late-${user}`);
    await k.waitFor((m) => shownText(m).includes(`boom-${user}`), 30_000, `boom-${user}`);
    const shown = k.messages.filter((m) => shownText(m) !== "");
    // Nothing of another student ever reaches this student's socket.
    for (const m of shown) expect(tagged(shownText(m)).filter((u) => u !== user)).toEqual([]);
    // The first cell's own lines, in order, with its parent header.
    expect(k.stdoutOf(first)).toBe([0, 1, 2, 3, 4].map((i) => `now-${user}-${i}\n`).join(""));
    expect(k.stdoutOf(second)).toBe(`second-${user}\n`);
    // Late output and the background failure came after the first cell ended, while the second one ran:
    // they are delivered with the first cell's parent (updating its late-output display), never the second's.
    const late = k.messages.filter((m) => /late-|boom-/.test(shownText(m)));
    expect(late.length).toBeGreaterThan(0);
    for (const m of late) expect(m.parent_header.msg_id).toBe(first);
    const failure = late.find((m) => shownText(m).includes(`boom-${user}`))!;
    expect(shownText(failure)).toContain(`Task exception was never retrieved: task 'doomed-${user}'`);
  }
});

test("one student's interrupt and another's restart leave the others' kernels and state alone", async () => {
  const [alice, bob, carol] = USERS.map((u) => kernels.get(u)!);
  for (const k of [alice, bob, carol]) {
    const { reply } = await k.execute(`(globalThis as { mark?: string }).mark = "kept-${k.user}";`);
    expect(reply.content.status).toBe("ok");
  }
  const pids = new Map<StudentKernel, number>();
  for (const k of [alice, bob, carol]) pids.set(k, await pidOf(k));

  // carol is stuck in a long cell; she interrupts it.
  const stuck = carol.executeAsync('await asyncio.sleep(120_000); console.log("never");');
  await carol.waitFor(
    (m) => m.parent_header.msg_id === stuck && m.msg_type === "execute_input",
    30_000,
    "the long cell to start",
  );
  // Meanwhile the others keep working.
  const during = await alice.execute('console.log("alice works");');
  expect(alice.stdoutOf(during.msgId)).toBe("alice works\n");
  await carol.rest("interrupt");
  const interrupted = await carol.replyTo(stuck, 30_000);
  expect(interrupted.content.status).toBe("error");
  expect(carol.stdoutOf(stuck)).toBe("");

  // bob restarts his kernel: his state is gone, he gets a new process.
  await bob.rest("restart");
  await bob.ready();
  const bobAfter = await bob.execute("console.log(String((globalThis as { mark?: string }).mark));");
  expect(bob.stdoutOf(bobAfter.msgId)).toBe("undefined\n");
  expect(await pidOf(bob)).not.toBe(pids.get(bob));
  expect(isRunning(pids.get(bob)!)).toBe(false);

  // alice and carol: same processes, same state.
  for (const k of [alice, carol]) {
    const { msgId } = await k.execute("console.log((globalThis as { mark?: string }).mark);");
    expect(k.stdoutOf(msgId)).toBe(`kept-${k.user}\n`);
    expect(await pidOf(k)).toBe(pids.get(k));
  }
});

const TIMELINE_NOTEBOOK = {
  cells: [
    'import * as asyncio from "tslab-asyncio";\nconsole.log("kernel says " + (40 + 2));',
    "await asyncio.timeline(\n  () =>\n    asyncio.gather(\n" +
      '      asyncio.createTask(() => asyncio.sleep(3000), { name: "slow" }),\n' +
      '      asyncio.createTask(() => asyncio.sleep(1000), { name: "fast" }),\n' +
      '    ),\n  { title: "class timeline" },\n);',
  ].map((source, i) => ({
    cell_type: "code",
    execution_count: null,
    id: `c${i}`,
    metadata: {},
    source,
    outputs: [],
  })),
  metadata: {
    kernelspec: { display_name: "TypeScript (tslab-asyncio)", language: "typescript", name: "tslab-asyncio" },
    language_info: { name: "typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};

const CANVAS = ".jp-TslabAsyncioTimeline-plot:not([hidden]) canvas";

describeWithChromium()("a student's JupyterLab behind the hub", () => {
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  test("logs in with the shared password and draws a live timeline with our renderer", async () => {
    try {
      await timelineThroughHub();
    } catch (e) {
      await context?.pages()[0]?.screenshot({ path: path.join(ARTIFACTS, "classroom-timeline-failed.png") });
      throw e;
    }
  });

  async function timelineThroughHub(): Promise<void> {
    const user = "alice";
    fs.writeFileSync(path.join(DIR, "homes", user, "timeline.ipynb"), JSON.stringify(TIMELINE_NOTEBOOK));
    const browser = await launchChromium({ width: 1200, height: 900 });
    ({ context, profile } = browser);
    const page = browser.page;
    const target = `/user/${user}/lab/tree/timeline.ipynb`;
    await page.goto(`${room!.info.url}/hub/login?next=${encodeURIComponent(target)}`);
    await page.locator("#username_input").fill(user);
    await page.locator("#password_input").fill(PASSWORD);
    await page.locator("#login_submit").click();
    await page.locator(".jp-Notebook").waitFor({ timeout: 120_000 });
    expect(page.url()).toContain(target);
    // Once the notebook's kernel is up and idle (status bar), Run ▸ Run All Cells.
    await page
      .locator(".jp-StatusBar-Widget")
      .getByText(/TypeScript \(tslab-asyncio\) \| Idle/)
      .waitFor({ timeout: 120_000 });
    await page.locator(".jp-Cell").nth(0).click();
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    await page.locator(".jp-Cell").nth(0).getByText("kernel says 42").waitFor({ timeout: 90_000 });
    const cell = page.locator(".jp-Cell").nth(1);
    const canvas = cell.locator(CANVAS);
    await canvas.waitFor({ timeout: 90_000 });
    const whileRunning = await cell.locator(".jp-InputPrompt").innerText();
    expect(whileRunning).toContain("*");
    expect(await canvas.getAttribute("aria-label")).toMatch(/^class timeline: /);
    await cell.locator(".jp-InputPrompt").getByText("[2]").waitFor({ timeout: 90_000 });
    await page.waitForFunction(
      (sel) => /^class timeline: 2 tasks/.test(document.querySelector(sel)?.getAttribute("aria-label") ?? ""),
      CANVAS,
      { timeout: 30_000 },
    );
    const drawn = await cell.locator(CANVAS).evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let differing = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i] !== data[0] || data[i + 1] !== data[1]) differing++;
      return differing;
    });
    expect(drawn).toBeGreaterThan(1000);
    await page.screenshot({ path: path.join(ARTIFACTS, "classroom-timeline.png") });
  }
});

test("stopping the class stops the hub, the proxy, every server and every kernel", async () => {
  const root = room!.proc.pid!;
  everything = [root, ...descendants(root)];
  const commands = everything.map(commandLine);
  // What is checked really is the whole class: hub, proxy, three servers, and our kernels.
  expect(commands.filter((c) => c.includes("jupyterhub-singleuser")).length).toBe(USERS.length);
  expect(commands.filter((c) => c.includes("configurable-http-proxy")).length).toBe(1);
  expect(
    commands.filter((c) => c.includes(path.join("lib", "kernel", "launcher.js"))).length,
  ).toBeGreaterThanOrEqual(USERS.length);
  for (const k of kernels.values()) k.close();
  const code = await room!.stop();
  expect(room!.output).toContain("Stopped: no process of the class is left");
  expect(code).toBe(0);
  const left = await waitGone(everything, 30_000);
  expect(left.map((pid) => `${pid} ${commandLine(pid)}`)).toEqual([]);
});
