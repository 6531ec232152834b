/**
 * Installs the papermill plugin shipped in this package's `python/` folder into a user's Python, offline:
 * pip builds it with the package's own standard-library backend, so nothing is fetched. Skipped when that
 * Python already has exactly these files.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
/** The plugin's source tree inside this package. */
export const PLUGIN_DIR = path.join(PACKAGE_ROOT, "python");
const MODULE = "tslab_asyncio_papermill";

/** What {@link installPapermillPlugin} did. */
export interface PluginInstallResult {
  /** Where the plugin's module lives in that Python. */
  moduleDir: string;
  /** False when the same files were already installed. */
  changed: boolean;
}

// Prints the installed module's folder and whether its entry point is registered, or "" when absent.
const PROBE = `
import importlib.util, json, sys
try:
    from importlib.metadata import entry_points
    eps = entry_points()
    group = eps.select(group="papermill.engine") if hasattr(eps, "select") else eps.get("papermill.engine", [])
    registered = any(ep.value.startswith("${MODULE}.") for ep in group)
except Exception:
    registered = False
spec = importlib.util.find_spec("${MODULE}")
where = list(spec.submodule_search_locations or []) if spec else []
print(json.dumps({"dir": where[0] if where else "", "registered": registered}))
`;

function sameFiles(installedDir: string): boolean {
  const ours = path.join(PLUGIN_DIR, MODULE);
  return fs
    .readdirSync(ours)
    .filter((name) => fs.statSync(path.join(ours, name)).isFile())
    .every((name) => {
      const there = path.join(installedDir, name);
      return fs.existsSync(there) && fs.readFileSync(there).equals(fs.readFileSync(path.join(ours, name)));
    });
}

function run(python: string, args: string[]): string {
  return execFileSync(python, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Installs (or updates) the papermill plugin into `python`'s environment with its pip, without network.
 *
 * @param python Path or name of the Python to install into.
 * @throws Error naming what to do when Python or its pip cannot be run, or pip fails.
 */
export function installPapermillPlugin(python: string): PluginInstallResult {
  let probe: { dir: string; registered: boolean };
  try {
    probe = JSON.parse(run(python, ["-c", PROBE])) as { dir: string; registered: boolean };
  } catch (e) {
    throw new Error(
      `Could not run ${python} to install the papermill plugin (${(e as Error).message.split("\n")[0]}). ` +
        "Pass --python PATH to the Python that runs papermill, or --no-papermill to skip it.",
    );
  }
  if (probe.dir && probe.registered && sameFiles(probe.dir)) return { moduleDir: probe.dir, changed: false };
  try {
    run(python, [
      ...["-m", "pip", "install", "--quiet", "--disable-pip-version-check"],
      ...["--no-index", "--no-deps", "--no-build-isolation", PLUGIN_DIR],
    ]);
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? "").trim();
    const detail = stderr.split("\n").slice(-3).join(" ") || (e as Error).message.split("\n")[0];
    throw new Error(
      `${python} -m pip could not install the papermill plugin from ${PLUGIN_DIR}: ${detail}. ` +
        `If that Python has no pip, run \`${python} -m ensurepip\` first, or pass --no-papermill to skip it.`,
    );
  }
  const after = JSON.parse(run(python, ["-c", PROBE])) as { dir: string; registered: boolean };
  if (!after.dir || !after.registered) {
    throw new Error(`pip reported success but ${python} does not find the papermill plugin afterwards.`);
  }
  return { moduleDir: after.dir, changed: true };
}
