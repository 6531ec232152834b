/**
 * Drives `npm run classroom` as a teacher would: starts scripts/classroom.js, then talks to the hub's REST
 * API with the teacher's token, to each student's server with that student's own token, and to kernels over
 * their websockets (Jupyter's JSON websocket protocol, token in the handshake's Authorization header).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import WebSocket from "ws";
import { ROOT } from "../../scripts/jupyter-env";

/** What scripts/classroom.js writes to DIR/classroom.json once the hub answers. */
export interface ClassroomInfo {
  url: string;
  api: string;
  token: string;
  users: string[];
  password: string;
  hubPid: number;
  dir: string;
  log: string;
}

/** One Jupyter message as the websocket carries it. */
export interface WsMsg {
  channel: string;
  header: { msg_id: string; msg_type: string };
  parent_header: { msg_id?: string };
  msg_type: string;
  content: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export class Classroom {
  readonly proc: ChildProcess;
  readonly info: ClassroomInfo;
  #output: string[];

  private constructor(proc: ChildProcess, info: ClassroomInfo, output: string[]) {
    this.proc = proc;
    this.info = info;
    this.#output = output;
  }

  /** Runs scripts/classroom.js and waits until the hub answers (its info file appears). */
  static async start(dir: string, users: string[], password: string): Promise<Classroom> {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const args = ["--users", users.join(","), "--port", "0", "--dir", dir, "--password", password];
    const proc = spawn(process.execPath, [path.join(ROOT, "scripts", "classroom.js"), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    proc.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
    proc.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
    const infoFile = path.join(dir, "classroom.json");
    const deadline = Date.now() + 240_000;
    while (!output.join("").includes("Classroom ready")) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill("SIGINT");
        throw new Error(`npm run classroom did not become ready:\n${output.join("")}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return new Classroom(proc, JSON.parse(fs.readFileSync(infoFile, "utf8")) as ClassroomInfo, output);
  }

  /** Everything the script printed so far. */
  get output(): string {
    return this.#output.join("");
  }

  /** A request to the hub's REST API (`/hub/api` + `route`) with the teacher's token. */
  hubApi<T>(method: string, route: string, body?: unknown): Promise<T> {
    return request<T>(method, this.info.api + route, this.info.token, body);
  }

  /** Starts a student's server through the API and waits until the hub says it is ready. */
  async startServer(user: string, timeoutMs = 180_000): Promise<void> {
    await this.hubApi("POST", `/users/${user}/server`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const u = await this.hubApi<{ servers?: Record<string, { ready: boolean }> }>("GET", `/users/${user}`);
      if (u.servers?.[""]?.ready) return;
      if (Date.now() > deadline) throw new Error(`${user}'s server was not ready after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** A token of the student's own, as the student would create one on the hub's token page. */
  async userToken(user: string): Promise<string> {
    const made = await this.hubApi<{ token: string }>("POST", `/users/${user}/tokens`, {
      note: "classroom test",
      expires_in: 3600,
    });
    return made.token;
  }

  /** Sends SIGINT (Ctrl+C) and resolves with the script's exit code. */
  async stop(timeoutMs = 150_000): Promise<number | null> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    const exited = new Promise<number | null>((resolve) => this.proc.once("exit", (code) => resolve(code)));
    this.proc.kill("SIGINT");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}

/** An HTTP request with `Authorization: token …`; throws with the body when the status is not 2xx. */
export async function request<T>(method: string, url: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A student's kernel, started through their server's REST API and driven over its websocket. */
export class StudentKernel {
  readonly user: string;
  readonly id: string;
  readonly messages: WsMsg[] = [];
  #ws: WebSocket;
  #session = randomUUID();
  #base: string;
  #token: string;
  #waiters = new Set<() => void>();

  private constructor(user: string, id: string, ws: WebSocket, base: string, token: string) {
    this.user = user;
    this.id = id;
    this.#ws = ws;
    this.#base = base;
    this.#token = token;
    ws.on("message", (data) => {
      this.messages.push(JSON.parse(data.toString()) as WsMsg);
      for (const wake of this.#waiters) wake();
    });
  }

  static async start(hubUrl: string, user: string, token: string): Promise<StudentKernel> {
    const base = `${hubUrl}/user/${user}/api/kernels`;
    const { id } = await request<{ id: string }>("POST", base, token, { name: "tslab-asyncio" });
    // `?token=` alone is refused by the single-user server's websocket handler: send the header.
    const ws = new WebSocket(`${base.replace(/^http/, "ws")}/${id}/channels`, {
      headers: { Authorization: `token ${token}` },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) =>
        reject(new Error(`websocket refused: ${res.statusCode}`)),
      );
    });
    const kernel = new StudentKernel(user, id, ws, base, token);
    await kernel.ready();
    return kernel;
  }

  /**
   * Resolves once the kernel answers kernel_info with its idle status. Asked again every few seconds: right
   * after a start or restart, the server's IOPub subscription may not be up yet, and the status of an early
   * request is lost (as JupyterLab, we retry).
   */
  async ready(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.request("kernel_info_request", {}, 5_000);
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
    }
  }

  /** Sends a request on shell and resolves with its reply once its idle status has arrived too. */
  async request(msgType: string, content: Record<string, unknown>, timeoutMs = 60_000): Promise<WsMsg> {
    const msgId = this.send(msgType, content);
    const reply = await this.waitFor(
      (m) => m.parent_header.msg_id === msgId && m.channel === "shell",
      timeoutMs,
      `${msgType} reply`,
    );
    await this.waitFor(
      (m) =>
        m.parent_header.msg_id === msgId && m.msg_type === "status" && m.content.execution_state === "idle",
      timeoutMs,
      `${msgType} idle`,
    );
    return reply;
  }

  /** Sends a message; returns its msg_id. */
  send(msgType: string, content: Record<string, unknown>, channel = "shell"): string {
    const msgId = randomUUID();
    this.#ws.send(
      JSON.stringify({
        header: {
          msg_id: msgId,
          msg_type: msgType,
          username: this.user,
          session: this.#session,
          date: new Date().toISOString(),
          version: "5.3",
        },
        parent_header: {},
        metadata: {},
        content,
        channel,
        buffers: [],
      }),
    );
    return msgId;
  }

  /** Starts executing `code`; returns the request's msg_id at once. */
  executeAsync(code: string): string {
    return this.send("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
  }

  /** Executes `code` and resolves with its execute_reply once the kernel is idle again. */
  async execute(code: string, timeoutMs = 60_000): Promise<{ msgId: string; reply: WsMsg }> {
    const msgId = this.executeAsync(code);
    return { msgId, reply: await this.replyTo(msgId, timeoutMs) };
  }

  /** The execute_reply of `msgId`, once its idle status has arrived too. */
  async replyTo(msgId: string, timeoutMs = 60_000): Promise<WsMsg> {
    const reply = await this.waitFor(
      (m) => m.parent_header.msg_id === msgId && m.msg_type === "execute_reply",
      timeoutMs,
      "execute_reply",
    );
    await this.waitFor(
      (m) =>
        m.parent_header.msg_id === msgId && m.msg_type === "status" && m.content.execution_state === "idle",
      timeoutMs,
      "idle",
    );
    return reply;
  }

  /** Resolves with the first message (received so far or later) matching `pred`. */
  waitFor(pred: (m: WsMsg) => boolean, timeoutMs: number, what: string): Promise<WsMsg> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const wake = () => {
        const m = this.messages.find(pred);
        if (!m) return;
        cleanup();
        resolve(m);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.user}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      this.#waiters.add(wake);
    });
  }

  /** The stdout text of one cell (by its request's msg_id). */
  stdoutOf(msgId: string): string {
    return this.messages
      .filter(
        (m) => m.parent_header.msg_id === msgId && m.msg_type === "stream" && m.content.name === "stdout",
      )
      .map((m) => m.content.text as string)
      .join("");
  }

  /** POSTs to this kernel's REST endpoint (`interrupt`, `restart`) on the student's server. */
  rest(action: "interrupt" | "restart"): Promise<unknown> {
    return request("POST", `${this.#base}/${this.id}/${action}`, this.#token);
  }

  close(): void {
    this.#ws.close();
  }
}

/** All text a message shows: stream text, error name/value/traceback, every MIME of a display. */
export function shownText(m: WsMsg): string {
  const c = m.content;
  if (m.msg_type === "stream") return String(c.text);
  if (m.msg_type === "error") return [c.ename, c.evalue, ...((c.traceback as string[]) ?? [])].join("\n");
  if (["display_data", "update_display_data", "execute_result"].includes(m.msg_type))
    return Object.values((c.data as Record<string, unknown>) ?? {})
      .map((v) => (typeof v === "string" ? v : JSON.stringify(v)))
      .join("\n");
  return "";
}
