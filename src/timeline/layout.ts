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
  // Children lists in compressed form: kids of row p are childRows[first[p] .. first[p + 1]).
  const first = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) first[t.parent[i] + 2]++;
  for (let i = 1; i < n + 2; i++) first[i] += first[i - 1];
  const childRows = new Int32Array(n);
  const fill = first.slice();
  for (let i = 0; i < n; i++) childRows[fill[t.parent[i] + 1]++] = i;
  // Index 0 of `first` holds the roots (parent -1); row p's children are at index p + 1.
  const rowOfLane = new Int32Array(n);
  const laneOfRow = new Int32Array(n).fill(-1);
  const depth = new Uint16Array(n);
  const stack: number[] = [];
  let lane = 0;
  const visit = (root: number) => {
    stack.push(root);
    while (stack.length > 0) {
      const r = stack.pop() as number;
      if (laneOfRow[r] !== -1) continue;
      laneOfRow[r] = lane;
      rowOfLane[lane++] = r;
      for (let k = first[r + 2] - 1; k >= first[r + 1]; k--) {
        const c = childRows[k];
        if (laneOfRow[c] !== -1) continue;
        depth[c] = Math.min(65535, depth[r] + 1);
        stack.push(c);
      }
    }
  };
  for (let k = first[0]; k < first[1]; k++) visit(childRows[k]);
  // Rows caught in a parent cycle have no root; give them lanes at the end.
  for (let r = 0; r < n; r++) if (laneOfRow[r] === -1) visit(r);
  return { rowOfLane, laneOfRow, depth };
}
