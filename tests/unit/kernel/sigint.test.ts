import { isSigintInterruption, SigintPairing } from "../../../src/kernel/sigint";

/** A pairing on a clock the test moves. */
function pairing(windowMs = 1000) {
  let now = 0;
  return { p: new SigintPairing(windowMs, () => now), at: (t: number) => (now = t) };
}

test("the first sighting of a signal interrupts and its twin from the other route does not", () => {
  const { p, at } = pairing();
  expect(p.seen("main")).toBe(true);
  at(400);
  expect(p.seen("relay")).toBe(false);
});

test("the relay may see the signal first; the main thread's copy is then the twin", () => {
  const { p } = pairing();
  expect(p.seen("relay")).toBe(true);
  expect(p.seen("main")).toBe(false);
});

test("after a pair, the next signal is a new interrupt", () => {
  const { p } = pairing();
  expect([p.seen("main"), p.seen("relay"), p.seen("main"), p.seen("relay")]).toEqual([
    true,
    false,
    true,
    false,
  ]);
});

test("two signals seen by one route before the other pair one to one", () => {
  const { p } = pairing();
  expect([p.seen("relay"), p.seen("relay"), p.seen("main"), p.seen("main"), p.seen("main")]).toEqual([
    true,
    true,
    false,
    false,
    true,
  ]);
});

test("a sighting whose twin never came stops waiting for it after the window", () => {
  const { p, at } = pairing(1000);
  expect(p.seen("main")).toBe(true);
  at(1001);
  expect(p.seen("relay")).toBe(true);
  at(1500);
  expect(p.seen("main")).toBe(false);
});

test("only vm's SIGINT interruption counts as the main thread seeing the signal", () => {
  expect(
    isSigintInterruption(Object.assign(new Error("x"), { code: "ERR_SCRIPT_EXECUTION_INTERRUPTED" })),
  ).toBe(true);
  expect(isSigintInterruption(Object.assign(new Error("x"), { code: "ERR_SCRIPT_EXECUTION_TIMEOUT" }))).toBe(
    false,
  );
  expect(isSigintInterruption(null)).toBe(false);
  expect(isSigintInterruption("ERR_SCRIPT_EXECUTION_INTERRUPTED")).toBe(false);
});
