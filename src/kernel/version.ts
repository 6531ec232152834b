/** This package's version, read once from its package.json. */
export const VERSION: string = (require("../../package.json") as { version: string }).version;
