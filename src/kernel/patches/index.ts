/**
 * The patches the kernel module applies to tslab, in order. Each one fixes a measured defect
 * (docs/tslab-notes.md; docs/architecture.md says where each hooks in) and is tested against the real
 * kernel in tests/kernel/.
 */
import type { TslabHost } from "../host";
import { plainCells } from "./plain-cells";
import { plainValues } from "./plain-values";
import { protocol } from "./protocol";
import { serverCapture } from "./server-capture";
import { stdioRouting } from "./stdio";

/** One named change to tslab's behaviour. */
export interface KernelPatch {
  readonly name: string;
  /** `options.preloaded` is false when installed into an already-running tslab (`apply()`). */
  install(host: TslabHost, options?: { preloaded: boolean }): void;
}

export const PATCHES: readonly KernelPatch[] = [
  serverCapture,
  stdioRouting,
  protocol,
  plainCells,
  plainValues,
];
