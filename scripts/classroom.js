#!/usr/bin/env node
// `npm run classroom -- [--users N | --users ann,bob] [--port PORT] [--password PW] [--dir DIR]`
//
// A class on this machine: JupyterHub from .venv behind configurable-http-proxy (from node_modules), on
// 127.0.0.1 only. Students log in with one shared password; each gets a JupyterLab server
// (SimpleLocalProcessSpawner) whose home, under DIR/homes/, starts with the tutorial notebooks. The kernel
// and the timeline renderer come from .venv's sys-prefix, so nothing is fetched while the class runs.
// Ctrl+C (or SIGTERM) stops the hub, every student's server and kernel, and checks that none is left.
"use strict";
const { spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const path = require("node:path");
const { setInterval, clearInterval } = require("node:timers");
const { parseArgs } = require("node:util");
const { ROOT, VENV, venvBin, jupyterEnv } = require("./jupyter-env");

const USAGE = `Usage: npm run classroom -- [--users N | --users NAME,NAME,...] [--port PORT] [--password PW] [--dir DIR]

  --users     how many students (named student01, student02, ...) or their names. Default 10.
  --port      port of the class URL on 127.0.0.1; 0 picks a free one. Default 8000.
  --password  the shared password, at least 8 characters. Default: $CLASSROOM_PASSWORD, else a random one.
  --dir       where the hub keeps its database, logs and the students' homes. Default build/classroom.
`;

const NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/** Parses and checks the command line; throws an Error saying what is wrong and what to pass instead. */
function parseOptions(argv, env = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: "string", default: "10" },
      port: { type: "string", default: "8000" },
      password: { type: "string" },
      dir: { type: "string", default: path.join(ROOT, "build", "classroom") },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { help: true };
  let users;
  if (/^\d+$/.test(values.users)) {
    const n = Number(values.users);
    if (n < 1 || n > 200) throw new Error(`--users ${values.users}: give between 1 and 200 students.`);
    users = Array.from({ length: n }, (_, i) => `student${String(i + 1).padStart(2, "0")}`);
  } else {
    users = values.users.split(",").map((u) => u.trim());
    const bad = users.filter((u) => !NAME.test(u));
    if (bad.length)
      throw new Error(
        `--users: ${bad.map((b) => JSON.stringify(b)).join(", ")} cannot be a user name. ` +
          "Use lower-case letters, digits, - and _, starting with a letter (at most 32 characters).",
      );
    if (new Set(users).size !== users.length) throw new Error("--users: a name is listed twice.");
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    throw new Error(`--port ${values.port}: give a port number from 1 to 65535, or 0 for a free one.`);
  const password = values.password ?? env.CLASSROOM_PASSWORD ?? crypto.randomBytes(9).toString("base64url");
  if (password.length < 8)
    throw new Error(`The shared password has ${password.length} characters; JupyterHub needs at least 8.`);
  return { users, port, password, dir: path.resolve(values.dir) };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves with the HTTP status of a GET, or 0 when nothing answers. */
function status(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
  });
}

/** Copies `from` into `to` file by file, never overwriting what a student already has. */
function copyMissing(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyMissing(src, dst);
    else if (entry.isFile() && !fs.existsSync(dst)) fs.copyFileSync(src, dst);
  }
}

