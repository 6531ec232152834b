/**
 * Routes `process.stdout`/`process.stderr` writes and tslab's display writer through the cell context, so
 * output lands in the cell that started the code writing it (tslab reassigns them per execution and sends
 * late output to the latest cell; see docs/tslab-notes.md). Writes are coalesced and sent loss-free by the
 * cell's writers; nothing a cell writes can throw `EBUSY` back at it. Objects given to `console` print as
 * Node's REPL prints them, without the async-context properties Node puts on them (see `mime-bundle.ts`).
 */
import { StringDecoder } from "node:string_decoder";
import { currentCell } from "../cell-context";
import { hideRuntimeSymbols } from "../mime-bundle";
import type { TslabHost } from "../host";
import type { KernelPatch } from "./index";

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

// Write callbacks (console passes one on every call) run together in one tick: a tick per write costs an
// async resource each, which made a 100,000-line console.log loop four times slower.
let callbacks: Array<() => void> = [];
function later(cb: () => void): void {
  callbacks.push(cb);
  if (callbacks.length > 1) return;
  process.nextTick(() => {
    const run = callbacks;
    callbacks = [];
    for (const f of run) f();
  });
}

function route(stream: NodeJS.WriteStream, name: "stdout" | "stderr"): Write {
  const original = stream.write.bind(stream) as Write;
  const decoder = new StringDecoder("utf8");
  const write: Write = (chunk, encoding, callback) => {
    const cb = typeof encoding === "function" ? encoding : callback;
    const cell = currentCell();
    if (!cell) return original(chunk, encoding, callback);
    const text =
      typeof chunk === "string"
        ? chunk
        : chunk instanceof Uint8Array
          ? decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          : String(chunk);
    cell.writeStream(name, text);
    if (typeof cb === "function") later(cb as () => void);
    return true;
  };
  // A property whose setter ignores assignments: tslab assigns its own per-execution writer in code paths
  // we no longer call, and user code must not be able to break routing by accident either.
  Object.defineProperty(stream, "write", { configurable: true, get: () => write, set: () => undefined });
  return original;
}

type StdioEntry = unknown;

/**
 * Rewrites `inherit` (or fd 1/2, or `process.stdout`/`process.stderr`) for a child's stdout/stderr into
 * `pipe`, because the kernel's fd 1/2 lead to the Jupyter server's log, not the notebook. Returns which of
 * the two were redirected.
 */
function redirectInherited(options: { stdio?: unknown } | undefined): [boolean, boolean] {
  if (!options || options.stdio === undefined) return [false, false];
  const stdio: StdioEntry[] =
    typeof options.stdio === "string"
      ? [options.stdio, options.stdio, options.stdio]
      : [...(options.stdio as StdioEntry[])];
  const inherited = (i: number): boolean =>
    stdio[i] === "inherit" || stdio[i] === i || stdio[i] === (i === 1 ? process.stdout : process.stderr);
  const out: [boolean, boolean] = [inherited(1), inherited(2)];
  if (out[0]) stdio[1] = "pipe";
  if (out[1]) stdio[2] = "pipe";
  if (out[0] || out[1]) options.stdio = stdio;
  return out;
}

/** Sends output of children spawned with inherited stdio to the spawning cell (docs/tslab-notes.md). */
function captureChildOutput(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cp = require("node:child_process") as typeof import("node:child_process");
  const proto = cp.ChildProcess.prototype as unknown as {
    spawn(this: ChildProcessLike, options: { stdio?: unknown }): unknown;
  };
  const originalSpawn = proto.spawn;
  proto.spawn = function (this: ChildProcessLike, options) {
    const cell = currentCell();
    const [out, err] = cell ? redirectInherited(options) : [false, false];
    const result = originalSpawn.call(this, options);
    if (cell && out) this.stdout?.on("data", (d: Buffer) => cell.writeStream("stdout", d.toString()));
    if (cell && err) this.stderr?.on("data", (d: Buffer) => cell.writeStream("stderr", d.toString()));
    return result;
  };
  const originalSpawnSync = cp.spawnSync;
  const spawnSync = function (this: unknown, ...args: unknown[]) {
    const cell = currentCell();
    const optionsAt = Array.isArray(args[1]) ? 2 : 1;
    const options = (args[optionsAt] ?? undefined) as { stdio?: unknown } | undefined;
    const copy = options ? { ...options } : undefined;
    const [out, err] = cell ? redirectInherited(copy) : [false, false];
    if (copy) args[optionsAt] = copy;
    const result = (originalSpawnSync as (...a: unknown[]) => { stdout: unknown; stderr: unknown }).apply(
      this,
      args,
    );
    if (cell && out && result.stdout != null) cell.writeStream("stdout", String(result.stdout));
    if (cell && err && result.stderr != null) cell.writeStream("stderr", String(result.stderr));
    return result;
  };
  Object.defineProperty(cp, "spawnSync", { configurable: true, writable: true, value: spawnSync });
}

interface ChildProcessLike {
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
}

/** The console methods that inspect objects they are given. */
const INSPECTING = ["log", "info", "warn", "error", "debug", "trace", "dir"] as const;

/** Makes `console` hide async-context properties of the objects it prints. */
function cleanConsole(): void {
  const c = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const name of INSPECTING) {
    const original = c[name];
    c[name] = function (this: unknown, ...args: unknown[]): void {
      for (const a of args) if (typeof a === "object" || typeof a === "function") hideRuntimeSymbols(a);
      original.apply(this, args);
    };
  }
}

/** The kernel's own stderr (the Jupyter server's log), valid after the patch is installed. */
export let serverStderr: (text: string) => void = (text) => void process.stderr.write(text);

export const stdioRouting: KernelPatch = {
  name: "stdio-routing",
  install(host: TslabHost, options?: { preloaded: boolean }) {
    // In a running plain tslab (`apply()`), no cell contexts exist: tslab's own routing must stay.
    if (options && !options.preloaded) return;
    route(process.stdout, "stdout");
    const err = route(process.stderr, "stderr");
    serverStderr = (text) => void err(text);
    captureChildOutput();
    cleanConsole();
    Object.defineProperty(host.jupyter, "lastWriteDisplayData", {
      configurable: true,
      enumerable: true,
      get() {
        const cell = currentCell();
        return cell ? cell.writeDisplay : null;
      },
      set: () => undefined,
    });
  },
};
