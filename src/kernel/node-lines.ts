/**
 * The Node.js release lines the kernel and notebook tests run on (CI runs each one). Other lines are
 * allowed; the kernel says once in its log that they are untested.
 */

/** Major versions of the tested Node.js lines, oldest first. */
export const TESTED_NODE_LINES: readonly number[] = [20, 22, 24, 26];

/** The tested lines as prose, e.g. "20, 22, 24 and 26". */
export function testedLinesText(): string {
  const lines = TESTED_NODE_LINES.map(String);
  return `${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
}

/**
 * The kernel-log note for a Node.js version outside the tested lines, or `undefined` for a tested one.
 *
 * @param version A Node.js version as `process.version` spells it (`v24.1.0`) or without the `v`.
 * @example
 * ```ts
 * import { untestedNodeNote } from "tslab-asyncio/kernel";
 * untestedNodeNote("v24.1.0"); // undefined
 * untestedNodeNote("v25.0.0"); // "tslab-asyncio: Node.js v25.0.0 is not a tested line (tested: …"
 * ```
 */
export function untestedNodeNote(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (TESTED_NODE_LINES.includes(major)) return undefined;
  const v = version.startsWith("v") ? version : `v${version}`;
  return (
    `tslab-asyncio: Node.js ${v} is not a tested line (tested: ${testedLinesText()}). ` +
    "The kernel keeps running; if something misbehaves, try a tested line (`tslab-asyncio install --node PATH`).\n"
  );
}
