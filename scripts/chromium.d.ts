/** Debian's Chromium, driven by playwright-core. */
export const CHROMIUM: string;
/** Flags for Chromium on this machine. */
export const HEADLESS_ARGS: readonly string[];
