/**
 * `npm run test:node -- LINE` refuses a malformed line clearly, and once a line's Node is cached under
 * build/node/ it works with the registry unreachable: it takes the cached binary and writes a kernelspec for it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../../../scripts/jupyter-env";

const SCRIPT = path.join(ROOT, "scripts", "test-node.js");

jest.setTimeout(120_000);

test("a malformed line is refused with what was expected", () => {
  const run = spawnSync(process.execPath, [SCRIPT, "latest"], { encoding: "utf8" });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(
    "expected a Node.js line or version, e.g. `npm run test:node -- 24`; got latest",
  );
});

test("with the registry unreachable it uses the newest cached Node of the line", () => {
  // A made-up line, so no real cache entry is touched; its "binary" is this Node.
  const cached = ["99.0.1", "99.0.10"].map((v) => path.join(ROOT, "build", "node", v));
  try {
    for (const dir of cached) {
      fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
      fs.symlinkSync(process.execPath, path.join(dir, "bin", "node"));
    }
    const run = spawnSync(process.execPath, [SCRIPT, "99", "--listTests"], {
      encoding: "utf8",
      env: { ...process.env, npm_config_registry: "http://127.0.0.1:9/", npm_config_fetch_retries: "0" },
    });
    expect(run.stdout).toContain("the npm registry did not answer; using the cached Node.js 99.0.10");
    expect(run.status).toBe(0);
    const spec = JSON.parse(
      fs.readFileSync(
        path.join(cached[1], "jupyter", "share", "jupyter", "kernels", "tslab-asyncio", "kernel.json"),
        "utf8",
      ),
    ) as { argv: string[] };
    expect(spec.argv[0]).toBe(path.join(cached[1], "bin", "node"));
    expect(run.stdout).toContain(path.join("tests", "kernel", "interrupt-anywhere.test.ts"));
  } finally {
    for (const dir of cached) fs.rmSync(dir, { recursive: true, force: true });
  }
});
