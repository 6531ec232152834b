/**
 * `shutdown_request`: reply, let the last messages reach the wire, close the control worker's sockets, exit.
 * Every step has a bound (see `timing.ts`): a shutting-down kernel never lingers because of user timers or a
 * stuck socket.
 */
import type { WireMessage } from "../../wire";
import { SHUTDOWN_DEADLINE_MS, WORKER_CLOSE_WAIT_MS, ZMQ_WIRE_SETTLE_MS } from "../timing";
import type { KernelOutboxes, Request } from "../types";

/** What shutting down needs from the kernel around it. */
export interface ShutdownDeps {
  outboxes: KernelOutboxes;
  status(msg: WireMessage, state: "busy" | "idle"): void;
  /** Closes the control worker's sockets; resolves when they are closed. */
  closeWorker(): Promise<void>;
  /** Ends the process (tests pass a fake). */
  exit(): void;
  /** Waits `ms` (tests pass a fake). */
  sleep(ms: number): Promise<void>;
  /** Schedules `fn` after `ms` without keeping anything alive longer than the process (tests pass a fake). */
  schedule(fn: () => void, ms: number): void;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Default timing functions for {@link ShutdownDeps}. */
export const realClock = {
  sleep: wait,
  schedule: (fn: () => void, ms: number): void => void setTimeout(fn, ms),
};

/** Answers `shutdown_request` and ends the process. */
export async function shutdown(req: Request, deps: ShutdownDeps): Promise<void> {
  const { msg, channel, reply } = req;
  const { outboxes } = deps;
  deps.schedule(() => deps.exit(), SHUTDOWN_DEADLINE_MS);
  const out = msg.child("shutdown_reply", { status: "ok", restart: msg.content.restart === true });
  deps.status(msg, "idle");
  if (channel === "control") {
    await outboxes.sendControl(out);
  } else {
    reply(out);
    await outboxes.shell.flushed();
  }
  await outboxes.iopub.flushed();
  await deps.sleep(ZMQ_WIRE_SETTLE_MS);
  await Promise.race([deps.closeWorker(), deps.sleep(WORKER_CLOSE_WAIT_MS)]);
  deps.exit();
}
