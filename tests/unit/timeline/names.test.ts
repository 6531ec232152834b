import {
  TimelineBuilder,
  decodeTimeline,
  middleEllipsis,
  safeText,
  toHtml,
  toText,
  toTrace,
} from "../../../src/timeline";

const RLO = "\u202E";
const NASTY = `invoice${RLO}fdp.exe\nline two\u0007`;

function nastyTimeline() {
  const b = new TimelineBuilder({ title: `title${RLO}eltit` });
  b.addTask({ id: 1, name: NASTY, start: 0, end: 10, error: `bad${RLO}dab` });
  b.addTask({ id: 2, name: "plain", start: 1, end: 5 });
  b.addCell({ label: `cell${RLO}llec`, start: 0, end: 10 });
  return b.build();
}

// eslint-disable-next-line no-control-regex -- the test looks for exactly those characters
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe("names with control and bidi characters", () => {
  it("become visible escapes", () => {
    expect(safeText(NASTY)).toBe("invoice\\u202Efdp.exe\\u000Aline two\\u0007");
    expect(safeText("naïve 名前 🙂")).toBe("naïve 名前 🙂");
  });

  it("are neutralised in the decoded timeline the canvas and tooltips draw from", () => {
    const t = decodeTimeline(nastyTimeline());
    const shown = [t.title, t.name(0), t.error(0) ?? "", t.cells.label[0]];
    expect(shown.some((s) => unsafe.test(s))).toBe(false);
    expect(t.name(0)).toContain("\\u202E");
  });

  it("are neutralised in the text summary, the HTML fallback and the Perfetto export", () => {
    const p = nastyTimeline();
    const text = toText(p);
    // The summary's own line breaks stay; names inside it cannot add any.
    expect(text.split("\n").some((line) => unsafe.test(line))).toBe(false);
    expect(text).toContain("title\\u202Eeltit");
    expect(unsafe.test(toHtml(p))).toBe(false);
    const trace = JSON.stringify(toTrace(p));
    expect(trace).not.toContain("\\u202e");
    expect(JSON.parse(trace).traceEvents.some((e: { name: string }) => e.name.includes("\\u202E"))).toBe(
      true,
    );
  });
});

describe("middleEllipsis", () => {
  it("keeps both ends of a long name", () => {
    expect(middleEllipsis("fetch https://example.com/users/1", 16)).toBe("fetch ht…users/1");
    expect(middleEllipsis("fetch https://example.com/users/2", 16)).not.toBe(
      middleEllipsis("fetch https://example.com/users/1", 16),
    );
    expect(middleEllipsis("short", 16)).toBe("short");
    expect([...middleEllipsis("🙂".repeat(30), 9)]).toHaveLength(9);
  });
});

describe("the HTML fallback's axis", () => {
  it("starts at the first task and keeps the last tick label inside the picture", () => {
    const b = new TimelineBuilder({ origin: 0 });
    b.addTask({ id: 1, name: "late", start: 5_000, end: 6_000 });
    const html = toHtml(b.build());
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(html)![1]);
    const labels = [...html.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="(\w+)">([^<]*)</g)].map((m) => ({
      x: Number(m[1]),
      anchor: m[2],
      text: m[3],
    }));
    expect(labels[0].text).toBe("5000 ms");
    const last = labels[labels.length - 1];
    expect(last.text).toBe("6000 ms");
    // About 6 px per character at font-size 10: the label's right edge stays inside the svg.
    const right =
      last.anchor === "end" ? last.x : last.x + (last.anchor === "middle" ? 3 : 6) * last.text.length;
    expect(right).toBeLessThanOrEqual(width);
  });

  it("explains its colours in a legend", () => {
    const html = toHtml(nastyTimeline());
    for (const word of ["running", "waiting", "failed", "cancelled"])
      expect(html).toContain(`>${word}</span>`);
  });
});
