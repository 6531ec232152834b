import * as os from "node:os";

/** Logical CPUs available to this process. */
export function cpuCount(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}
