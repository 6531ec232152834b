/**
 * The papermill plugin's Python side: ruff-clean, and its pytest suite (unit, install, and end to end through
 * papermill and the real kernel) passes. pytest's own report is printed when it fails.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { jupyterEnv, ROOT, venvBin } from "../../scripts/jupyter-env";

jest.setTimeout(600_000);

const CONFIG = path.join(ROOT, "python", "pyproject.toml");
const PATHS = [
  path.join(ROOT, "python"),
  path.join(ROOT, "tests", "python"),
  path.join(ROOT, "tests", "kernel", "kernel_parent.py"),
  path.join(ROOT, "bench", "classroom_driver.py"),
];

function run(program: string, args: string[]) {
  const result = spawnSync(program, args, {
    cwd: ROOT,
    env: jupyterEnv({ TSLAB_ASYNCIO_NODE: process.execPath }),
    encoding: "utf8",
    timeout: 540_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

test("the plugin and its tests are ruff-clean (lint and format)", () => {
  const lint = run(venvBin("ruff"), ["check", "--no-cache", "--config", CONFIG, ...PATHS]);
  expect(lint.output).toContain("All checks passed");
  expect(lint.status).toBe(0);
  const format = run(venvBin("ruff"), ["format", "--no-cache", "--check", "--config", CONFIG, ...PATHS]);
  expect({ status: format.status, output: format.output }).toEqual({ status: 0, output: expect.any(String) });
});

test("the pytest suite passes", () => {
  const pytest = run(venvBin("python"), ["-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/python"]);
  if (pytest.status !== 0)
    throw new Error(`pytest exited with ${pytest.status}:\n${pytest.output.slice(-8000)}`);
  expect(pytest.output).toMatch(/\d+ passed/);
  expect(pytest.output).not.toMatch(/\d+ (failed|error)/);
});