/** Each student's home starts with the tutorials (notebooks/*.ipynb and notebooks/data/). */
function prepareHomes(homes, users) {
  fs.mkdirSync(homes, { recursive: true });
  // tslab type-checks `import "tslab-asyncio"` by Node10 resolution from the notebook's folder (the home):
  // a node_modules/ beside the homes makes it resolve wherever DIR is. NODE_PATH would not do for tsc.
  const modules = path.join(homes, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  const link = path.join(modules, "tslab-asyncio");
  if (!fs.existsSync(link)) fs.symlinkSync(ROOT, link, "dir");
  const tutorials = path.join(ROOT, "notebooks");
  for (const user of users) {
    const home = path.join(homes, user);
    fs.mkdirSync(home, { recursive: true });
    for (const f of fs.readdirSync(tutorials).filter((n) => n.endsWith(".ipynb"))) {
      const dst = path.join(home, f);
      if (!fs.existsSync(dst)) fs.copyFileSync(path.join(tutorials, f), dst);
    }
    copyMissing(path.join(tutorials, "data"), path.join(home, "data"));
    // JupyterLab would offer to fetch its news feed from the internet: off (students can turn it on).
    // (Under ~/.config/jupyter: the servers run with JUPYTER_PLATFORM_DIRS=1.)
    const settings = path.join(
      home,
      ".config",
      "jupyter",
      "lab",
      "user-settings",
      "@jupyterlab",
      "apputils-extension",
    );
    fs.mkdirSync(settings, { recursive: true });
    const notify = path.join(settings, "notification.jupyterlab-settings");
    if (!fs.existsSync(notify)) fs.writeFileSync(notify, '{ "fetchNews": "false" }\n');
  }
}

/** jupyterhub_config.py: every value comes in as one JSON document, so nothing needs Python quoting. */
function hubConfig(settings) {
  return `# Written by scripts/classroom.js on each start; edit that script (or pass its options) instead.
import json
import os

s = json.loads(${JSON.stringify(JSON.stringify(settings))})
c = get_config()  # noqa: F821

c.JupyterHub.bind_url = s["url"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s["hub_port"]
c.JupyterHub.db_url = "sqlite:///" + s["db"]
c.JupyterHub.cookie_secret_file = s["cookie_secret"]
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

c.ConfigurableHTTPProxy.command = s["proxy_command"]
c.ConfigurableHTTPProxy.api_url = s["proxy_api_url"]

# One shared password for the class (JupyterHub 5+ also needs the list of who may log in).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["CLASSROOM_PASSWORD"]
c.Authenticator.allowed_users = set(s["users"])

# Every student's server runs as this machine user, in its own home.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = s["homes"] + "/{username}"
c.Spawner.cmd = [s["singleuser"]]
# Running as root needs --allow-root; a terminal would hand students this machine's shell; JupyterLab
# must not look for updates on the internet.
c.Spawner.args = [
    "--allow-root",
    "--ServerApp.terminals_enabled=False",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
]
c.Spawner.default_url = "/lab"
c.Spawner.environment = s["environment"]
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

# The teacher's (and the tests') API token, sent as "Authorization: token ...".
c.JupyterHub.services = [{"name": "classroom", "api_token": os.environ["CLASSROOM_API_TOKEN"]}]
c.JupyterHub.load_roles = [
    {
        "name": "classroom",
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"],
        "services": ["classroom"],
    }
]
`;
}

/** Every process below `pid`, read from /proc. */
function descendants(pid) {
  const children = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    for (const c of children.get(todo.pop()) ?? []) {
      out.push(c);
      todo.push(c);
    }
  }
  return out;
}

