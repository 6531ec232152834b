/**
 * Registers the `tslab-asyncio` kernelspec (and the prebuilt JupyterLab extension) in a Jupyter data
 * directory, the way `tslab install` and `deno jupyter --install` do, without needing jupyter_client.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { VERSION } from "./version";
import { NODE_FLAGS } from "./watchdog";

/** Kernelspec name; other tools depend on it. */
export const KERNEL_NAME = "tslab-asyncio";
/** Name shown in JupyterLab's launcher and kernel picker. */
export const DISPLAY_NAME = "TypeScript (tslab-asyncio)";

/** Where to install: exactly one of the three, or none for the per-user directory. */
export interface InstallKernelspecOptions {
  /** Install under `PREFIX/share/jupyter`. */
  prefix?: string;
  /** Install under the `sys.prefix` of {@link python} (a virtualenv or conda env). */
  sysPrefix?: boolean;
  /** Install into the per-user Jupyter data directory (`jupyter --data-dir`). */
  user?: boolean;
  /** Python used to locate `sys.prefix` or the user data directory. Default `python3`. */
  python?: string;
  /** Also install the prebuilt JupyterLab extension next to the kernelspec. Default `true`. */
  labextension?: boolean;
  /**
   * Node.js executable the kernel runs on (people with nvm or fnm have several). Must be Node.js 20 or newer.
   * Default: the one running now.
   */
  node?: string;
}

/** What {@link installKernelspec} wrote. */
export interface InstallResult {
  kernelDir: string;
  labextensionDir?: string;
  /** Absolute path of the Node.js written into the kernelspec. */
  node: string;
  /** Its version, as `process.version` spells it. */
  nodeVersion: string;
}

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

function pythonValue(python: string, code: string): string {
  try {
    return execFileSync(python, ["-c", code], { encoding: "utf8" }).trim();
  } catch (e) {
    throw new Error(
      `Could not run ${python} to locate the Jupyter directory (${(e as Error).message.split("\n")[0]}). ` +
        "Pass --python PATH to a Python that has Jupyter installed, or use --prefix DIR.",
    );
  }
}

/** Resolves the `share/jupyter` data directory the options point at. */
export function dataDirFor(options: InstallKernelspecOptions): string {
  const chosen = [options.prefix !== undefined, !!options.sysPrefix, !!options.user].filter(Boolean).length;
  if (chosen > 1) {
    throw new Error("Choose one of --prefix DIR, --sys-prefix and --user, not several.");
  }
  const python = options.python ?? "python3";
  if (options.prefix !== undefined) return path.resolve(options.prefix, "share", "jupyter");
  if (options.sysPrefix)
    return path.join(pythonValue(python, "import sys; print(sys.prefix)"), "share", "jupyter");
  return pythonValue(python, "from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())");
}

/**
 * Checks that `node` is a Node.js executable of a usable line; returns its absolute path and version.
 *
 * @throws Error naming the path and what is wrong with it.
 */
export function checkNode(node: string): { node: string; version: string } {
  const abs = path.resolve(node);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
    throw new Error(
      `--node ${node}: no such file. Pass the path of a Node.js executable (e.g. $(which node)).`,
    );
  }
  let version: string;
  try {
    version = execFileSync(abs, ["-p", "process.version"], { encoding: "utf8", timeout: 30_000 }).trim();
  } catch (e) {
    throw new Error(
      `--node ${node}: could not run it as Node.js (${(e as Error).message.split("\n")[0]}). ` +
        "Pass the path of a Node.js executable.",
    );
  }
  const major = Number(/^v(\d+)\./.exec(version)?.[1]);
  if (!(major >= 20)) {
    throw new Error(
      `--node ${node} is Node.js ${version || "(unknown version)"}; tslab-asyncio needs 20 or newer.`,
    );
  }
  return { node: abs, version };
}

/**
 * Environment for the kernel process itself, which the launcher removes again (`forgetKernelProcessEnv`)
 * so that processes a cell starts do not inherit it. `MALLOC_ARENA_MAX`: glibc gives every thread that
 * allocates its own malloc arena and keeps what was freed in it; with the kernel's three threads (main,
 * compiler, control) two arenas kept the idle kernel 10–20 MB smaller on Node 20, 22 and 24 and about 20
 * MB on Node 26, with no round-trip difference (read once, when the process starts).
 */
export const KERNEL_PROCESS_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: "2",
  TSLAB_ASYNCIO_PROCESS_ENV: "MALLOC_ARENA_MAX",
};

/**
 * Removes {@link KERNEL_PROCESS_ENV} from `env` (the names the kernelspec listed in
 * `TSLAB_ASYNCIO_PROCESS_ENV`, and that list), leaving a value the user set some other way alone.
 */
