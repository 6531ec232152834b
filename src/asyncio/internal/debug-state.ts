import * as path from "node:path";

/** This library's folder (src/asyncio or lib/asyncio): frames inside it are not creation sites. */
const LIBRARY_DIR = path.dirname(__dirname) + path.sep;

// Debug mode flag, read on the hot path (creation sites are captured only in debug mode).
export const debugState = { on: false, slowStepMs: 100 };

export let nextId = 0;
/** Task, job and timer ids share one counter, so recorder ids never collide. */
export function newId(): number {
  return ++nextId;
}

/** A stack line naming who created a task: the first frame outside this library. */
export function creationSite(): string | undefined {
  const stack = new Error().stack;
  if (stack === undefined) return undefined;
  for (const line of stack.split("\n").slice(1)) {
    if (!line.includes(LIBRARY_DIR) && !line.includes("node:")) return line.trim();
  }
  return undefined;
}
