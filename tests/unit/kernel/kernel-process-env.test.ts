/**
 * The kernelspec's process-only environment is removed by the launcher, so processes a cell starts get the
 * environment the user had.
 */
import { forgetKernelProcessEnv, kernelJson, KERNEL_PROCESS_ENV } from "../../../src/kernel/kernelspec";

test("the kernelspec sets the process-only variables and lists them for the launcher", () => {
  expect(kernelJson("/usr/bin/node").env).toEqual(KERNEL_PROCESS_ENV);
  expect(KERNEL_PROCESS_ENV.TSLAB_ASYNCIO_PROCESS_ENV.split(",")).toEqual(
    Object.keys(KERNEL_PROCESS_ENV).filter((k) => k !== "TSLAB_ASYNCIO_PROCESS_ENV"),
  );
});

test("forgetting removes the listed variables that still hold the kernelspec's value, and the list", () => {
  const env: NodeJS.ProcessEnv = { ...KERNEL_PROCESS_ENV, HOME: "/home/student" };
  forgetKernelProcessEnv(env);
  expect(env).toEqual({ HOME: "/home/student" });
});

test("a value the user changed is left alone, and an environment without the list is untouched", () => {
  const changed: NodeJS.ProcessEnv = { ...KERNEL_PROCESS_ENV, MALLOC_ARENA_MAX: "8" };
  forgetKernelProcessEnv(changed);
  expect(changed).toEqual({ MALLOC_ARENA_MAX: "8" });
  const plain: NodeJS.ProcessEnv = { MALLOC_ARENA_MAX: "2" };
  forgetKernelProcessEnv(plain);
  expect(plain).toEqual({ MALLOC_ARENA_MAX: "2" });
});