function running(pid) {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`classroom: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { users, password, dir } = options;
  const jupyterhub = venvBin("jupyterhub");
  const singleuser = venvBin("jupyterhub-singleuser");
  const proxy = path.join(ROOT, "node_modules", "configurable-http-proxy", "bin", "configurable-http-proxy");
  if (!fs.existsSync(proxy)) throw new Error(`${proxy} is missing: run ./setup.sh (npm ci) first.`);
  const share = path.join(VENV, "share", "jupyter");
  for (const need of ["kernels/tslab-asyncio/kernel.json", "labextensions/tslab-asyncio/package.json"]) {
    if (!fs.existsSync(path.join(share, need)))
      throw new Error(`${path.join(share, need)} is missing: run ./setup.sh first.`);
  }

  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  if ((await status(`${url}/`)) !== 0)
    throw new Error(`Something already answers on ${url}. Pass --port with another port (or 0).`);
  const homes = path.join(dir, "homes");
  prepareHomes(homes, users);
  const token = crypto.randomBytes(24).toString("hex");
  const config = path.join(dir, "jupyterhub_config.py");
  fs.writeFileSync(
    config,
    hubConfig({
      url,
      hub_port: await freePort(),
      db: path.join(dir, "jupyterhub.sqlite"),
      cookie_secret: path.join(dir, "jupyterhub_cookie_secret"),
      // configurable-http-proxy 5.3 declares Node >= 22.12 but runs on 20; the Node running us is used.
      proxy_command: [process.execPath, proxy],
      proxy_api_url: `http://127.0.0.1:${await freePort()}`,
      users,
      homes,
      singleuser,
      // The spawner passes on only a few variables; the rest of the Jupyter layout goes through here.
      environment: { JUPYTER_PATH: share, JUPYTER_PLATFORM_DIRS: "1", PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    }),
  );
  const log = path.join(dir, "jupyterhub.log");
  const logFd = fs.openSync(log, "a");
  const hub = spawn(jupyterhub, ["-f", config], {
    cwd: dir,
    env: jupyterEnv({ CLASSROOM_PASSWORD: password, CLASSROOM_API_TOKEN: token }),
    stdio: ["ignore", logFd, logFd],
  });
  fs.closeSync(logFd);
  let exited = false;
  const hubGone = new Promise((resolve) =>
    hub.once("exit", (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );

  // Remember every process of the class while it runs: once the hub exits, orphans would lose their parent.
  const seen = new Set();
  const remember = () => descendants(hub.pid).forEach((p) => seen.add(p));
  const watcher = setInterval(remember, 1000);

  let stopping;
  const stop = (why) => {
    stopping ??= (async () => {
      remember();
      clearInterval(watcher);
      process.stdout.write(`\nStopping the class (${why}): the hub stops every server and kernel...\n`);
      if (!exited) hub.kill("SIGTERM");
      const timer = setTimeout(() => hub.kill("SIGKILL"), 90_000);
      await hubGone;
      clearTimeout(timer);
      const deadline = Date.now() + 20_000;
      let left = [...seen].filter(running);
      while (left.length && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        left = left.filter(running);
      }
      for (const pid of left) process.kill(pid, "SIGKILL");
      if (left.length) {
        process.stderr.write(
          `classroom: ${left.length} process(es) outlived the hub and were killed: ${left.join(" ")}\n`,
        );
        return 1;
      }
      process.stdout.write(`Stopped: no process of the class is left (${seen.size + 1} checked).\n`);
      return 0;
    })();
    return stopping;
  };
  process.once("SIGINT", () => void stop("Ctrl+C").then((code) => process.exit(code)));
  process.once("SIGTERM", () => void stop("SIGTERM").then((code) => process.exit(code)));

  const deadline = Date.now() + 180_000;
  while ((await status(`${url}/hub/api/`)) !== 200) {
    if (exited || Date.now() > deadline) {
      const tail = fs.readFileSync(log, "utf8").split("\n").slice(-30).join("\n");
      process.stderr.write(`classroom: JupyterHub did not come up (log ${log}):\n${tail}\n`);
      await stop("it failed to start");
      return 1;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const info = { url, api: `${url}/hub/api`, token, users, password, hubPid: hub.pid, dir, log };
  const infoFile = path.join(dir, "classroom.json");
  fs.writeFileSync(infoFile, JSON.stringify(info, null, 2) + "\n", { mode: 0o600 });
  process.stdout.write(
    [
      `Classroom ready at ${url}/ for ${users.length} student(s): ${users.join(", ")}`,
      `  shared password: ${password}`,
      `  homes: ${homes}  (each starts with the tutorial notebooks)`,
      `  hub log: ${log}`,
      `  API token for the teacher (header "Authorization: token ..."): in ${infoFile}`,
      "Press Ctrl+C to stop the class.",
      "",
    ].join("\n"),
  );
  const { code, signal } = await hubGone;
  if (!stopping) {
    process.stderr.write(`classroom: JupyterHub exited by itself (${signal ?? code}); see ${log}\n`);
    return (await stop("the hub exited")) || 1;
  }
  return new Promise(() => {}); // the signal handler exits
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`classroom: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

module.exports = { parseOptions, hubConfig };
