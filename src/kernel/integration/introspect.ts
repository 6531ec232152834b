/**
 * `tasks()` and `pstree()`: what is running now, as a rich bundle (HTML table or tree + text).
 */
import { inspect } from "node:util";
import { allTasks, type TaskKind } from "../../asyncio";
import { escapeHtml } from "../../timeline/index";
import { JUPYTER_DISPLAY } from "../mime-bundle";
import { integration } from "./integration";

/** One running task, executor job or loop timer. */
export interface TaskInfo {
  readonly id: number;
  readonly name: string;
  readonly kind: TaskKind;
  /** `running` while its code runs, `suspended` while it waits on the library, `pending` before it started. */
  readonly state: "pending" | "running" | "suspended";
  /** Milliseconds since it was created (`undefined` when it was created before the kernel integration). */
  readonly ageMs: number | undefined;
  /** Execution count of the cell that started it; `null` outside any cell or unknown. */
  readonly cell: number | null;
  /** The task that created it, 0 at top level. */
  readonly parentId: number;
  /** Where it was created (debug mode only). */
  readonly site: string | undefined;
  /** What it is suspended on, where the library knows it (e.g. `sleep(1000 ms)`, `Queue.get()`). */
  readonly awaiting: string | undefined;
}

function snapshot(): TaskInfo[] {
  const now = performance.now();
  const entries = integration()?.registry.entries;
  const rows: TaskInfo[] = [];
  const seen = new Set<number>();
  for (const task of allTasks()) {
    const e = entries?.get(task.id);
    seen.add(task.id);
    rows.push({
      id: task.id,
      name: task.getName(),
      kind: "task",
      state: e?.state ?? "pending",
      ageMs: e ? now - e.createdAt : undefined,
      cell: e?.work.cell?.executionCount ?? null,
      parentId: task.parentId,
      site: task.site ?? e?.site,
      awaiting: task.awaiting,
    });
  }
  for (const e of entries?.values() ?? []) {
    if (seen.has(e.id) || e.kind === "task" || e.abandoned) continue;
    rows.push({
      id: e.id,
      name: e.name ?? `${e.kind}-${e.id}`,
      kind: e.kind,
      state: e.state,
      ageMs: now - e.createdAt,
      cell: e.work.cell?.executionCount ?? null,
      parentId: e.parentId,
      site: e.site,
      awaiting: undefined,
    });
  }
  return rows.sort((a, b) => a.id - b.id);
}

