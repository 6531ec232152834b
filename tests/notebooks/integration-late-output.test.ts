/**
 * Under nbclient (which drops messages whose parent is not the running cell), every line that background
 * tasks print after their cell ended is saved in that cell, through its late-output display.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../../scripts/jupyter-env";

jest.setTimeout(180_000);

type Text = string | string[];
type Output = { output_type: string; text?: Text; data?: Record<string, Text> };
type Cell = { cell_type: string; outputs?: Output[] };

test("8 tasks in 3 cells: nbclient saves every late line in its own cell", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "nb-late-"));
  const fixture = path.join(__dirname, "fixtures", "integration-late-output.ipynb");
  const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "notebooks.js"), "--out", out, fixture], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`npm run notebooks failed:\n${run.stdout}\n${run.stderr}`);
  const nb = JSON.parse(fs.readFileSync(path.join(out, "integration-late-output.ipynb"), "utf8")) as {
    cells: Cell[];
  };
  const join = (t: Text | undefined): string => (Array.isArray(t) ? t.join("") : (t ?? ""));
  const text = (c: Cell): string =>
    (c.outputs ?? []).map((o) => join(o.text) + join(o.data?.["text/plain"])).join("");
  const code = nb.cells.filter((c) => c.cell_type === "code").map(text);
  const lines = (tag: string, n: number): string[] =>
    Array.from({ length: n }, (_, k) => [0, 1, 2].map((i) => `${tag}-t${k}-${i}`)).flat();
  const byCell = [lines("c1", 3), lines("c2", 3), lines("c3", 2)];
  byCell.forEach((expected, i) => {
    const saved = code[i + 1].split("\n").filter((l) => /^c\d-t/.test(l));
    expect(saved.sort()).toEqual(expected.sort());
    expect(code[i + 1]).toContain(`c${i + 1} started`);
  });
  expect(code[4]).toBe("drained\n");
});
