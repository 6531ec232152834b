/**
 * `tslab-asyncio install` registers a working kernelspec where the user asks, and says clearly what is wrong
 * with bad arguments.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { jupyterEnv, ROOT, venvBin } from "../../../scripts/jupyter-env";

const CLI = path.join(ROOT, "bin", "tslab-asyncio.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

jest.setTimeout(60_000);

test("--help documents install and its flags", () => {
  const run = cli("--help");
  expect(run.status).toBe(0);
  for (const flag of ["install", "--prefix DIR", "--sys-prefix", "--user", "--no-labextension"]) {
    expect(run.stdout).toContain(flag);
  }
});

test("an unknown flag is refused with a clear error", () => {
  const run = cli("install", "--prefx", "/tmp/x");
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/Unknown option '--prefx'.*--help/);
});

test("conflicting destinations are refused", () => {
  const run = cli("install", "--prefix", "/tmp/x", "--user");
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("Choose one of --prefix DIR, --sys-prefix and --user");
});

test("an unknown command is refused", () => {
  const run = cli("instal");
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('unknown command "instal"');
});

test("install --prefix writes a kernelspec Jupyter finds and the labextension", () => {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-prefix-"));
  const run = cli("install", "--prefix", prefix);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const kernelDir = path.join(prefix, "share", "jupyter", "kernels", "tslab-asyncio");
  const spec = JSON.parse(fs.readFileSync(path.join(kernelDir, "kernel.json"), "utf8"));
  expect(spec.display_name).toBe("TypeScript (tslab-asyncio)");
  // Node's options: the watchdog's internals, and one V8 helper thread (keeps a core for the event loop).
  expect(spec.argv.slice(1, -3)).toEqual(["--expose-internals", "--v8-pool-size=1"]);
  expect(spec.argv.slice(-3)).toEqual([
    path.join(ROOT, "lib", "kernel", "launcher.js"),
    "--config-path",
    "{connection_file}",
  ]);
  expect(spec.env).toEqual({ MALLOC_ARENA_MAX: "2", TSLAB_ASYNCIO_PROCESS_ENV: "MALLOC_ARENA_MAX" });
  expect(
    fs.existsSync(path.join(prefix, "share", "jupyter", "labextensions", "tslab-asyncio", "package.json")),
  ).toBe(true);
  const list = spawnSync(venvBin("jupyter"), ["kernelspec", "list", "--json"], {
    env: jupyterEnv({ JUPYTER_PATH: path.join(prefix, "share", "jupyter") }),
    encoding: "utf8",
  });
  const specs = JSON.parse(list.stdout).kernelspecs as Record<string, { resource_dir: string }>;
  expect(Object.values(specs).map((s) => s.resource_dir)).toContain(kernelDir);
});
