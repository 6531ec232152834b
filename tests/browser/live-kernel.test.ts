/**
 * JupyterLab with the tslab-asyncio kernel, end to end in Debian Chromium: a notebook runs TypeScript cells on
 * our kernel, and a cell running `asyncio.timeline(...)` shows the timeline drawn by our renderer while the
 * cell is still executing, then the final picture.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { ARTIFACTS, describeWithChromium, launchChromium, startLab, type LabServer } from "./lab-server";

jest.setTimeout(240_000);

const CELLS = [
  'import * as asyncio from "tslab-asyncio";\nconst answer: number = 40 + 2;\nconsole.log(`kernel says ${answer}`);',
  "await asyncio.timeline(\n" +
    "  () =>\n" +
    "    asyncio.gather(\n" +
    '      asyncio.createTask(() => asyncio.sleep(3000), { name: "slow" }),\n' +
    '      asyncio.createTask(() => asyncio.sleep(1000), { name: "fast" }),\n' +
    "    ),\n" +
    '  { title: "live gather" },\n' +
    ");",
];

function tsNotebook(sources: string[]): string {
  return JSON.stringify({
    cells: sources.map((source, i) => ({
      cell_type: "code",
      execution_count: null,
      id: `live-${i}`,
      metadata: {},
      source,
      outputs: [],
    })),
    metadata: {
      kernelspec: {
        display_name: "TypeScript (tslab-asyncio)",
        language: "typescript",
        name: "tslab-asyncio",
      },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

const CANVAS = ".jp-TslabAsyncioTimeline-plot:not([hidden]) canvas";

describeWithChromium()("a notebook on the tslab-asyncio kernel in JupyterLab", () => {
  const scratch: string[] = [];
  let lab: LabServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // Inside the repository, so the kernel (cwd = the notebook's folder) resolves "tslab-asyncio" the Node10
    // way through node_modules/, as it does for notebooks/.
    const dir = fs.mkdtempSync(path.join(ARTIFACTS, "live-"));
    scratch.push(dir);
    fs.writeFileSync(path.join(dir, "live.ipynb"), tsNotebook(CELLS));
    lab = await startLab(dir);
    const browser = await launchChromium({ width: 1200, height: 1000 });
    ({ context, page } = browser);
    scratch.push(browser.profile);
    await page.goto(lab.url("live.ipynb"));
    // The kernel named in the notebook starts; its name shows in the toolbar once it is ready.
    await page.locator(".jp-Notebook").waitFor({ timeout: 90_000 });
    await page.getByText("TypeScript (tslab-asyncio)").first().waitFor({ timeout: 90_000 });
    await page.waitForFunction(
      () =>
        (
          window as unknown as {
            jupyterapp?: {
              shell?: { currentWidget?: { sessionContext?: { session?: { kernel?: { status?: string } } } } };
            };
          }
        ).jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel?.status === "idle",
      undefined,
      { timeout: 90_000 },
    );
  });

  afterAll(async () => {
    await context?.close();
    await lab?.stop();
    for (const d of [...scratch, ...(lab ? [lab.stateDir] : [])])
      fs.rmSync(d, { recursive: true, force: true });
  });

  test("runs TypeScript cells, and draws a live timeline while the cell still executes", async () => {
    // Not awaited inside the page: the command's promise settles only when every cell has finished.
    await page.evaluate(() => {
      const app = (
        window as unknown as { jupyterapp: { commands: { execute(id: string): Promise<unknown> } } }
      ).jupyterapp;
      void app.commands.execute("notebook:run-all-cells");
    });
    const first = page.locator(".jp-Cell").nth(0);
    await first.locator(".jp-OutputArea-output").getByText("kernel says 42").waitFor({ timeout: 60_000 });
    // The prompt number arrives with the reply, after the output: wait for it rather than read it at once.
    await first.locator(".jp-InputPrompt", { hasText: "[1]" }).waitFor({ timeout: 30_000 });
    expect(await first.locator(".jp-InputPrompt").innerText()).toMatch(/\[1\]/);

    const second = page.locator(".jp-Cell").nth(1);
    const canvas = second.locator(CANVAS);
    await canvas.waitFor({ timeout: 60_000 });
    // Live: the picture is there while the cell is still running ([*]) and shows unfinished tasks.
    const whileRunning = {
      prompt: await second.locator(".jp-InputPrompt").innerText(),
      label: await canvas.getAttribute("aria-label"),
    };
    await page.screenshot({ path: path.join(ARTIFACTS, "live-kernel-running.png") });
    expect(whileRunning.prompt).toContain("*");
    expect(whileRunning.label).toMatch(/^live gather: /);

    // Final: the prompt gets its number, and the same output (updated in place) shows the two finished tasks
    // (the body given to timeline() frames the picture and is not counted).
    await second.locator(".jp-InputPrompt").getByText("[2]").waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      (sel) =>
        /^live gather: 2 tasks/.test(document.querySelectorAll(sel)[0]?.getAttribute("aria-label") ?? ""),
      CANVAS,
      { timeout: 30_000 },
    );
    expect(await second.locator(CANVAS).count()).toBe(1);
    const drawn = await second.locator(CANVAS).evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let differing = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) differing++;
      }
      return differing;
    });
    expect(drawn).toBeGreaterThan(1000);
    expect(whileRunning.label).not.toEqual(await second.locator(CANVAS).getAttribute("aria-label"));
    await page.screenshot({ path: path.join(ARTIFACTS, "live-kernel-final.png") });
  });
});
