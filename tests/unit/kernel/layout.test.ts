/**
 * The kernel module stays readable and self-contained: one concern per file (none over 350 lines), and no
 * comment pointing at a document or issue that is not in the repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function files(dir: string, ext: RegExp): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

test("no file in src/kernel is over 350 lines", () => {
  const long = files("src/kernel", /\.ts$/)
    .map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8").split("\n").length] as const)
    .filter(([, n]) => n > 350);
  expect(long).toEqual([]);
});

test("src, tests, docs and the README cite only what the repository holds", () => {
  const cited = /tslab-defects\.md|DESIGN\.md|\.\.\/shared\/|\(issue \d+|\bissue \d+,/;
  const offenders = [
    ...files("src", /\.ts$/),
    ...files("tests", /\.(ts|py)$/),
    ...files("docs", /\.md$/),
    "README.md",
  ].filter((f) => cited.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});

test("the docs the comments point at exist", () => {
  for (const doc of ["docs/architecture.md", "docs/tslab-notes.md"])
    expect(fs.existsSync(path.join(ROOT, doc))).toBe(true);
});
