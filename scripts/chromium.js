// Debian's Chromium and the flags it needs on this machine (no GPU, no network side traffic, no first-run
// UI), shared by the browser tests and the timeline benchmark. Never a downloaded browser.
"use strict";

const CHROMIUM = "/usr/bin/chromium";
const HEADLESS_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

module.exports = { CHROMIUM, HEADLESS_ARGS };
