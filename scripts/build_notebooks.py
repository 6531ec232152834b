"""Builds notebooks/*.ipynb from their readable sources in notebooks/src/*.md, optionally executing them.

Source format: Markdown; every ```ts fenced block is a code cell; the Markdown between code cells is one
Markdown cell, split further at lines holding only `+++`.

  build_notebooks.py                 rebuild every notebook's cells from its source (outputs dropped)
  build_notebooks.py --execute       rebuild and execute on the tslab-asyncio kernel, keeping the outputs
  build_notebooks.py --check         exit 1 if a committed notebook's cells differ from its source
  build_notebooks.py NAME ...        only these sources (e.g. 01-asyncio-in-typescript)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Sequence

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
SOURCES = os.path.join(NOTEBOOKS, "src")
FENCE = re.compile(r"^```ts\s*\n(.*?)^```\s*$", re.M | re.S)


def parse(text: str) -> list[tuple[str, str]]:
    """[(cell_type, source)] from a Markdown source."""
    cells: list[tuple[str, str]] = []
    pos = 0
    for m in FENCE.finditer(text):
        cells += [("markdown", part) for part in split_markdown(text[pos : m.start()])]
        cells.append(("code", m.group(1).rstrip("\n")))
        pos = m.end()
    cells += [("markdown", part) for part in split_markdown(text[pos:])]
    return cells


def split_markdown(chunk: str) -> list[str]:
    parts = re.split(r"^\+\+\+\s*$", chunk, flags=re.M)
    return [p.strip("\n") for p in parts if p.strip()]


def build(stem: str) -> NotebookNode:
    with open(os.path.join(SOURCES, stem + ".md"), encoding="utf-8") as f:
        cells = parse(f.read())
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {
            "name": "tslab-asyncio",
            "display_name": "TypeScript (tslab-asyncio)",
            "language": "typescript",
        },
        "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"},
    }
    for i, (kind, source) in enumerate(cells):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(source)
        cell.id = f"{stem[:2]}-{i:03d}"
        nb.cells.append(cell)
    return nb


def shape(nb: NotebookNode) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*")
    ap.add_argument("--execute", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args(argv)
    stems = args.names or sorted(f[:-3] for f in os.listdir(SOURCES) if f.endswith(".md"))
    stale: list[str] = []
    for stem in stems:
        target = os.path.join(NOTEBOOKS, stem + ".ipynb")
        nb = build(stem)
        if args.check:
            if not os.path.exists(target) or shape(nbformat.read(target, as_version=4)) != shape(nb):
                stale.append(stem)
            continue
        if args.execute:
            print(f"executing {stem} …", flush=True)
            NotebookClient(
                nb,
                timeout=args.timeout,
                kernel_name="tslab-asyncio",
                resources={"metadata": {"path": NOTEBOOKS}},
            ).execute()
        nbformat.write(nb, target)
        print(f"wrote {os.path.relpath(target, ROOT)}")
    if stale:
        print(
            "Notebooks out of date with notebooks/src (run npm run notebooks:build): " + ", ".join(stale),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
