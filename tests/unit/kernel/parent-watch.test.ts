/**
 * pollParent decides from JPY_PARENT_PID whether to watch, and reports a parent that went away exactly once.
 */
import { pollParent } from "../../../src/kernel/parent-watch";

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test.each([
  ["missing", undefined],
  ["empty", ""],
  ["not a number", "abc"],
  ["negative", "-5"],
  ["PID 1, which is never gone", "1"],
  ["zero", "0"],
])("watches nothing when JPY_PARENT_PID is %s", (_label, value) => {
  const onParentGone = jest.fn();
  const watch = pollParent({ env: value === undefined ? {} : { JPY_PARENT_PID: value }, onParentGone });
  expect(watch).toBeUndefined();
  jest.advanceTimersByTime(10_000);
  expect(onParentGone).not.toHaveBeenCalled();
});

test("reports a direct parent once our parent PID changes, and only once", () => {
  let ppid = 4242;
  const onParentGone = jest.fn();
  const alive = jest.fn(() => true);
  const watch = pollParent({ env: { JPY_PARENT_PID: "4242" }, ppid: () => ppid, alive, onParentGone });
  expect(watch?.parentPid).toBe(4242);
  jest.advanceTimersByTime(5_000);
  expect(onParentGone).not.toHaveBeenCalled();
  ppid = 1; // re-parented to init: the parent died
  jest.advanceTimersByTime(1_000);
  expect(onParentGone).toHaveBeenCalledTimes(1);
  expect(onParentGone).toHaveBeenCalledWith(4242);
  jest.advanceTimersByTime(5_000);
  expect(onParentGone).toHaveBeenCalledTimes(1);
  // A direct parent is judged by our parent PID, never by a PID that could be reused.
  expect(alive).not.toHaveBeenCalled();
});

test("asks whether the PID exists when it is not our direct parent", () => {
  let exists = true;
  const onParentGone = jest.fn();
  pollParent({ env: { JPY_PARENT_PID: " 777 " }, ppid: () => 900, alive: () => exists, onParentGone });
  jest.advanceTimersByTime(3_000);
  expect(onParentGone).not.toHaveBeenCalled();
  exists = false;
  jest.advanceTimersByTime(1_000);
  expect(onParentGone).toHaveBeenCalledWith(777);
});

test("stop() ends the watch", () => {
  let ppid = 50;
  const onParentGone = jest.fn();
  const watch = pollParent({
    env: { JPY_PARENT_PID: "50" },
    ppid: () => ppid,
    onParentGone,
    intervalMs: 100,
  });
  watch?.stop();
  ppid = 1;
  jest.advanceTimersByTime(1_000);
  expect(onParentGone).not.toHaveBeenCalled();
});
