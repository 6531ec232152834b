/**
 * The kernel exits by itself when the process that launched it dies without shutting it down — the parent
 * is killed with SIGKILL here, so nothing polite happens. ipykernel is held to the same test as the anchor.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import { jupyterEnv, ROOT, venvBin } from "../../scripts/jupyter-env";
import { descendants, isRunning, waitGone } from "../support/processes";

jest.setTimeout(120_000);

async function startThroughParent(kernelName: string): Promise<{ parent: number; kernel: number }> {
  const proc = spawn(
    venvBin("python"),
    [path.join(__dirname, "kernel_parent.py"), kernelName, path.join(ROOT, "notebooks")],
    {
      env: jupyterEnv(),
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = readline.createInterface({ input: proc.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    proc.once("exit", (code) =>
      reject(new Error(`kernel_parent.py exited with ${code} before the kernel was ready`)),
    );
  });
  lines.close();
  return JSON.parse(first) as { parent: number; kernel: number };
}

test.each(["tslab-asyncio", "python3"])(
  "%s exits once its parent is killed with SIGKILL",
  async (kernelName) => {
    const { parent, kernel } = await startThroughParent(kernelName);
    try {
      // While the parent lives, the kernel stays: the watch must not fire by mistake.
      await new Promise((r) => setTimeout(r, 2500));
      expect(isRunning(kernel)).toBe(true);
      process.kill(parent, "SIGKILL");
      expect(await waitGone([parent], 10_000)).toEqual([]);
      expect(await waitGone([kernel], 15_000)).toEqual([]);
    } finally {
      for (const pid of [parent, kernel, ...descendants(kernel)])
        if (isRunning(pid)) process.kill(pid, "SIGKILL");
    }
  },
);
