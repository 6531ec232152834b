/**
 * Runs the standard `jupyter_kernel_test` suite (tests/kernel/tslab_kernel_suite.py) against the
 * tslab-asyncio kernelspec and requires every test to pass, none skipped except the pager (tslab has none).
 */
import { spawnSync } from "node:child_process";
import { jupyterEnv, venvBin } from "../../scripts/jupyter-env";

jest.setTimeout(240_000);

test("jupyter_kernel_test passes completely", () => {
  const run = spawnSync(venvBin("python"), ["-m", "unittest", "-v", "tslab_kernel_suite"], {
    cwd: __dirname,
    env: jupyterEnv(),
    encoding: "utf8",
    timeout: 220_000,
  });
  const report = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`jupyter_kernel_test failed:\n${report.slice(-6000)}`);
  const skipped = report.split("\n").filter((l) => /\.\.\. skipped/.test(l));
  expect(skipped.filter((l) => !l.includes("test_pager"))).toEqual([]);
  expect(report).toMatch(/^OK/m);
});
