/**
 * The tested Node.js lines are named in one place and said the same way everywhere: the untested-line note,
 * `engines` in package.json and the README.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TESTED_NODE_LINES, untestedNodeNote } from "../../../src/kernel";
import { testedLinesText } from "../../../src/kernel/node-lines";

const ROOT = path.resolve(__dirname, "..", "..", "..");

test("the tested lines are 20, 22, 24 and 26", () => {
  expect(TESTED_NODE_LINES).toEqual([20, 22, 24, 26]);
  expect(testedLinesText()).toBe("20, 22, 24 and 26");
});

test("untestedNodeNote is silent for every tested line, with or without the v", () => {
  for (const major of TESTED_NODE_LINES) {
    expect(untestedNodeNote(`v${major}.1.0`)).toBeUndefined();
    expect(untestedNodeNote(`${major}.0.0`)).toBeUndefined();
  }
});

test("untestedNodeNote names the version and the tested lines for an odd or newer line", () => {
  for (const version of ["v21.7.3", "v25.0.0", "v28.0.0", "v18.20.0"]) {
    const note = untestedNodeNote(version);
    expect(note).toContain(`Node.js ${version} is not a tested line (tested: 20, 22, 24 and 26)`);
    expect(note).toContain("keeps running");
    expect(note?.endsWith("\n")).toBe(true);
  }
  expect(untestedNodeNote("25.0.0")).toContain("Node.js v25.0.0 is not");
});

test("the JSDoc example of untestedNodeNote behaves as it says", () => {
  expect(untestedNodeNote("v24.1.0")).toBeUndefined();
  expect(
    untestedNodeNote("v25.0.0")?.startsWith("tslab-asyncio: Node.js v25.0.0 is not a tested line (tested: "),
  ).toBe(true);
});

test("package.json engines and the README name exactly the tested lines", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    engines: { node: string };
  };
  expect(pkg.engines.node).toBe(TESTED_NODE_LINES.map((l) => `^${l}`).join(" || "));
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  expect(readme).toContain(`Node.js ${testedLinesText()}`);
});
