/** The timeline v1 contract. Zero dependencies: runs in Node and in the browser. */

/** MIME type of a timeline payload. */
export const TIMELINE_MIME = "application/vnd.tslab-asyncio.timeline.v1+json";
