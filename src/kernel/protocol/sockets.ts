/**
 * The main thread's zeromq sockets: IOPub (PUB), shell and stdin (ROUTER). Heartbeat and control live in the
 * control worker, which creates its own with the same options ({@link socketOptions}). With Curve keys in the
 * connection file every socket is a Curve server: a client without the key completes no handshake and
 * receives nothing.
 */
import { SendQueue, type FrameSocket } from "../output";
import { curveServerKeys, endpoint, type ConnectionInfo, type CurveServerKeys } from "./connection";
import type { LogFn } from "./types";

/** The part of a zeromq.js socket the kernel uses. */
export interface ZmqSocket extends AsyncIterable<Buffer[]>, FrameSocket {
  bind(address: string): Promise<void>;
  close(): void;
}

/** The part of the zeromq.js module the kernel uses. */
export interface ZmqModule {
  Publisher: new (options?: Record<string, unknown>) => ZmqSocket;
  Router: new (options?: Record<string, unknown>) => ZmqSocket;
  Reply: new (options?: Record<string, unknown>) => ZmqSocket;
}

/** zeromq as tslab depends on it (the copy tslab itself would have used). */
export function loadZeromq(tslabRoot: string): { path: string; zmq: ZmqModule } {
  const zeromqPath = require.resolve("zeromq", { paths: [tslabRoot] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { path: zeromqPath, zmq: require(zeromqPath) as ZmqModule };
}

/**
 * Options for a socket of this kernel: `extra` plus the Curve server keys when there are any.
 *
 * @example
 * ```ts
 * new zmq.Router(socketOptions(curveServerKeys(info), { sendHighWaterMark: 0 }));
 * ```
 */
export function socketOptions(
  curve: CurveServerKeys | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return curve ? { ...extra, ...curve } : extra;
}

/** The main thread's sockets with their send queues. */
export interface MainSockets {
  iopub: SendQueue;
  shell: SendQueue;
  stdin: SendQueue;
  raw: { iopub: ZmqSocket; shell: ZmqSocket; stdin: ZmqSocket };
}

/** Creates IOPub, shell and stdin (not bound yet) with their send queues. */
export function createMainSockets(zmq: ZmqModule, info: ConnectionInfo, log: LogFn): MainSockets {
  const curve = curveServerKeys(info);
  // No high-water mark: messages are queued, never silently dropped by a PUB socket.
  const iopub = new zmq.Publisher(socketOptions(curve, { sendHighWaterMark: 0 }));
  const shell = new zmq.Router(socketOptions(curve, { sendHighWaterMark: 0 }));
  const stdin = new zmq.Router(socketOptions(curve));
  return {
    iopub: new SendQueue(iopub, info.key, log),
    shell: new SendQueue(shell, info.key, log),
    stdin: new SendQueue(stdin, info.key, log),
    raw: { iopub, shell, stdin },
  };
}

/**
 * Starts reading shell and stdin, then binds all three sockets.
 *
 * @throws Error when a socket cannot be bound (port taken, ipc path not writable).
 */
export async function bindMainSockets(
  sockets: MainSockets,
  info: ConnectionInfo,
  handlers: { shell(frames: Buffer[]): void; stdin(frames: Buffer[]): void },
  log: LogFn,
): Promise<void> {
  const { iopub, shell, stdin } = sockets.raw;
  void readLoop(shell, handlers.shell, "shell", log);
  void readLoop(stdin, handlers.stdin, "stdin", log);
  await Promise.all([
    iopub.bind(endpoint(info, info.iopub_port)),
    shell.bind(endpoint(info, info.shell_port)),
    stdin.bind(endpoint(info, info.stdin_port)),
  ]);
}

async function readLoop(
  sock: ZmqSocket,
  onFrames: (frames: Buffer[]) => void,
  name: string,
  log: LogFn,
): Promise<void> {
  try {
    for await (const frames of sock) onFrames(frames);
  } catch (e) {
    log(`tslab-asyncio: ${name} socket loop ended: ${String(e)}\n`);
  }
}
