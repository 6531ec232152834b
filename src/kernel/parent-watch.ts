/**
 * Makes the kernel exit when the process that started it goes away, as ipykernel's parent poller does.
 *
 * jupyter_client puts its own PID in `JPY_PARENT_PID` when it launches a kernel. A server that dies without
 * shutting its kernels down (killed, or stopped by a SIGINT it never installed a handler for, as
 * jupyter_server does without a terminal) would otherwise leave every kernel running with nobody to talk
 * to. Once a second we look whether that parent is still there and end the process if not.
 *
 * The polling runs in the kernel's control worker (`control-worker.ts`), never on the main thread: a
 * main-thread timer sits in Node's timer lists, and an interrupt that terminates a busy loop inside timer
 * processing (`Runtime.terminateExecution`) then leaves those lists unable to fire again.
 */
import * as fs from "node:fs";

/** How {@link pollParent} decides and acts; every field has a default taken from this process. */
export interface ParentWatchOptions {
  /** Environment to read `JPY_PARENT_PID` from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** How often to look, in milliseconds. @default 1000 */
  intervalMs?: number;
  /** Our current parent's PID. @default () => process.ppid */
  ppid?: () => number;
  /** Whether a PID names a live process. @default signal 0 through `process.kill` */
  alive?: (pid: number) => boolean;
  /** Called once when the parent is gone. @default ends this process after a line on stderr */
  onParentGone?: (parentPid: number) => void;
}

/** Stops a watch started by {@link pollParent}. */
export interface ParentWatch {
  /** The PID being watched. */
  readonly parentPid: number;
  stop(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function exitForParent(parentPid: number): void {
  // Written straight to fd 2: from a worker, process.stderr goes through the (possibly busy) main thread.
  fs.writeSync(2, `tslab-asyncio kernel: parent process ${parentPid} is gone; shutting down.\n`);
  // Not process.exit(): tearing down zeromq sockets that a worker thread still owns aborts in native code
  // ("terminate called after throwing an instance of 'Napi::Error'"), and nobody is left to read a status.
  // The SIGINT relay child notices within a second that we are gone and exits too.
  process.kill(process.pid, "SIGKILL");
}

/** The PID in `JPY_PARENT_PID` worth watching, or `undefined` (missing, malformed, or PID 1). */
export function parentPidToWatch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.JPY_PARENT_PID;
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  const pid = Number(raw.trim());
  return Number.isSafeInteger(pid) && pid > 1 ? pid : undefined;
}

/**
 * Polls, on the calling thread, for the parent named by `JPY_PARENT_PID`. Returns `undefined` (and watches
 * nothing) when the variable is missing, not a positive integer, or names PID 1, which never goes away but
 * only gets re-assigned. When that PID is our direct parent, a change of our parent PID means it died
 * (exact, even if the PID is later reused); otherwise we ask the system whether the PID still exists.
 *
 * The kernel's control worker calls this; its timer keeps only that worker's loop alive.
 */
export function pollParent(options: ParentWatchOptions = {}): ParentWatch | undefined {
  const parentPid = parentPidToWatch(options.env ?? process.env);
  if (parentPid === undefined) return undefined;
  const ppid = options.ppid ?? (() => process.ppid);
  const alive = options.alive ?? processAlive;
  const onParentGone = options.onParentGone ?? exitForParent;
  const direct = ppid() === parentPid;
  const gone = (): boolean => (direct ? ppid() !== parentPid : !alive(parentPid));
  const timer = setInterval(() => {
    if (!gone()) return;
    clearInterval(timer);
    onParentGone(parentPid);
  }, options.intervalMs ?? 1000);
  return { parentPid, stop: () => clearInterval(timer) };
}
