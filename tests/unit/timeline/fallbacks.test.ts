import {
  HTML_MAX_BARS,
  TIMELINE_MIME,
  TimelineBuilder,
  timelineBundle,
  toHtml,
  toText,
  validateTimeline,
} from "../../../src/timeline";
import { smallTimeline } from "./helpers";

const HOSTILE = [
  `<img src=x onerror="globalThis.pwned=1">`,
  `</script><script>globalThis.pwned=1</script>`,
  `"><svg onload=alert(1)>`,
  `a & b ' c`,
];

function hostileTimeline() {
  const b = new TimelineBuilder({ title: `<b onmouseover=alert(1)>title</b>` });
  HOSTILE.forEach((name, i) => b.addTask({ id: i + 1, name, start: i, end: i + 20, error: name }));
  b.addCell({ label: "</svg><script>x()</script>", start: 0, end: 30 });
  return b.build();
}

const TAGS = new Set(["div", "span", "svg", "line", "text", "rect", "title"]);
const ATTRIBUTES =
  /^(class|style|xmlns|width|height|viewBox|role|aria-label|x|y|x1|x2|y1|y2|stroke|stroke-dasharray|font-size|fill|fill-opacity|text-anchor)$/;

/** Every tag and attribute outside a small allow-list: text is escaped, so only our own markup remains. */
function tagProblems(html: string): string[] {
  const problems: string[] = [];
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    const name = /^<\/?([a-zA-Z]+)/.exec(tag)?.[1] ?? tag;
    if (!TAGS.has(name)) problems.push(`tag ${tag}`);
    for (const [, attr] of tag.matchAll(/\s([^\s=]+)="[^"]*"/g))
      if (!ATTRIBUTES.test(attr)) problems.push(`${attr} in ${tag}`);
    const rest = tag.replace(/^<\/?[a-zA-Z]+/, "").replace(/\s[^\s=]+="[^"]*"/g, "");
    if (!/^\s*\/?>$/.test(rest)) problems.push(`stray text in ${tag}`);
  }
  return problems;
}

describe("toHtml", () => {
  it("escapes every name, label, error and the title", () => {
    const html = toHtml(hostileTimeline());
    expect(tagProblems(html)).toEqual([]);
    expect(html).toContain("&#60;img src=x onerror=&#34;globalThis.pwned=1&#34;&#62;");
    expect(html).toContain("a &#38; b &#39; c");
  });

  it("has no script, handler or javascript: URL", () => {
    const html = toHtml(smallTimeline());
    expect(tagProblems(html)).toEqual([]);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toMatch(/^<div class="tslab-asyncio-timeline"/);
  });

  it("caps the bars and says how many tasks were omitted", () => {
    const b = new TimelineBuilder();
    for (let i = 0; i < HTML_MAX_BARS + 500; i++) b.addTask({ id: i + 1, start: i, end: i + 3 });
    const html = toHtml(b.build());
    expect(html).toContain("Showing the first 2,000 of 2,500 tasks; 500 omitted.");
    expect((html.match(/<rect /g) ?? []).length).toBeLessThanOrEqual(HTML_MAX_BARS + 10);
  });

  it("draws a bar with a tooltip per task when rows are tall enough", () => {
    const html = toHtml(smallTimeline());
    expect((html.match(/<title>/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain("fetch b (failed) start 2.25 ms, duration 23.8 ms: TypeError: bad url");
    expect(html).not.toContain("omitted");
  });
});

describe("toText", () => {
  it("summarises tasks, wall time, summed time, concurrency, failures and the slowest tasks", () => {
    const text = toText(smallTimeline());
    expect(text.split("\n")).toEqual([
      "demo: 4 tasks, wall 30.0 ms, concurrency ×2.7, 1 failed, 1 cancelled",
      "  wall time 30.0 ms, summed task time 80.8 ms (running 3.50 ms), concurrency factor 2.69",
      "  event loop: max lag 2.50 ms, 1 slow steps",
      "  slowest:",
      "         30.0 ms  main (done)",
      "         23.8 ms  fetch b (failed)",
      "         19.0 ms  fetch a (done)",
      "         8.00 ms  Task-4 (cancelled)",
      "  failures:",
      "    fetch b: TypeError: bad url",
    ]);
  });

  it("describes an empty timeline", () => {
    expect(toText(new TimelineBuilder({ title: "nothing" }).build())).toBe(
      "nothing: 0 tasks, wall 0 ms, concurrency ×0.0\n  wall time 0 ms, summed task time 0 ms (running 0 ms), concurrency factor 0.00",
    );
  });
});

describe("timelineBundle", () => {
  it("carries the payload, HTML and text, and never JavaScript", () => {
    const p = smallTimeline();
    const bundle = timelineBundle(p);
    expect(Object.keys(bundle).sort()).toEqual([TIMELINE_MIME, "text/html", "text/plain"].sort());
    expect(bundle[TIMELINE_MIME]).toBe(p);
    expect(validateTimeline(JSON.parse(JSON.stringify(bundle[TIMELINE_MIME]))).valid).toBe(true);
    expect(Object.keys(bundle)).not.toContain("application/javascript");
  });
});
