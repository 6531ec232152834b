/**
 * The patches the kernel module applies to tslab, in order. Each one fixes a measured defect
 * (../shared/tslab-defects.md) and is tested against the real kernel in tests/kernel/.
 */
import type { TslabHost } from "../host";
import { serverCapture } from "./server-capture";

/** One named change to tslab's behaviour. */
export interface KernelPatch {
  readonly name: string;
  install(host: TslabHost): void;
}

export const PATCHES: readonly KernelPatch[] = [serverCapture];
