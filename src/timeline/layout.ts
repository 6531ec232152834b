import type { Timeline } from "./decode";

/** Lane order of a timeline: each task gets a lane, children right below their parent (depth-first). */
export interface LaneLayout {
  /** Row drawn in lane k. */
  rowOfLane: Int32Array;
  /** Lane of row i. */
  laneOfRow: Int32Array;
  /** Nesting depth of row i (0 for roots). */
  depth: Uint16Array;
}

/**
 * Orders lanes depth-first so that every task sits under its parent, siblings by start time.
 * Linear in the number of tasks (rows are already sorted by start), and safe against parent cycles.
 */
export function layoutLanes(t: Timeline): LaneLayout {
  const n = t.count;
  const parentOf = t.parent;
  let parentsFirst = true;
  for (let i = 0; i < n && parentsFirst; i++) parentsFirst = parentOf[i] < i;
  return parentsFirst ? layoutParentsFirst(n, parentOf) : layoutByWalk(n, parentOf);
}

/**
 * The usual case, every parent on an earlier row than its children (it started first): the depth-first
 * order follows from subtree sizes, summed from the last row up, without a stack. A row's lane is its
 * parent's lane + 1 + the sizes of its earlier siblings.
 */
function layoutParentsFirst(n: number, parentOf: Int32Array): LaneLayout {
  const size = new Int32Array(n).fill(1);
  for (let i = n - 1; i >= 0; i--) {
    const p = parentOf[i];
    if (p >= 0) size[p] += size[i];
  }
  const rowOfLane = new Int32Array(n);
  const laneOfRow = new Int32Array(n);
  const depth = new Uint16Array(n);
  // The next free lane below each row, for its next child; `size` is reused for it once read.
  const next = size;
  let nextRoot = 0;
  for (let i = 0; i < n; i++) {
    const p = parentOf[i];
    const span = size[i];
    let lane: number;
    if (p < 0) {
      lane = nextRoot;
      nextRoot += span;
    } else {
      lane = next[p];
      next[p] += span;
      depth[i] = Math.min(65535, depth[p] + 1);
    }
    laneOfRow[i] = lane;
    rowOfLane[lane] = i;
    next[i] = lane + 1;
  }
  return { rowOfLane, laneOfRow, depth };
}

/** Any parent order, cycles included: an explicit depth-first walk over compressed children lists. */
function layoutByWalk(n: number, parentOf: Int32Array): LaneLayout {
  // Children lists in compressed form: kids of row p are childRows[first[p + 1] .. first[p + 2]).
  const first = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) first[parentOf[i] + 2]++;
  for (let i = 1; i < n + 2; i++) first[i] += first[i - 1];
  const childRows = new Int32Array(n);
  const fill = first.slice();
  for (let i = 0; i < n; i++) childRows[fill[parentOf[i] + 1]++] = i;
  // Index 0 of `first` holds the roots (parent -1); row p's children are at index p + 1.
  const rowOfLane = new Int32Array(n);
  const laneOfRow = new Int32Array(n).fill(-1);
  const depth = new Uint16Array(n);
  // A row is pushed at most once per parent edge plus once as a root: 2n entries suffice.
  const stack = new Int32Array(2 * n);
  let lane = 0;
  for (let pass = 0; pass < 2; pass++) {
    // First the real roots in start order; then rows caught in a parent cycle (no root) get lanes at the end.
    const from = pass === 0 ? first[0] : 0;
    const to = pass === 0 ? first[1] : n;
    for (let k = from; k < to; k++) {
      const root = pass === 0 ? childRows[k] : k;
      if (laneOfRow[root] !== -1) continue;
      let top = 0;
      stack[top++] = root;
      while (top > 0) {
        const r = stack[--top];
        if (laneOfRow[r] !== -1) continue;
        laneOfRow[r] = lane;
        rowOfLane[lane++] = r;
        for (let c = first[r + 2] - 1; c >= first[r + 1]; c--) {
          const child = childRows[c];
          if (laneOfRow[child] !== -1) continue;
          depth[child] = Math.min(65535, depth[r] + 1);
          stack[top++] = child;
        }
      }
    }
  }
  return { rowOfLane, laneOfRow, depth };
}
