import * as fs from "node:fs";
import * as path from "node:path";

// DESIGN.md: asyncio is pure — it never imports the kernel, the lab renderer, the timeline or tslab.
describe("src/asyncio imports", () => {
  const root = path.resolve(__dirname, "../../../src/asyncio");
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const p = path.join(dir, d.name);
      return d.isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
    });

  it("imports only itself, Node built-ins and piscina", () => {
    const offenders: string[] = [];
    for (const file of files(root)) {
      const source = fs.readFileSync(file, "utf8");
      // Statements only (line starts), so JSDoc examples importing "tslab-asyncio" do not count.
      for (const m of source.matchAll(
        /^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["'];|^import\s*["']([^"']+)["'];|\brequire\(["']([^"']+)["']\)/gm,
      )) {
        if (
          m[0].startsWith("require") &&
          /^\s*\*/.test(source.slice(source.lastIndexOf("\n", m.index) + 1, m.index))
        )
          continue;
        const spec = m[1] ?? m[2] ?? m[3];
        const ok =
          spec.startsWith("node:") ||
          spec === "piscina" ||
          (spec.startsWith(".") && path.resolve(path.dirname(file), spec).startsWith(root));
        if (!ok) offenders.push(`${path.relative(root, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
