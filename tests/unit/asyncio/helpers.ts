// Shared helpers for the asyncio behaviour tests.

/** Lets every queued microtask and promise reaction run (several rounds, for chains). */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Resolves to whether `p` is still pending after all ready work ran. */
export async function isPending(p: PromiseLike<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await flush();
  return !settled;
}

/** Fake timers that leave microtasks real (the library starts tasks in microtasks). */
export function useFakeTimers(): void {
  jest.useFakeTimers({ doNotFake: ["queueMicrotask", "nextTick"] });
}

/** Captures a rejection reason (fails the test if `p` resolves). */
export async function rejection(p: PromiseLike<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("Expected the promise to reject, but it resolved.");
}
