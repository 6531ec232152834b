/**
 * The headless runner (npm run notebooks) executes a notebook with a top-level await on our kernel,
 * writes the executed copy and HTML, and fails loudly on a failing cell.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../../scripts/jupyter-env";

jest.setTimeout(180_000);

const fixture = path.join(__dirname, "fixtures", "smoke.ipynb");

function runNotebooks(args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "scripts", "notebooks.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

type Cell = { cell_type: string; source: string; outputs?: Array<{ output_type: string; text?: string }> };

test("executes a notebook with top-level await and saves outputs in each cell", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "nb-smoke-"));
  const run = runNotebooks(["--out", out, fixture]);
  if (run.status !== 0) throw new Error(`npm run notebooks failed:\n${run.stdout}\n${run.stderr}`);
  expect(run.stdout).toMatch(/cell 3\/3/);
  const nb = JSON.parse(fs.readFileSync(path.join(out, "smoke.ipynb"), "utf8")) as { cells: Cell[] };
  const texts = nb.cells
    .filter((c) => c.cell_type === "code")
    .map((c) => (c.outputs ?? []).map((o) => o.text ?? "").join(""));
  expect(texts).toEqual(["before\n", "after await\n", "total=6\n"]);
  expect(fs.readFileSync(path.join(out, "smoke.html"), "utf8")).toContain("after await");
});

test("stops at a failing cell and names the notebook, the cell and the error", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nb-fail-"));
  const nb = JSON.parse(fs.readFileSync(fixture, "utf8")) as { cells: Cell[] };
  nb.cells[2].source = 'throw new Error("boom in cell two");';
  const broken = path.join(dir, "broken.ipynb");
  fs.writeFileSync(broken, JSON.stringify(nb));
  const run = runNotebooks(["--out", path.join(dir, "out"), broken]);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("FAILED broken.ipynb, code cell 2/3");
  expect(run.stderr).toContain("boom in cell two");
});
