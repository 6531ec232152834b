/**
 * `tslab-asyncio install --node PATH` writes a kernelspec for the Node.js the user picks (nvm and fnm users
 * have several), defaults to the Node running the installer, and refuses a path that is not a usable Node.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../../../scripts/jupyter-env";

const CLI = path.join(ROOT, "bin", "tslab-asyncio.js");
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

jest.setTimeout(60_000);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-asyncio-node-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const specIn = (prefix: string): { argv: string[] } =>
  JSON.parse(
    fs.readFileSync(path.join(prefix, "share", "jupyter", "kernels", "tslab-asyncio", "kernel.json"), "utf8"),
  ) as { argv: string[] };

test("--help names the supported Node.js lines and --node", () => {
  const run = cli("install", "--help");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("--node PATH");
  expect(run.stdout).toContain("Supported Node.js lines: 20, 22, 24 and 26");
});

test("without --node the kernelspec runs the installer's Node, with the flags the watchdog needs", () => {
  const run = cli("install", "--prefix", dir, "--no-labextension");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(`running Node.js ${process.version} (${process.execPath})`);
  expect(specIn(dir).argv.slice(0, 2)).toEqual([process.execPath, "--expose-internals"]);
});

test("--node PATH writes that Node (as an absolute path) into the kernelspec", () => {
  const link = path.join(dir, "other-node");
  fs.symlinkSync(process.execPath, link);
  const prefix = path.join(dir, "prefix");
  const run = cli(
    "install",
    "--prefix",
    prefix,
    "--no-labextension",
    "--node",
    path.relative(process.cwd(), link),
  );
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(specIn(prefix).argv[0]).toBe(link);
  expect(run.stdout).toContain(`running Node.js ${process.version} (${link})`);
});

test("--node with a missing file is refused with a clear error and writes nothing", () => {
  const prefix = path.join(dir, "prefix");
  const run = cli("install", "--prefix", prefix, "--no-labextension", "--node", path.join(dir, "nope"));
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`--node ${path.join(dir, "nope")}: no such file`);
  expect(fs.existsSync(path.join(prefix, "share", "jupyter", "kernels", "tslab-asyncio"))).toBe(false);
});

test("--node with a program that is not Node.js is refused", () => {
  const fake = path.join(dir, "not-node");
  fs.writeFileSync(fake, "#!/bin/sh\necho hello\n", { mode: 0o755 });
  const run = cli("install", "--prefix", dir, "--no-labextension", "--node", fake);
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/--node .*not-node is Node\.js hello; tslab-asyncio needs 20 or newer/);
});

test("--node on an untested line installs and says the line is untested, naming the tested ones", () => {
  // Stands in for a Node.js 25 binary: the installer only asks it for its version.
  const fake = path.join(dir, "node25");
  fs.writeFileSync(fake, "#!/bin/sh\necho v25.0.0\n", { mode: 0o755 });
  const run = cli("install", "--prefix", dir, "--no-labextension", "--node", fake);
  expect(run.status).toBe(0);
  expect(run.stderr).toContain("Node.js v25.0.0 is not a tested line (tested: 20, 22, 24 and 26)");
  expect(specIn(dir).argv[0]).toBe(fake);
});
