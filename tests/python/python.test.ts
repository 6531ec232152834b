/**
 * The repository's Python side: every Python file in it (the papermill plugin and its build backend, the test
 * and bench drivers, the scripts) is ruff-clean, lint and format, with the annotations ruff's ANN rules ask
 * for; and the plugin's pytest suite (unit, install, and end to end through papermill and the real kernel)
 * passes. pytest's own report is printed when it fails.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { jupyterEnv, ROOT, venvBin } from "../../scripts/jupyter-env";

jest.setTimeout(600_000);

const CONFIG = path.join(ROOT, "python", "pyproject.toml");

// Directories the walk leaves out: dependencies, build output and caches (git ignores them too).
const NOT_SOURCES = new Set([
  ".git",
  ".venv",
  ".setup-stamps",
  "__pycache__",
  "build",
  "labextension",
  "lib",
  "lib-lab",
  "node_modules",
]);

/** Python files under `dir`, relative to ROOT, without following symbolic links. */
function walkPythonFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !NOT_SOURCES.has(entry.name)) found.push(...walkPythonFiles(full));
    else if (entry.isFile() && entry.name.endsWith(".py")) found.push(path.relative(ROOT, full));
  }
  return found;
}

/** The Python files git tracks, plus new ones it does not ignore; null where git or a checkout is missing. */
function gitPythonFiles(): string[] | null {
  const args = ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.py"];
  const git = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  if (git.error || git.status !== 0) return null;
  // A tracked file deleted in the work tree is listed by --cached; there is nothing left to lint.
  return git.stdout.split("\0").filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)));
}

/**
 * Every Python file of the repository, relative to ROOT. New files count as soon as they exist, so one
 * cannot escape the lint by not being listed anywhere. Without git (an unpacked archive), a walk of ROOT.
 */
function pythonFiles(): string[] {
  return [...new Set(gitPythonFiles() ?? walkPythonFiles(ROOT))].sort();
}

function run(program: string, args: string[]) {
  const result = spawnSync(program, args, {
    cwd: ROOT,
    env: jupyterEnv({ TSLAB_ASYNCIO_NODE: process.execPath }),
    encoding: "utf8",
    timeout: 540_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

test("the Python files are found by git and, without git, by the directory walk", () => {
  const files = pythonFiles();
  // Files in every part of the tree, including python/_build, which ruff skips when it walks by itself.
  expect(files).toEqual(
    expect.arrayContaining([
      path.join("python", "_build", "backend.py"),
      path.join("python", "tslab_asyncio_papermill", "translator.py"),
      path.join("tests", "support", "kernel_bridge.py"),
      path.join("bench", "kernel-driver.py"),
      path.join("scripts", "run_notebooks.py"),
    ]),
  );
  expect(walkPythonFiles(ROOT)).toEqual(expect.arrayContaining(files));
});

test("every Python file is ruff-clean (lint, annotations included, and format)", () => {
  const files = pythonFiles();
  // Named one by one, so ruff's default exclusions (_build, build, ...) do not apply to them.
  const lint = run(venvBin("ruff"), ["check", "--no-cache", "--config", CONFIG, ...files]);
  expect(lint.output).toContain("All checks passed");
  expect(lint.status).toBe(0);
  const format = run(venvBin("ruff"), ["format", "--no-cache", "--check", "--config", CONFIG, ...files]);
  expect({ status: format.status, output: format.output }).toEqual({
    status: 0,
    output: expect.stringContaining(`${files.length} files already formatted`),
  });
});

test("the pytest suite passes", () => {
  const pytest = run(venvBin("python"), ["-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/python"]);
  if (pytest.status !== 0)
    throw new Error(`pytest exited with ${pytest.status}:\n${pytest.output.slice(-8000)}`);
  expect(pytest.output).toMatch(/\d+ passed/);
  expect(pytest.output).not.toMatch(/\d+ (failed|error)/);
});
