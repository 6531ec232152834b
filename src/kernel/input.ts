/**
 * `input()` for notebooks: asks the front-end for a line of text over the stdin channel, like Python's
 * `input()` in ipykernel.
 */
import { currentCell } from "./cell-context";
import { coreApi } from "./protocol/kernel";

/** Options of {@link input}. */
export interface InputOptions {
  /** Hide what the user types (the front-end shows a password field). Default `false`. */
  password?: boolean;
}

/**
 * Reads one line from the user through the front-end.
 *
 * @param prompt Text shown before the input field.
 * @returns The line the user entered, without a trailing newline.
 * @throws `StdinNotImplementedError` when the front-end does not accept input (`allow_stdin` false, as in
 *   nbclient, nbconvert and papermill), or when not running in the tslab-asyncio kernel.
 * @example
 * ```ts
 * import { input } from "tslab-asyncio";
 * const name = await input("name? ");
 * console.log(`hello ${name}`);
 * ```
 */
export function input(prompt = "", options: InputOptions = {}): Promise<string> {
  const core = coreApi();
  const cell = currentCell();
  if (!core || !cell) {
    const e = new Error("input() works only in the tslab-asyncio kernel, inside a running cell.");
    e.name = "StdinNotImplementedError";
    return Promise.reject(e);
  }
  return core.requestInput(cell, prompt, options.password === true);
}
