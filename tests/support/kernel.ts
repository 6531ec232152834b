/**
 * Drives a real Jupyter kernel from jest through jupyter_client (tests/support/kernel_bridge.py in .venv).
 * Every IOPub message is kept, so tests can assert on parents, order and content.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { jupyterEnv, ROOT, VENV, venvBin } from "../../scripts/jupyter-env";

/** One IOPub or reply message, as the bridge reports it. */
export interface Msg {
  msg_type: string;
  msg_id: string;
  date: string;
  parent_msg_id: string | null;
  content: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  metadata: Record<string, unknown>;
  header?: Record<string, string>;
}

/** What the bridge reports once the kernel is ready. */
export interface StartInfo {
  pid: number;
  ready_seconds: number;
  kernel_spec: Record<string, unknown>;
  connection: Record<string, unknown>;
}

/** Result of {@link Kernel.execute}. */
export interface Execution {
  msg_id: string;
  reply: Msg;
  idle: boolean;
  iopub: Msg[];
}

/** Options of {@link Kernel.execute}. */
export interface ExecuteOptions {
  timeout?: number;
  silent?: boolean;
  stop_on_error?: boolean;
  allow_stdin?: boolean;
  store_history?: boolean;
  /** Answers to input_request, in order. */
  stdin?: string[];
}

export class Kernel {
  #proc: ChildProcessWithoutNullStreams;
  #lines: AsyncIterator<string>;
  #queue: Promise<unknown> = Promise.resolve();
  #stderr = "";

  private constructor(proc: ChildProcessWithoutNullStreams) {
    this.#proc = proc;
    this.#lines = readline.createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
    proc.stderr.on("data", (d: Buffer) => {
      this.#stderr = (this.#stderr + d.toString()).slice(-20000);
    });
  }

  /** Starts the kernelspec (default `tslab-asyncio`) with the notebook folder as its cwd. */
  static async start(
    kernelName = "tslab-asyncio",
    options: {
      cwd?: string;
      timeout?: number;
      jupyterPath?: string;
      /** jupyter_client's `KernelManager(transport=…)`. */
      transport?: "tcp" | "ipc";
      /** jupyter_client's `KernelManager(ip=…)`: for ipc, the socket path prefix. */
      ip?: string;
      /** jupyter_client's `start_kernel(transport_encryption=…)`: CurveZMQ policy. */
      transportEncryption?: "disabled" | "auto" | "required";
    } = {},
  ): Promise<Kernel & { info: StartInfo }> {
    const proc = spawn(venvBin("python"), [path.join(__dirname, "kernel_bridge.py")], {
      env: jupyterEnv(),
      cwd: ROOT,
    });
    const k = new Kernel(proc) as Kernel & { info: StartInfo };
    try {
      k.info = await k.call<StartInfo>("start", {
        kernel_name: kernelName,
        cwd: options.cwd ?? path.join(ROOT, "notebooks"),
        timeout: options.timeout ?? 60,
        ...(options.jupyterPath ? { jupyter_path: options.jupyterPath } : {}),
        ...(options.transport ? { transport: options.transport } : {}),
        ...(options.ip ? { ip: options.ip } : {}),
        ...(options.transportEncryption ? { transport_encryption: options.transportEncryption } : {}),
      });
    } catch (e) {
      await k.close();
      throw e;
    }
    return k;
  }

  /** Sends one command to the bridge; commands are serialised. */
  call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const next = this.#queue.then(async () => {
      this.#proc.stdin.write(JSON.stringify({ op, ...args }) + "\n");
      const { value, done } = await this.#lines.next();
      if (done) throw new Error(`kernel bridge exited during ${op}.\n${this.#stderr}`);
      const answer = JSON.parse(value) as { ok: boolean; result?: T; error?: string };
      if (!answer.ok) throw new Error(`${op} failed: ${answer.error}\n${this.#stderr.slice(-3000)}`);
      return answer.result as T;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Starts the tslab-asyncio kernel with `import * as asyncio from "tslab-asyncio"` already run. */
  static async startWithAsyncio(): Promise<Kernel & { info: StartInfo }> {
    const kernel = await Kernel.start("tslab-asyncio");
    const run = await kernel.execute('import * as asyncio from "tslab-asyncio";');
    if (run.reply.content.status !== "ok") {
      await kernel.close();
      throw new Error(`importing tslab-asyncio failed: ${JSON.stringify(run.reply.content)}`);
    }
    return kernel;
  }

  /** Executes code and waits for its reply and its idle status. */
  execute(code: string, options: ExecuteOptions = {}): Promise<Execution> {
    return this.call<Execution>("execute", { code, ...options });
  }

