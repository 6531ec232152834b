/**
 * Re-running ./setup.sh is fast and changes nothing: every step reports "up to date", nothing is fetched
 * (npm and pip are forced offline), and the installed kernelspec and labextension are byte-identical.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../../scripts/jupyter-env";

jest.setTimeout(120_000);

function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const stat = fs.statSync(full);
    out[path.relative(dir, full)] =
      createHash("sha256").update(fs.readFileSync(full)).digest("hex") + `@${stat.mtimeMs}`;
  }
  return out;
}

function setup() {
  const run = spawnSync("bash", [path.join(ROOT, "setup.sh")], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, npm_config_offline: "true", PIP_NO_INDEX: "1" },
  });
  if (run.status !== 0) throw new Error(`setup.sh failed:\n${run.stdout}\n${run.stderr}`);
  return run;
}

test("a second ./setup.sh re-downloads nothing and leaves the same installation", () => {
  // The first run brings the tree up to date (sources may have changed since the last setup); the second
  // run, right after it, must be a pure no-op.
  setup();
  const share = path.join(ROOT, ".venv", "share", "jupyter");
  const watched = [
    path.join(share, "kernels", "tslab-asyncio"),
    path.join(share, "labextensions", "tslab-asyncio"),
  ];
  const before = watched.map(treeDigest);
  const run = setup();
  for (const step of [
    "Installing npm packages",
    "Building TypeScript",
    "Creating .venv",
    "Building the JupyterLab extension",
  ]) {
    const section = run.stdout.split("==> ").find((s) => s.startsWith(step)) ?? "";
    expect(section).toContain("up to date");
  }
  expect(run.stdout).toMatch(/setup\.sh finished in [0-9.]+ s/);
  expect(watched.map(treeDigest)).toEqual(before);
});
