/**
 * The library's clock reads `performance.now()` so that fake timers apply, without paying for Node's lazy
 * global getter on every read.
 */
import { pickClock } from "../../../src/asyncio/internal/context";

const clockAt = (t: number) => ({ now: () => t });

describe("the library clock", () => {
  it("reads a plain `performance` property through the scope on every call, so replacing it applies", () => {
    const scope: { performance?: unknown } = { performance: clockAt(1) };
    const now = pickClock(scope, clockAt(99));
    expect(now()).toBe(1);
    scope.performance = clockAt(2);
    expect(now()).toBe(2);
  });

  it("reads the host object behind a lazy `performance` getter, and sees its `now` replaced", () => {
    const host = clockAt(5);
    const scope = {};
    Object.defineProperty(scope, "performance", { get: () => host, configurable: true });
    const now = pickClock(scope, host);
    expect(now()).toBe(5);
    host.now = () => 6;
    expect(now()).toBe(6);
  });

  it("reads through a getter that returns something other than the host object", () => {
    let current = clockAt(7);
    const scope = {};
    Object.defineProperty(scope, "performance", { get: () => current, configurable: true });
    const now = pickClock(scope, clockAt(99));
    expect(now()).toBe(7);
    current = clockAt(8);
    expect(now()).toBe(8);
  });
});
