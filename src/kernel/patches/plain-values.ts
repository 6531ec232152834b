/**
 * Clean values in a plain tslab kernel (`apply()`). tslab prints a cell's last value with the `console.log`
 * it captured, bound, when the kernel started, so neither replacing `console.log` nor our own MIME bundle
 * reaches it, and on Node 20 and 22 the cell storage would show up in that text (see `mime-bundle.ts`). The
 * one place every `console.log` passes, captured or not, is the console's own formatter, which Node looks up
 * on the console object at each call under the symbol described `kFormatForStdout` (Node 20 through 26 have
 * it). Wrapping it to hide the runtime symbols first is the only hook left; on a Node line without that
 * formatter the patch does nothing and values print as tslab prints them.
 */
import { hideRuntimeSymbols } from "../mime-bundle";
import type { KernelPatch } from "./index";

type Formatter = (this: Console, args: unknown[]) => string;

/** The console's stdout formatter symbol, if this Node has one. */
function formatterKey(c: Console): symbol | undefined {
  const own = Object.getOwnPropertySymbols(c);
  const inherited = Object.getOwnPropertySymbols(Object.getPrototypeOf(c) as object);
  return [...own, ...inherited].find((s) => s.description === "kFormatForStdout");
}

export const plainValues: KernelPatch = {
  name: "plain-values",
  install(_host, options) {
    if (!options || options.preloaded) return;
    const key = formatterKey(console);
    const target = console as unknown as Record<symbol, Formatter | undefined>;
    const format = key && target[key];
    if (!key || typeof format !== "function") return;
    target[key] = function (this: Console, args: unknown[]): string {
      for (const a of args) hideRuntimeSymbols(a);
      return format.call(this, args);
    };
  },
};