export function forgetKernelProcessEnv(env: NodeJS.ProcessEnv = process.env): void {
  const names = env.TSLAB_ASYNCIO_PROCESS_ENV;
  if (names === undefined) return;
  for (const name of names.split(",")) {
    if (env[name] === KERNEL_PROCESS_ENV[name]) delete env[name];
  }
  delete env.TSLAB_ASYNCIO_PROCESS_ENV;
}

/**
 * Node options for the kernel process besides the watchdog's. `--v8-pool-size=1`: V8's helper threads
 * (parallel and concurrent collection, background optimisation; 4 by default) serve the compile worker's
 * large heap while a cell compiles, and on a 2-core machine they and the compiler took both cores, so the
 * notebook's event loop waited for the scheduler: a 1 ms interval saw a median 9.2 ms gap during a 50-line
 * compile with the default pool and 4.8 ms with one helper, round trip, start-up and memory unchanged.
 */
export const KERNEL_NODE_OPTIONS: readonly string[] = ["--v8-pool-size=1"];

/**
 * The kernel.json we write: Node (with {@link NODE_FLAGS} and {@link KERNEL_NODE_OPTIONS}) on our launcher,
 * signal interrupts, metadata.
 */
export function kernelJson(node: string = process.execPath): Record<string, unknown> {
  return {
    argv: [
      node,
      ...NODE_FLAGS,
      ...KERNEL_NODE_OPTIONS,
      path.join(PACKAGE_ROOT, "lib", "kernel", "launcher.js"),
      "--config-path",
      "{connection_file}",
    ],
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    env: { ...KERNEL_PROCESS_ENV },
    // jupyter_client (8.10+) provisions CurveZMQ keys only for kernels that declare they serve Curve.
    metadata: { "tslab-asyncio": { version: VERSION }, supported_encryption: ["curve"] },
  };
}

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="8" fill="#3178c6"/><text x="32" y="42" font-family="sans-serif" font-size="26" font-weight="700" fill="#fff" text-anchor="middle">TS</text><circle cx="52" cy="12" r="6" fill="#ffd43b"/></svg>\n`;

/** Relative path → content of every file under `dir` (empty when it does not exist). */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), fs.readFileSync(full));
  }
  return files;
}

/** Makes `to` a copy of `from`; leaves it untouched when it already is one, so re-installs are no-ops. */
function syncDir(from: string, to: string): void {
  const want = snapshot(from);
  const have = snapshot(to);
  const same = want.size === have.size && [...want].every(([k, v]) => have.get(k)?.equals(v));
  if (same) return;
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

/** Writes `text` to `file` unless it already holds exactly that. */
function writeIfChanged(file: string, text: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return;
  fs.writeFileSync(file, text);
}

/**
 * Writes the kernelspec and, by default, the prebuilt labextension.
 *
 * @throws Error when the options conflict, Python cannot be run, or the package was not built.
 * @example
 * ```ts
 * import { installKernelspec } from "tslab-asyncio/kernel";
 * installKernelspec({ prefix: "/tmp/jupyter-prefix", labextension: false });
 * ```
 */
export function installKernelspec(options: InstallKernelspecOptions = {}): InstallResult {
  const dataDir = dataDirFor(options);
  const launcher = path.join(PACKAGE_ROOT, "lib", "kernel", "launcher.js");
  if (!fs.existsSync(launcher)) {
    throw new Error(`The kernel launcher ${launcher} is missing. Build the package first (npm run build).`);
  }
  const node =
    options.node === undefined
      ? { node: process.execPath, version: process.version }
      : checkNode(options.node);
  const kernelDir = path.join(dataDir, "kernels", KERNEL_NAME);
  fs.mkdirSync(kernelDir, { recursive: true });
  writeIfChanged(path.join(kernelDir, "kernel.json"), JSON.stringify(kernelJson(node.node), null, 2) + "\n");
  writeIfChanged(path.join(kernelDir, "logo-svg.svg"), LOGO_SVG);
  const result: InstallResult = { kernelDir, node: node.node, nodeVersion: node.version };
  if (options.labextension !== false) {
    const built = path.join(PACKAGE_ROOT, "labextension");
    if (!fs.existsSync(path.join(built, "package.json"))) {
      throw new Error(
        `The prebuilt JupyterLab extension ${built} is missing. Build it (npm run build) or pass --no-labextension.`,
      );
    }
    result.labextensionDir = path.join(dataDir, "labextensions", KERNEL_NAME);
    syncDir(built, result.labextensionDir);
  }
  return result;
}
