/**
 * The kernel's second thread. It owns the heartbeat and control sockets and the interrupt watchdog, so the
 * kernel answers heartbeats and `interrupt_request` while the main JS thread is stuck in user code
 * (docs/tslab-notes.md) — the equivalent of ipykernel's heartbeat and control threads. With Curve keys in
 * the connection file both sockets are Curve servers, like the main thread's.
 *
 * Interrupts reach it two ways: `interrupt_request` on control (interrupt_mode "message"), and SIGINT
 * (interrupt_mode "signal"). Node delivers signals only to the main thread's event loop, which is exactly
 * the loop that may be stuck, so a tiny `sh` child in the kernel's process group (jupyter_client signals the
 * whole group with `killpg`) traps SIGINT and writes a byte to a pipe this worker reads.
 *
 * On an interrupt the worker tells the main thread; if the main thread does not acknowledge within a grace
 * period it is stuck in synchronous code, and the worker posts `Runtime.terminateExecution` through an
 * inspector session connected to the main thread. V8 unwinds the running JS and Node's event loop carries
 * on, with every global and cell variable intact.
 *
 * It also runs the parent watch (./parent-watch.ts): off the main thread, and without a thread of its own
 * (each Node worker costs the kernel about 9 MB resident).
 */
import { spawn } from "node:child_process";
import { writeSync } from "node:fs";
import { Session } from "node:inspector";
import { parentPort, workerData } from "node:worker_threads";
import { pollParent } from "./parent-watch";
import { endpoint } from "./protocol/connection";
import type { CurveServerKeys } from "./protocol/connection";
import { socketOptions } from "./protocol/sockets";
import { beforeTerminateExpression } from "./watchdog";
import { WireMessage } from "./wire";

/** What the main thread passes to the worker. */
export interface ControlWorkerData {
  zeromqPath: string;
  transport: "tcp" | "ipc";
  ip: string;
  hbPort: number;
  controlPort: number;
  key: string;
  /** The Curve server keys when the connection is encrypted. */
  curve: CurveServerKeys | undefined;
  /** How long the main thread has to acknowledge an interrupt before its JS is terminated, in ms. */
  graceMs: number;
}

/** Messages from the worker to the main thread. */
export type WorkerToMain =
  | { type: "ready" }
  | { type: "control"; frames: Uint8Array[] }
  /** `at`: `Date.now()` when the interrupt came in; the main thread may read this much later. */
  | { type: "interrupt"; seq: number; source: "signal" | "message"; at: number }
  | { type: "terminated"; seq: number }
  | { type: "log"; text: string }
  | { type: "sent"; token: number }
  | { type: "closed" };

/** Messages from the main thread to the worker. */
export type MainToWorker =
  | { type: "send"; frames: Uint8Array[]; token?: number }
  | { type: "interrupt-ack"; seq: number }
  | { type: "interrupt"; source: "signal" | "message" }
  | { type: "close" };

interface ZmqSocket extends AsyncIterable<Buffer[]> {
  bind(address: string): Promise<void>;
  send(frames: Buffer | Buffer[]): Promise<void>;
  close(): void;
}
interface Zmq {
  Reply: new (options?: Record<string, unknown>) => ZmqSocket;
  Router: new (options?: Record<string, unknown>) => ZmqSocket;
}

