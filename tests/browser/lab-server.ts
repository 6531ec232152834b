/**
 * A throwaway JupyterLab server for browser tests: .venv's `jupyter lab` on 127.0.0.1 with a free port, a
 * random token, and every per-user Jupyter directory under build/browser/ (the data dir stays default, so
 * the labextension installed in .venv/share/jupyter is found).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM, HEADLESS_ARGS } from "../../scripts/chromium";
import { jupyterEnv, ROOT, venvBin } from "../../scripts/jupyter-env";

export interface LabServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  token: string;
  /** Per-run Jupyter config, runtime, settings and workspace directories. */
  stateDir: string;
  /** URL that opens `file` (relative to the root dir) in JupyterLab. */
  url(file: string): string;
  stop(): Promise<void>;
  log(): string;
}

export const ARTIFACTS = path.join(ROOT, "build", "browser");

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts JupyterLab serving `rootDir`; resolves once its REST API answers. */
export async function startLab(rootDir: string, timeoutMs = 90_000): Promise<LabServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const state = fs.mkdtempSync(path.join(ARTIFACTS, "jupyter-"));
  const dirs = {
    JUPYTER_CONFIG_DIR: path.join(state, "config"),
    JUPYTER_RUNTIME_DIR: path.join(state, "runtime"),
    JUPYTERLAB_SETTINGS_DIR: path.join(state, "settings"),
    JUPYTERLAB_WORKSPACES_DIR: path.join(state, "workspaces"),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  // No "fetch news?" toast over the notebook.
  const notify = path.join(dirs.JUPYTERLAB_SETTINGS_DIR, "@jupyterlab", "apputils-extension");
  fs.mkdirSync(notify, { recursive: true });
  fs.writeFileSync(path.join(notify, "notification.jupyterlab-settings"), '{ "fetchNews": "false" }\n');
  const proc: ChildProcess = spawn(
    venvBin("jupyter"),
    [
      "lab",
      "--no-browser",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${rootDir}`,
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      // window.jupyterapp, so tests can run commands such as switching the theme.
      "--LabApp.expose_app_in_browser=True",
      // Containers often run tests as root; the server refuses that unless told.
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ],
    { env: jupyterEnv(dirs), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const server: LabServer = {
    base,
    token,
    stateDir: state,
    url: (file) => `${base}/lab/tree/${encodeURI(file)}?token=${token}`,
    log: () => log,
    async stop() {
      if (proc.exitCode !== null || proc.pid === undefined) return;
      // The server and the kernels it started share our process group id: end them all, then wait.
      try {
        process.kill(-proc.pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-(proc.pid as number), "SIGKILL");
        } catch {
          /* already gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`jupyter lab exited with ${proc.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${base}/api/status?token=${token}`);
      if (res.ok) return server;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`jupyter lab did not answer within ${timeoutMs} ms:\n${log}`);
}

/** A notebook (nbformat 4) whose code cells carry the given outputs and no kernel needs to run. */
export function notebook(cells: { source: string; outputs: object[] }[]): string {
  return JSON.stringify(
    {
      cells: cells.map((c, i) => ({
        cell_type: "code",
        execution_count: i + 1,
        id: `cell-${i}`,
        metadata: {},
        source: c.source,
        outputs: c.outputs,
      })),
      metadata: {
        kernelspec: { display_name: "Python 3", language: "python", name: "python3" },
        language_info: { name: "python" },
      },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

/**
 * `describe` when Chromium is installed; otherwise `describe.skip`, after printing why (a missing optional
 * resource is the only reason a test here may be skipped).
 */
export function describeWithChromium(): jest.Describe {
  if (fs.existsSync(CHROMIUM)) return describe;
  console.log(`Skipping browser tests: ${CHROMIUM} is missing (apt-get install chromium).`);
  return describe.skip;
}

/**
 * Debian Chromium with a fresh profile under build/browser/ (returned so the caller removes it), and its
 * first page.
 */
export async function launchChromium(viewport: {
  width: number;
  height: number;
}): Promise<{ context: BrowserContext; page: Page; profile: string }> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(ARTIFACTS, "chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...HEADLESS_ARGS],
    viewport,
  });
  return { context, page: context.pages()[0] ?? (await context.newPage()), profile };
}