function age(ms: number | undefined): string {
  if (ms === undefined) return "?";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function cellLabel(cell: number | null): string {
  return cell === null ? "-" : `[${cell}]`;
}

/**
 * A snapshot of running tasks that displays itself as a table (`tasks()`) or a tree (`pstree()`): as a
 * cell's last expression through `Symbol.for("Jupyter.display")`, in a terminal through `String()`, and as
 * data through `rows`.
 *
 * @example Names of the suspended tasks
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * asyncio.createTask(() => asyncio.sleep(1000), { name: "sleeper" });
 * await asyncio.sleep(0);
 * console.log(asyncio.tasks().rows.map((r) => r.name)); // ["sleeper"]
 * asyncio.cancelAll();
 * ```
 */
export class TaskSnapshot {
  /** The tasks, by id. */
  readonly rows: readonly TaskInfo[];
  readonly #shape: "table" | "tree";

  /** @internal Use {@link tasks} or {@link pstree}. */
  constructor(rows: readonly TaskInfo[], shape: "table" | "tree") {
    this.rows = rows;
    this.#shape = shape;
  }

  /** The snapshot as text (what a terminal or `console.log` shows). */
  toString(): string {
    return this.#shape === "table" ? this.#tableText() : this.#treeLines().join("\n");
  }

  /** MIME bundle for Jupyter: HTML plus text. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const html =
      this.#shape === "table"
        ? this.#tableHtml()
        : `<pre class="tslab-asyncio-pstree">${escapeHtml(this.#treeLines().join("\n"))}</pre>`;
    return { "text/html": html, "text/plain": this.toString() };
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #columns(r: TaskInfo): string[] {
    return [
      String(r.id),
      r.name,
      r.kind,
      r.state,
      age(r.ageMs),
      cellLabel(r.cell),
      r.parentId ? String(r.parentId) : "-",
      r.awaiting ?? "",
      r.site ?? "",
    ];
  }

  #tableText(): string {
    if (this.rows.length === 0) return "No running tasks.";
    const head = ["id", "name", "kind", "state", "age", "cell", "parent", "awaits", "created at"];
    const body = this.rows.map((r) => this.#columns(r));
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    const line = (cells: string[]): string =>
      cells
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd();
    return [line(head), ...body.map(line)].join("\n");
  }

  #tableHtml(): string {
    if (this.rows.length === 0) return "<p>No running tasks.</p>";
    const head = ["id", "name", "kind", "state", "age", "cell", "parent", "awaits", "created at"];
    const th = head.map((h) => `<th style="text-align:left">${h}</th>`).join("");
    const rows = this.rows
      .map(
        (r) =>
          `<tr>${this.#columns(r)
            .map((c) => `<td>${escapeHtml(c)}</td>`)
            .join("")}</tr>`,
      )
      .join("");
    return `<table class="tslab-asyncio-tasks"><thead><tr>${th}</tr></thead><tbody>${rows}</tbody></table>`;
  }

  #treeLines(): string[] {
    if (this.rows.length === 0) return ["No running tasks."];
    const ids = new Set(this.rows.map((r) => r.id));
    const children = new Map<number, TaskInfo[]>();
    const roots = new Map<string, TaskInfo[]>();
    for (const r of this.rows) {
      if (r.parentId !== 0 && ids.has(r.parentId)) {
        const list = children.get(r.parentId) ?? [];
        list.push(r);
        children.set(r.parentId, list);
      } else {
        const group = r.cell === null ? "outside cells" : `cell [${r.cell}]`;
        roots.set(group, [...(roots.get(group) ?? []), r]);
      }
    }
    const lines: string[] = [];
    const walk = (r: TaskInfo, prefix: string, last: boolean): void => {
      const waits = r.awaiting ? ` on ${r.awaiting}` : "";
      const label = `${r.name} (${r.kind} ${r.id}) ${r.state}${waits}, ${age(r.ageMs)}${r.site ? `, ${r.site}` : ""}`;
      lines.push(`${prefix}${last ? "└── " : "├── "}${label}`);
      const kids = children.get(r.id) ?? [];
      kids.forEach((k, i) => walk(k, prefix + (last ? "    " : "│   "), i === kids.length - 1));
    };
    for (const [group, list] of roots) {
      lines.push(group);
      list.forEach((r, i) => walk(r, "", i === list.length - 1));
    }
    return lines;
  }
}

/**
 * The running tasks as a table: name, state, age, the cell that started each, its parent and (in debug
 * mode) where it was created. As a cell's last expression it shows as an HTML table; `String()` gives text.
 *
 * @returns A snapshot taken now.
 *
 * @example
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * asyncio.createTask(() => asyncio.sleep(1000), { name: "sleeper" });
 * await asyncio.sleep(0);
 * console.log(String(asyncio.tasks())); // a table with one row: sleeper, suspended
 * ```
 */
export function tasks(): TaskSnapshot {
  return new TaskSnapshot(snapshot(), "table");
}

/**
 * The running tasks as a tree by parent, grouped by the cell that started them (like Python 3.14's
 * `python -m asyncio pstree`).
 *
 * @returns A snapshot taken now.
 *
 * @example
 * ```ts
 * import * as asyncio from "tslab-asyncio";
 *
 * const main = asyncio.createTask(async () => {
 *   asyncio.createTask(() => asyncio.sleep(1000), { name: "child" });
 *   await asyncio.sleep(1000);
 * }, { name: "main" });
 * await asyncio.sleep(0);
 * console.log(String(asyncio.pstree())); // main, and child under it
 * main.cancel();
 * ```
 */
export function pstree(): TaskSnapshot {
  return new TaskSnapshot(snapshot(), "tree");
}