  /** Sends a request on shell or control; returns its msg_id. */
  async send(msg_type: string, content: Record<string, unknown> = {}, channel = "shell"): Promise<string> {
    return (await this.call<{ msg_id: string }>("send", { msg_type, content, channel })).msg_id;
  }

  /** Waits for the reply to a request sent with {@link send}. */
  reply(msg_id: string, channel = "shell", timeout = 10): Promise<Msg> {
    return this.call<Msg>("reply", { msg_id, channel, timeout });
  }

  /** Collects IOPub for `seconds`; returns every message since the previous drain. */
  async drain(seconds = 0.2): Promise<Msg[]> {
    return (await this.call<{ iopub: Msg[] }>("drain", { seconds })).iopub;
  }

  /** Every IOPub message received so far. */
  async log(): Promise<Msg[]> {
    return (await this.call<{ iopub: Msg[] }>("log")).iopub;
  }

  /** Waits until `msg_id` has its idle status; returns the IOPub messages with that parent. */
  waitIdle(msg_id: string, timeout = 10): Promise<{ idle: boolean; iopub: Msg[] }> {
    return this.call("wait_idle", { msg_id, timeout });
  }

  async interrupt(): Promise<void> {
    await this.call("interrupt");
  }

  /** Heartbeat round trip in ms, or null when no answer came within `timeout` seconds. */
  async heartbeat(timeout = 5): Promise<number | null> {
    return (await this.call<{ rtt_ms: number | null }>("heartbeat", { timeout })).rtt_ms;
  }

  /**
   * What a client without the Curve key receives from each channel within `timeout` seconds (plain sockets
   * send kernel_info_request on shell and control, ping the heartbeat, and subscribe to IOPub while the real
   * client runs `code`). Counts of messages per channel.
   */
  probeWithoutKey(
    code: string,
    timeout = 3,
  ): Promise<{ shell: number; control: number; hb: number; iopub: number }> {
    return this.call("probe_without_key", { code, timeout });
  }

  /**
   * Sends kernel_info_request on a fresh shell socket signed with a wrong key, unsigned, and validly;
   * returns their msg_ids and the parents of the replies received within `timeout` seconds.
   */
  signatures(timeout = 3): Promise<{
    sent: { wrong_key: string; unsigned: string; valid: string };
    replied_to: string[];
  }> {
    return this.call("signatures", { timeout });
  }

  async alive(): Promise<boolean> {
    return (await this.call<{ alive: boolean }>("alive")).alive;
  }

  /** Sends shutdown_request and measures how long the process takes to exit. */
  shutdown(): Promise<{ reply: Msg | null; exited_seconds: number | null }> {
    return this.call("shutdown", {});
  }

  /** Stops the kernel (if running) and the bridge. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#proc.exitCode !== null) return;
    this.#proc.stdin.end();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#proc.kill("SIGKILL");
        resolve();
      }, 15000);
      this.#proc.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/**
 * The content of an `execute_request` as a notebook frontend sends it, for {@link Kernel.send} when a test needs
 * the request's id before the reply (queued cells, interrupts); `extra` overrides fields.
 */
export function executeContent(code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code,
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: true,
    ...extra,
  };
}

/** Concatenated text of the stream messages named `name` in `msgs`. */
export function streamText(msgs: readonly Msg[], name: "stdout" | "stderr" = "stdout"): string {
  return msgs
    .filter((m) => m.msg_type === "stream" && m.content.name === name)
    .map((m) => m.content.text as string)
    .join("");
}

/** The final text of a display (e.g. a cell's late-output mirror), from any message that updated it. */
export function mirrorText(all: readonly Msg[], displayId: string): string {
  const updates = all.filter(
    (m) =>
      (m.msg_type === "display_data" || m.msg_type === "update_display_data") &&
      m.content.transient?.display_id === displayId,
  );
  return updates.length === 0 ? "" : String(updates[updates.length - 1].content.data["text/plain"]);
}

/**
 * The kernel.json Jupyter would pick for `name`: JUPYTER_PATH first (`npm run test:node` puts another Node
 * line's kernelspecs there), then the project's .venv.
 */
export function installedKernelspec(name = "tslab-asyncio"): {
  file: string;
  spec: { argv: string[] } & Record<string, unknown>;
} {
  const file = [
    ...(process.env.JUPYTER_PATH ?? "").split(path.delimiter),
    path.join(VENV, "share", "jupyter"),
  ]
    .filter(Boolean)
    .map((d) => path.join(d, "kernels", name, "kernel.json"))
    .find((f) => fs.existsSync(f));
  if (file === undefined)
    throw new Error(`No ${name} kernelspec in JUPYTER_PATH or .venv: run ./setup.sh first.`);
  return {
    file,
    spec: JSON.parse(fs.readFileSync(file, "utf8")) as { argv: string[] } & Record<string, unknown>,
  };
}
