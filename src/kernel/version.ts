import * as fs from "node:fs";
import * as path from "node:path";

/** This package's version, read once from its package.json (outside rootDir, so not imported). */
export const VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }
).version;
