// Synthetic but realistic timelines for the benchmark and the browser test: a main task fans out N workers
// through a semaphore-like pool (`gather` over a list of URLs). Each worker runs a short first step, waits
// on I/O, then runs a short final step; 1% fail, 0.5% are cancelled. Deterministic (seeded).
"use strict";

/** Small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Feeds `n` tasks into a TimelineBuilder (from lib/timeline) and returns the payload.
 * @param {typeof import("../src/timeline")} timeline
 * @param {number} n
 */
function workload(
  timeline,
  n,
  { seed = 1, concurrency = 100, title = "gather(fetch(url) for url in urls)" } = {},
) {
  const random = rng(seed);
  const b = new timeline.TimelineBuilder({ title });
  const t0 = 1000.123;
  const hosts = [
    "api.example.com",
    "cdn.example.org",
    "db.internal",
    "auth.example.com",
    "search.example.net",
  ];
  // Pool slots free up when a worker ends; a worker starts right after the slot's previous one.
  const slots = new Float64Array(concurrency).fill(t0 + 0.2);
  let last = t0;
  for (let i = 0; i < n; i++) {
    const s = i % concurrency;
    const start = slots[s] + random() * 0.05;
    const run1 = 0.005 + random() * 0.03;
    const wait = 0.5 + random() * 8;
    const run2 = 0.004 + random() * 0.02;
    const r = random();
    const state = r < 0.01 ? "failed" : r < 0.015 ? "cancelled" : "done";
    const end = start + 0.01 + run1 + wait + run2;
    const id = i + 2;
    b.addTask({
      id,
      // Half keep the default name (Task-<id>), half are named after what they fetch.
      name: i % 2 ? `fetch ${hosts[i % hosts.length]}` : undefined,
      parent: 1,
      start,
      end,
      state,
      error: state === "failed" ? new Error(`HTTP 503 from ${hosts[i % hosts.length]}`) : undefined,
      segments: [
        [start + 0.01, start + 0.01 + run1],
        [end - run2, end],
      ],
    });
    slots[s] = end;
    if (end > last) last = end;
    if (i % 500 === 0) b.addLag(start, random() * 3);
  }
  b.addTask({
    id: 1,
    name: "main",
    start: t0,
    end: last + 0.05,
    segments: [
      [t0, t0 + 0.2],
      [last, last + 0.05],
    ],
  });
  b.addSlowStep(t0 + 0.05, 0.15, 1);
  b.addCell({ label: "[1]", start: t0 - 0.1, end: last + 0.1 });
  return b.build();
}

module.exports = { workload, rng };