function main(): void {
  const port = parentPort;
  if (!port) return;
  const data = workerData as ControlWorkerData;
  pollParent(); // exit with the server that started us, as ipykernel does
  const post = (m: WorkerToMain): void => port.postMessage(m);
  const log = (text: string): void => post({ type: "log", text });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zmq = require(data.zeromqPath) as Zmq;
  const address = (p: number): string => endpoint(data, p);

  const hb = new zmq.Reply(socketOptions(data.curve));
  const control = new zmq.Router(socketOptions(data.curve));

  let controlChain: Promise<void> = Promise.resolve();
  const sendControl = (frames: Buffer[], token?: number): void => {
    controlChain = controlChain
      .then(() => control.send(frames))
      .catch((e: unknown) => log(`tslab-asyncio: control send failed: ${String(e)}\n`))
      .then(() => {
        if (token !== undefined) post({ type: "sent", token });
      });
  };

  // Connected only while terminating: with a session attached, V8 reports every console.log to the
  // inspector (with a stack trace), which made a 100,000-line loop four times slower.
  let session: Session | undefined;
  let seq = 0;
  let acked = 0;
  let declined = 0;
  const interrupt = (source: "signal" | "message"): void => {
    const mine = ++seq;
    post({ type: "interrupt", seq: mine, source, at: Date.now() });
    setTimeout(() => {
      if (acked >= mine) return;
      // The main thread did not read our message: it is running synchronous JS. Stop that JS, after
      // pausing the async-hook counters so Node survives the unwinding (see watchdog.ts).
      // A second interrupt while still stuck after a declined one is the user insisting: stop it anyway.
      const force = declined > acked;
      const s = (session ??= new Session());
      s.connectToMainThread();
      s.post(
        "Runtime.evaluate",
        { expression: beforeTerminateExpression(force, mine), returnByValue: true },
        (_e, r) => {
          const verdict: unknown = r?.result.value;
          if (verdict === "not-stuck" || verdict === "declined") {
            s.disconnect();
            if (session === s) session = undefined;
          }
          // Not stuck after all: the ack is on its way (under load our timer can fire before it arrives).
          if (verdict === "not-stuck") return;
          if (verdict === "declined") {
            declined = mine;
            // Straight to fd 2: the main thread, which relays our log, is the one that is stuck.
            writeSync(
              2,
              "tslab-asyncio: this interrupt would abort Node (see the note at kernel start), so the code keeps " +
                "running. Interrupt again to stop it anyway, at the risk of losing the session.\n",
            );
            return;
          }
          s.post("Runtime.terminateExecution", () => {
            s.disconnect();
            if (session === s) session = undefined;
          });
          post({ type: "terminated", seq: mine });
        },
      );
    }, data.graceMs);
  };

  port.on("message", (m: MainToWorker) => {
    if (m.type === "send") sendControl(m.frames.map(toBuffer), m.token);
    else if (m.type === "interrupt-ack") acked = Math.max(acked, m.seq);
    else if (m.type === "interrupt") interrupt(m.source);
    else if (m.type === "close") {
      // Orderly teardown before the process exits: an open inspector session makes Node print "Waiting for
      // the debugger to disconnect", and zeromq sockets torn down by process exit abort in native code.
      void controlChain.then(() => {
        session?.disconnect();
        relay.kill();
        hb.close();
        control.close();
        post({ type: "closed" });
      });
    }
  });

  // SIGINT relay: jupyter_client's signal-mode interrupt is `killpg(SIGINT)`, which reaches this child too.
  // It exits by itself within a second of the kernel process going away.
  const relay = spawn(
    "/bin/sh",
    ["-c", 'trap "echo i" INT; while kill -0 $PPID 2>/dev/null; do sleep 1 & wait $!; done'],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  relay.on("error", (e) => log(`tslab-asyncio: SIGINT relay unavailable: ${e.message}\n`));
  relay.stdout.on("data", (chunk: Buffer) => {
    for (const c of chunk.toString()) if (c === "i") interrupt("signal");
  });

  void (async () => {
    for await (const frames of hb) await hb.send(frames);
  })().catch((e: unknown) => log(`tslab-asyncio: heartbeat stopped: ${String(e)}\n`));

  void (async () => {
    for await (const frames of control) {
      if (WireMessage.peekType(frames) === "interrupt_request") {
        try {
          const msg = WireMessage.parse(data.key, frames);
          sendControl(msg.child("interrupt_reply", { status: "ok" }).serialize(data.key));
          interrupt("message");
        } catch (e) {
          log(`tslab-asyncio: bad interrupt_request: ${String(e)}\n`);
        }
      } else {
        post({ type: "control", frames });
      }
    }
  })().catch((e: unknown) => log(`tslab-asyncio: control channel stopped: ${String(e)}\n`));

  Promise.all([hb.bind(address(data.hbPort)), control.bind(address(data.controlPort))]).then(
    () => post({ type: "ready" }),
    (e: unknown) => log(`tslab-asyncio: could not bind heartbeat/control: ${String(e)}\n`),
  );
}

function toBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

main();
