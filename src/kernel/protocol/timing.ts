/**
 * Every wait the protocol layer makes, named for the reason it exists. None is a correctness bound: each
 * only keeps a stuck step from holding the kernel, or gives zeromq's I/O thread a moment it needs.
 */

/**
 * How long the main thread has to acknowledge an interrupt before the control worker concludes it is stuck
 * in synchronous code and terminates that code. Long enough for a busy but responsive loop to answer.
 */
export const INTERRUPT_GRACE_MS = 300;

/**
 * After `shutdown_request` the process exits within this time even if the orderly path stalls (a socket
 * that will not flush, a worker that does not close): live timers of user code must not keep it around.
 */
export const SHUTDOWN_DEADLINE_MS = 400;

/**
 * zeromq.js resolves `send()` when the message reached its I/O thread, not the wire; before closing the
 * sockets at shutdown the kernel gives that thread this long to write the last replies.
 */
export const ZMQ_WIRE_SETTLE_MS = 30;

/** How long shutdown waits for the control worker to close its sockets before exiting anyway. */
export const WORKER_CLOSE_WAIT_MS = 150;

/**
 * After a failing cell, the execute queue lets the socket loops run this many event-loop turns before it
 * aborts the queued cells: requests the client sent before it could see the error may still sit in zeromq's
 * buffer, and they count as "already queued" (what ipykernel's abort does).
 */
export const ABORT_COLLECT_TURNS = 3;
