"""Executes notebooks headlessly with nbclient on their own kernels and writes the results.

Usage: run_notebooks.py [--timeout S] [--out DIR] [--allow-errors] NOTEBOOK...

For each notebook: prints progress per cell (cell n/N, notebook, elapsed), writes the executed .ipynb and
an nbconvert .html under DIR, and stops at the first failing cell, naming the notebook, the cell and the
error. Exit status: 0 when every notebook ran, 1 on a failure, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Sequence

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbformat import NotebookNode


def first_line(text: str | None, limit: int = 300) -> str:
    lines = (text or "").strip().splitlines()
    return (lines[0] if lines else "")[:limit]


def run_one(
    path: str, out_dir: str, timeout: float, allow_errors: bool, index: int, total: int
) -> tuple[bool, float]:
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "tslab-asyncio")
    name = os.path.basename(path)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    started = time.monotonic()
    position = {"n": 0}

    def on_cell_start(cell: NotebookNode, cell_index: int, **_: object) -> None:
        if cell.cell_type != "code":
            return
        position["n"] += 1
        print(
            f"  [{index}/{total}] {name}: cell {position['n']}/{len(code_cells)} "
            f"(#{cell_index}) at {time.monotonic() - started:5.1f} s",
            flush=True,
        )

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=allow_errors,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_start=on_cell_start,
    )
    error: Exception | None = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = e
    except (CellTimeoutError, DeadKernelError) as e:
        error = e
    finally:
        os.makedirs(out_dir, exist_ok=True)
        stem = os.path.splitext(name)[0]
        nbformat.write(nb, os.path.join(out_dir, name))
        html, _ = HTMLExporter().from_notebook_node(nb)
        with open(os.path.join(out_dir, stem + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
    elapsed = time.monotonic() - started
    if error is not None:
        failing = position["n"]
        print(
            f"\nFAILED {name}, code cell {failing}/{len(code_cells)} after {elapsed:.1f} s:", file=sys.stderr
        )
        cell = code_cells[failing - 1] if 0 < failing <= len(code_cells) else None
        if cell is not None:
            print("---- cell source ----\n" + cell.source + "\n---- error ----", file=sys.stderr)
        print(str(error)[-4000:], file=sys.stderr)
        return False, elapsed
    print(f"  ok  {name}: {len(code_cells)} code cells in {elapsed:.1f} s", flush=True)
    return True, elapsed


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="+")
    ap.add_argument("--timeout", type=float, default=120, help="per-cell timeout in seconds (default 120)")
    ap.add_argument(
        "--out", default="build/notebooks", help="where executed copies go (default build/notebooks)"
    )
    ap.add_argument("--allow-errors", action="store_true", help="keep going after a failing cell")
    args = ap.parse_args(argv)
    missing = [p for p in args.notebooks if not os.path.isfile(p)]
    if missing:
        print(f"run_notebooks: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    results: list[tuple[str, bool, float]] = []
    for i, path in enumerate(args.notebooks, 1):
        ok, elapsed = run_one(path, args.out, args.timeout, args.allow_errors, i, len(args.notebooks))
        results.append((path, ok, elapsed))
        if not ok:
            break
    total = time.monotonic() - t0
    print("\nSummary:")
    for path, ok, elapsed in results:
        print(f"  {'ok  ' if ok else 'FAIL'} {os.path.basename(path):45s} {elapsed:6.1f} s")
    skipped = len(args.notebooks) - len(results)
    if skipped:
        print(f"  (not run after the failure: {skipped})")
    print(
        f"  {sum(ok for _, ok, _ in results)}/{len(args.notebooks)} notebooks in {total:.1f} s; "
        f"executed copies in {args.out}/"
    )
    summary = {"notebooks": [{"path": p, "ok": ok, "seconds": e} for p, ok, e in results], "seconds": total}
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    return 0 if all(ok for _, ok, _ in results) and not skipped else 1


if __name__ == "__main__":
    sys.exit(main())
