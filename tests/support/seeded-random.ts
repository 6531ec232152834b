/**
 * A small deterministic random number generator (mulberry32) for tests that generate their cases: the same
 * seed gives the same sequence, so a failure names a case that can be replayed.
 *
 * @example
 * ```ts
 * const next = seededRandom(1);
 * const pick = Math.floor(next() * 10); // the same on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
